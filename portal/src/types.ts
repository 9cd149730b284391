// The api's answers as the portal reads them.
export type Lifecycle = 'active' | 'suspended' | 'rectifying' | 'terminated' | 'completed' | 'failed';

export interface DefinitionRef { key: string; regionCode: string; version: number; hash: string }

export interface TaskView {
  taskId: string; nodeId: string; name: string | null; candidateRole: string; assignee: string | null; regionCode: string;
  formKey: string | null; requiredFields: string[]; status: string; openedAt: string; dueAt: string | null;
}

export interface ProcessSnapshot {
  workflowId: string; definition: DefinitionRef; regionCode: string; dealCode: string | null; lifecycle: Lifecycle;
  tokens: Array<{ id: string; nodeId: string; waiting: boolean }>; openTasks: TaskView[]; visited: string[];
  variables: Record<string, unknown>; incidents: string[];
}

export interface DefinitionVersion {
  definition: DefinitionRef; name: string | null; xml: string; forms: Record<string, Record<string, unknown>>;
  model: { nodes: Record<string, { kind: string; name: string | null; returnTargets?: string[] }> };
}

export interface TimelineEvent { seq: number; kind: string; actor: string; payload: Record<string, unknown>; occurredAt: string; hash: string }

export interface FeedEvent {
  seq: number; kind: string; actor: string; payload: Record<string, unknown>; regionCode: string; dealCode: string | null;
  workflowId: string | null; occurredAt: string;
}

export interface InboxTask {
  taskId: string; workflowId: string; nodeId: string; name: string | null; candidateRole: string; assignee: string | null;
  regionCode: string; formKey: string | null; openedAt: string; dueAt: string | null;
}

export interface DealRow {
  workflowId: string; processKey: string; version: number; regionCode: string; dealCode: string | null; lifecycle: Lifecycle;
  startedBy: string; startedAt: string; updatedAt: string;
}
