import type { TaskFactory } from '../kit';

export const alertTasks: Record<string, TaskFactory> = {};
