import type { TaskFactory } from '../kit';

export const awardTasks: Record<string, TaskFactory> = {};
