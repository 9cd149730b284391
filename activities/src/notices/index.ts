import type { TaskFactory } from '../kit';

export const noticeTasks: Record<string, TaskFactory> = {};
