import type { TaskFactory } from '../kit';

export const feeTasks: Record<string, TaskFactory> = {};
