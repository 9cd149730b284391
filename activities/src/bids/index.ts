import type { TaskFactory } from '../kit';

export const bidTasks: Record<string, TaskFactory> = {};
