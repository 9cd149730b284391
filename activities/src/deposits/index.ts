import type { TaskFactory } from '../kit';

export const depositTasks: Record<string, TaskFactory> = {};
