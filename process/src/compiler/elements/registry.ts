// Which BPMN element types the compiler knows, by $type: those it compiles (one family file each), those it
// passes over (artifacts and layout that do not run), and a hint for the unsupported ones designers reach for.
import { CALL_ACTIVITY_COMPILERS } from './call-activity';
import type { ElementCompilers } from './element-compiler';
import { EVENT_COMPILERS } from './events';
import { GATEWAY_COMPILERS } from './gateways';
import { SUBPROCESS_COMPILERS } from './subprocess';
import { TASK_COMPILERS } from './tasks';

export const ELEMENT_COMPILERS: ElementCompilers = {
  ...EVENT_COMPILERS,
  ...TASK_COMPILERS,
  ...GATEWAY_COMPILERS,
  ...CALL_ACTIVITY_COMPILERS,
  ...SUBPROCESS_COMPILERS,
};

export const IGNORED_TYPES: ReadonlySet<string> = new Set([
  'bpmn:Association', 'bpmn:TextAnnotation', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
  'bpmn:Group', 'bpmn:LaneSet',
]);

/** What to use instead, for unsupported types a designer is likely to try. */
export const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  'bpmn:Transaction': 'bpmn:Transaction (use an embedded subprocess with compensation)',
};
