import type { TaskFactory } from '../kit';

export const expertTasks: Record<string, TaskFactory> = {};
