// The designer's bpmn-js modeler: the ggzy moddle extension, the properties panel with the ggzy group, task
// templates, the compiler as lint, and the editor in Chinese or English.
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import { ggzyModdleDescriptor } from '@ggzy/process';
import translateModule from '../translate';
import ggzyPropertiesModule from '../ggzy-properties';
import taskTemplatesModule from '../task-templates';
import compilerLintModule, { type GgzyEditorContext } from '../compiler-lint';
import { lintConfig } from '../compiler-lint/lint-config';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';

export function createModeler(container: HTMLElement, panel: HTMLElement, context: GgzyEditorContext): Modeler {
  return new Modeler({
    container,
    propertiesPanel: { parent: panel },
    linting: { bpmnlint: lintConfig(context.store), active: true },
    moddleExtensions: { ggzy: ggzyModdleDescriptor },
    additionalModules: [
      translateModule, BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ggzyPropertiesModule, taskTemplatesModule,
      compilerLintModule, lintModule,
    ],
    ggzy: context,
  } as ConstructorParameters<typeof Modeler>[0]);
}

/** A new procedure: an executable process with a start event, in the ggzy namespace. */
export function emptyDiagram(key = 'new_procedure', name = '新建交易流程'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="definitions_${key}" targetNamespace="urn:ggzy:procedures">
  <bpmn:process id="${key}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram_${key}">
    <bpmndi:BPMNPlane id="plane_${key}" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="160" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
