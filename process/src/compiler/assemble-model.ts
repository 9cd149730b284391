// The ProcessModel of a process without errors: its nodes and flows, the forms, task types and called processes it
// needs (sorted, for deploy-time checks), and the SHA-256 of its canonical JSON, so layout changes keep the hash.
import { canonicalJson, sha256Hex } from '../hash';
import { PROCESS_MODEL_SCHEMA_VERSION, type ModelNode, type ProcessModel, type SequenceFlow } from '../model';
import { trimmedText, type BpmnElement } from './bpmn-element';

function distinctSorted(nodes: Record<string, ModelNode>, pick: (n: ModelNode) => string[]): string[] {
  return [...new Set(Object.values(nodes).flatMap(pick))].sort();
}

export function assembleModel(
  process: BpmnElement, procedureKind: string | null, startNode: string, nodes: Record<string, ModelNode>, flows: Record<string, SequenceFlow>,
): ProcessModel {
  const body: Omit<ProcessModel, 'hash'> = {
    schemaVersion: PROCESS_MODEL_SCHEMA_VERSION,
    key: process.id ?? 'process',
    name: trimmedText(process.name),
    ...(trimmedText(process.nameEn) ? { nameEn: trimmedText(process.nameEn)! } : {}),
    ...(procedureKind ? { procedureKind } : {}),
    startNode,
    nodes,
    flows,
    forms: distinctSorted(nodes, (n) => ((n.kind === 'userTask' || n.kind === 'startEvent') && n.formKey ? [n.formKey] : [])),
    taskTypes: distinctSorted(nodes, (n) => (n.kind === 'serviceTask' ? [n.taskType] : n.kind === 'endEvent' && n.send ? [n.send.taskType] : [])),
    calledProcesses: distinctSorted(nodes, (n) => (n.kind === 'callActivity' ? [n.calledElement] : [])),
  };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}
