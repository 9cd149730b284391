// A procedure that stops on a gateway incident until the amount is put right: a branch routes by `amount` (no default
// flow, so a negative amount matches nothing), beside a staff task 更正金额 that can set it. The operations console's
// api and browser tests run it.
import { buildBpmn } from './bpmn-builder';

export function incidentProcessXml(key: string): string {
  return buildBpmn({
    id: key,
    nodes: [
      { id: 'start', type: 'startEvent' }, { id: 'fork', type: 'parallelGateway' }, { id: 'route', type: 'exclusiveGateway', name: '按金额分流' },
      { id: 'big', type: 'userTask', role: 'staff', name: '大额复核' }, { id: 'small', type: 'userTask', role: 'staff', name: '小额复核' },
      { id: 'correct', type: 'userTask', role: 'staff', name: '更正金额' }, { id: 'end', type: 'endEvent' }, { id: 'end2', type: 'endEvent' }, { id: 'end3', type: 'endEvent' },
    ],
    flows: [['start', 'fork'], ['fork', 'route'], ['fork', 'correct'], ['route', 'big', 'amount > 100'], ['route', 'small', 'amount > 0 && amount <= 100'], ['big', 'end'], ['small', 'end2'], ['correct', 'end3']],
  });
}
