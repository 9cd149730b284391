import type { TaskFactory } from '../kit';

export const exchangeTasks: Record<string, TaskFactory> = {};
