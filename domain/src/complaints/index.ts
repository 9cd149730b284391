import type { TaskSpec } from '../step';
import { fileComplaint } from './file-complaint';
import { acceptComplaint } from './accept-complaint';
import { decideComplaint } from './decide-complaint';

export const complaintTasks: Record<string, TaskSpec> = {
  'complaints.file': fileComplaint,
  'complaints.accept': acceptComplaint,
  'complaints.decide': decideComplaint,
};
