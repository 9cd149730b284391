import type { TaskFactory } from '../kit';

export const venueTasks: Record<string, TaskFactory> = {};
