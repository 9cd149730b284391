import type { TaskFactory } from '../kit';
import { fileComplaint } from './file-complaint';
import { acceptComplaint } from './accept-complaint';
import { decideComplaint } from './decide-complaint';

export const complaintTasks: Record<string, TaskFactory> = {
  'complaints.file': fileComplaint,
  'complaints.accept': acceptComplaint,
  'complaints.decide': decideComplaint,
};
