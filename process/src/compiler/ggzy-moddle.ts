// The `ggzy` moddle extension: the bindings a process designer sets on BPMN elements.
// Attributes (ggzy:taskType="…") for scalar settings; extension elements (<ggzy:inputs>) for mappings.

export const GGZY_NAMESPACE = 'urn:ggzy:bpmn:1.0';

export const ggzyModdleDescriptor = {
  name: 'GGZY',
  uri: GGZY_NAMESPACE,
  prefix: 'ggzy',
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'ProcessBindings',
      isAbstract: true,
      extends: ['bpmn:Process'],
      // procedureKind: construction-open-tender | government-procurement-open | land-listing | complaint … (statutory rules key on it)
      properties: [{ name: 'procedureKind', isAttr: true, type: 'String' }, { name: 'nameEn', isAttr: true, type: 'String' }],
    },
    {
      // the English name of a step, beside its (Chinese) name: what the portal shows in English
      name: 'NodeNames',
      isAbstract: true,
      extends: ['bpmn:FlowNode'],
      properties: [{ name: 'nameEn', isAttr: true, type: 'String' }],
    },
    {
      // the start form (受理登记): what a deal is started with, checked by the api before anything starts
      name: 'StartBindings',
      isAbstract: true,
      extends: ['bpmn:StartEvent'],
      properties: [{ name: 'formKey', isAttr: true, type: 'String' }],
    },
    {
      name: 'TaskBindings',
      isAbstract: true,
      extends: ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ScriptTask', 'bpmn:UserTask', 'bpmn:CallActivity', 'bpmn:BusinessRuleTask'],
      properties: [
        { name: 'taskType', isAttr: true, type: 'String' },
        { name: 'decisionRef', isAttr: true, type: 'String' },
        { name: 'formKey', isAttr: true, type: 'String' },
        { name: 'candidateRole', isAttr: true, type: 'String' },
        { name: 'assignee', isAttr: true, type: 'String' },
        { name: 'dueDuration', isAttr: true, type: 'String' },
        { name: 'calendar', isAttr: true, type: 'String' },
        { name: 'returnTargets', isAttr: true, type: 'String' },
        { name: 'resultVariable', isAttr: true, type: 'String' },
        { name: 'retryMaxAttempts', isAttr: true, type: 'String' },
        { name: 'retryInitialInterval', isAttr: true, type: 'String' },
        { name: 'retryBackoff', isAttr: true, type: 'String' },
        { name: 'retryMaxInterval', isAttr: true, type: 'String' },
        { name: 'timeout', isAttr: true, type: 'String' },
      ],
    },
    {
      // a message throw or end event sends through a catalog activity, like a send task
      name: 'ThrowEventBindings',
      isAbstract: true,
      extends: ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent'],
      properties: [
        { name: 'taskType', isAttr: true, type: 'String' },
        { name: 'resultVariable', isAttr: true, type: 'String' },
        { name: 'retryMaxAttempts', isAttr: true, type: 'String' },
        { name: 'retryInitialInterval', isAttr: true, type: 'String' },
        { name: 'retryBackoff', isAttr: true, type: 'String' },
        { name: 'retryMaxInterval', isAttr: true, type: 'String' },
        { name: 'timeout', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'LoopBindings',
      isAbstract: true,
      extends: ['bpmn:MultiInstanceLoopCharacteristics'],
      properties: [
        { name: 'collection', isAttr: true, type: 'String' },
        { name: 'elementVariable', isAttr: true, type: 'String' },
        { name: 'outputCollection', isAttr: true, type: 'String' },
        { name: 'outputElement', isAttr: true, type: 'String' },
      ],
    },
    {
      // a receive task: the correlation key of the message it waits for (per instance, when multi-instance)
      name: 'ReceiveBindings',
      isAbstract: true,
      extends: ['bpmn:ReceiveTask'],
      properties: [{ name: 'correlationKey', isAttr: true, type: 'String' }],
    },
    {
      // an ad-hoc subprocess: the expression naming the inner elements to activate on entering (a list of their ids)
      name: 'AdHocBindings',
      isAbstract: true,
      extends: ['bpmn:AdHocSubProcess'],
      properties: [{ name: 'activeElements', isAttr: true, type: 'String' }],
    },
    {
      name: 'TimerBindings',
      isAbstract: true,
      extends: ['bpmn:TimerEventDefinition'],
      properties: [{ name: 'calendar', isAttr: true, type: 'String' }],
    },
    {
      name: 'MessageBindings',
      isAbstract: true,
      extends: ['bpmn:MessageEventDefinition'],
      properties: [{ name: 'correlationKey', isAttr: true, type: 'String' }],
    },
    {
      name: 'Inputs',
      superClass: ['Element'],
      properties: [{ name: 'values', type: 'Mapping', isMany: true }],
    },
    {
      name: 'Outputs',
      superClass: ['Element'],
      properties: [{ name: 'values', type: 'Mapping', isMany: true }],
    },
    {
      name: 'Mapping',
      superClass: ['Element'],
      properties: [
        { name: 'name', isAttr: true, type: 'String' },
        { name: 'value', isAttr: true, type: 'String' },
      ],
    },
  ],
  enumerations: [],
};
