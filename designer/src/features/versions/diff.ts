// What changed between two deployed versions: elements added, removed or changed (from the compiled models), and
// the line diff of the BPMN XML.
import { diffLines, type Change } from 'diff';
import type { ProcessModel } from '@ggzy/process';

export interface ModelChange { id: string; kind: 'added' | 'removed' | 'changed'; what: string; name: string | null }

function comparable(value: unknown): string {
  return JSON.stringify(value, (key, v) => (key === 'incoming' || key === 'outgoing' ? undefined : v));
}

export function modelChanges(a: ProcessModel, b: ProcessModel): ModelChange[] {
  const out: ModelChange[] = [];
  const nodesA = a.nodes as Record<string, { kind: string; name: string | null }>;
  const nodesB = b.nodes as Record<string, { kind: string; name: string | null }>;
  for (const [id, node] of Object.entries(nodesB)) {
    if (!nodesA[id]) out.push({ id, kind: 'added', what: node.kind, name: node.name });
    else if (comparable(nodesA[id]) !== comparable(node)) out.push({ id, kind: 'changed', what: node.kind, name: node.name });
  }
  for (const [id, node] of Object.entries(nodesA)) if (!nodesB[id]) out.push({ id, kind: 'removed', what: node.kind, name: node.name });
  const flowsA = a.flows as Record<string, { source: string; target: string; condition: string | null }>;
  const flowsB = b.flows as Record<string, { source: string; target: string; condition: string | null }>;
  for (const [id, f] of Object.entries(flowsB)) {
    if (!flowsA[id]) out.push({ id, kind: 'added', what: `flow ${f.source} → ${f.target}`, name: null });
    else if (comparable(flowsA[id]) !== comparable(f)) out.push({ id, kind: 'changed', what: `flow ${f.source} → ${f.target}`, name: null });
  }
  for (const [id, f] of Object.entries(flowsA)) if (!flowsB[id]) out.push({ id, kind: 'removed', what: `flow ${f.source} → ${f.target}`, name: null });
  return out;
}

export function xmlDiff(a: string, b: string): Change[] {
  return diffLines(a, b);
}
