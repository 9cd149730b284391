import type { TaskFactory } from '../kit';

export const archiveTasks: Record<string, TaskFactory> = {};
