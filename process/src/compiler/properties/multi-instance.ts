// Multi-instance loop characteristics (会签 and the like): over a collection or a cardinality, parallel or
// sequential, with an optional completion condition and collected outputs. Standard loops are not supported.
import type { MultiInstance } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { checkExpression } from './expression';

export function multiInstanceOf(c: Collector, el: BpmnElement): MultiInstance | null {
  const loop = el.loopCharacteristics as BpmnElement | undefined;
  if (!loop) return null;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    c.error('UNSUPPORTED_ELEMENT', el.id!, { type: loop.$type });
    return null;
  }
  const collection = checkExpression(c, el.id!, trimmedText(loop.collection));
  const cardinality = checkExpression(c, el.id!, trimmedText(loop.loopCardinality?.body));
  if (!collection && !cardinality) c.error('MULTI_INSTANCE_NO_INPUT', el.id!);
  return {
    sequential: Boolean(loop.isSequential),
    collection,
    cardinality,
    elementVariable: trimmedText(loop.elementVariable),
    completionCondition: checkExpression(c, el.id!, trimmedText(loop.completionCondition?.body)),
    outputCollection: trimmedText(loop.outputCollection),
    outputElement: checkExpression(c, el.id!, trimmedText(loop.outputElement)),
  };
}

/** Refuses loop characteristics on an element that cannot repeat (only service, user tasks and call activities can). */
export function refuseLoop(c: Collector, el: BpmnElement): void {
  if (el.loopCharacteristics) c.error('UNSUPPORTED_ELEMENT', el.id!, { type: el.loopCharacteristics.$type });
}
