// The api's answers as the portal reads them. The process state is the workflow's own contract (@ggzy/workflows);
// the rest are the api's read models.
import type { DefinitionRef } from '@ggzy/process';
import type { Lifecycle, ProcessSnapshot } from '@ggzy/workflows';

export type { DefinitionRef } from '@ggzy/process';
export type { Lifecycle, ProcessSnapshot, TaskView } from '@ggzy/workflows';

export interface DefinitionVersion {
  definition: DefinitionRef; name: string | null; xml: string; forms: Record<string, Record<string, unknown>>;
  model: { nodes: Record<string, { kind: string; name: string | null; nameEn?: string; returnTargets?: string[]; multiInstance?: { sequential: boolean } | null }> };
}

/** A deal as the api answers it: the process's state, and the project's title once registered. */
export type DealView = ProcessSnapshot & { title?: string | null; variableDisclosure?: { level: 'withheld' | 'masked'; masked: string[] } };

export interface TimelineEvent { seq: number; kind: string; actor: string; actorName?: string | null; payload: Record<string, unknown>; occurredAt: string; hash: string }

export interface FeedEvent {
  seq: number; kind: string; actor: string; payload: Record<string, unknown>; regionCode: string; dealCode: string | null;
  workflowId: string | null; occurredAt: string;
}

export interface InboxTask {
  taskId: string; workflowId: string; dealCode?: string | null; title?: string | null; nodeId: string; name: string | null; nameEn?: string | null; candidateRole: string; assignee: string | null;
  regionCode: string; formKey: string | null; openedAt: string; dueAt: string | null;
}

export interface DealRow {
  workflowId: string; processKey: string; version: number; regionCode: string; dealCode: string | null; title: string | null; processName: string | null; lifecycle: Lifecycle;
  startedBy: string; startedAt: string; updatedAt: string;
}
