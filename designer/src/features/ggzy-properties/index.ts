// The properties panel's "交易平台绑定" group: the ggzy bindings the compiler reads, edited with the panel's own
// entries — task type from the activity catalog, form key, candidate role, due duration and calendar, retries — and
// every step's English name.
import { h } from '@bpmn-io/properties-panel/preact';
import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { ACTIVITY_CATALOG, DEFAULT_ROLES, isExpressionText, parseDuration } from '@ggzy/process';
import { tr } from '@ggzy/web';
import type { GgzyEditorContext } from '../compiler-lint';

type BusinessObject = { $instanceOf(type: string): boolean; get(name: string): unknown };
type Element = { businessObject: BusinessObject };
type Option = { value: string; label: string };

const PROCEDURE_KINDS: Array<[string, string, string]> = [
  ['construction-open-tender', '工程建设项目公开招标', 'Construction open tender'],
  ['government-procurement-open', '政府采购公开招标', 'Government procurement (open)'],
  ['land-listing', '土地使用权挂牌出让', 'Land listing'],
];

const ROLE_TITLES: Record<string, [string, string]> = {
  staff: ['交易中心工作人员', 'Centre staff'], supervisor: ['监管人员', 'Supervisor'], designer: ['流程设计员', 'Designer'],
  admin: ['系统管理员', 'Administrator'], auditor: ['安全审计员', 'Auditor'], agent: ['招标代理', 'Agent'], bidder: ['投标人', 'Bidder'],
  expert: ['评标专家', 'Expert'], tenderee: ['招标人', 'Tenderee'],
  'party:organiser': ['本项目招标人或其代理机构（本人办理）', 'The deal\'s tenderee or its agency (in person)'],
  'party:tenderee': ['本项目招标人（本人办理）', 'The deal\'s tenderee (in person)'],
  'party:agency': ['本项目招标代理机构（本人办理）', 'The deal\'s agency (in person)'],
  'party:bidder': ['本项目投标人（本人办理）', 'A bidder of the deal (in person)'],
};

function durationProblem(value: string | undefined): string | null {
  if (!value || isExpressionText(value)) return null;
  try {
    parseDuration(value);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

interface FieldSpec {
  id: string;
  attr: string;
  label: [string, string];
  description?: [string, string];
  options?: () => Option[];
  validate?: (value: string | undefined) => string | null;
}

function attrValue(element: Element, attr: string): string {
  const v = element.businessObject.get(`ggzy:${attr}`);
  return typeof v === 'string' ? v : '';
}

function entryComponent(spec: FieldSpec) {
  return function GgzyEntry(props: { element: Element; id: string }) {
    const modeling = useService<{ updateProperties(el: Element, props: Record<string, unknown>): void }>('modeling');
    const debounce = useService<(fn: unknown) => unknown>('debounceInput');
    const common = {
      element: props.element,
      id: props.id,
      label: tr(spec.label[0], spec.label[1]),
      description: spec.description ? tr(spec.description[0], spec.description[1]) : undefined,
      getValue: () => attrValue(props.element, spec.attr),
      setValue: (value: string | undefined) => modeling.updateProperties(props.element, { [`ggzy:${spec.attr}`]: value ? value : undefined }),
    };
    if (spec.options) {
      return h(SelectEntry, { ...common, getOptions: () => {
        const options = [{ value: '', label: tr('<未设置>', '<none>') }, ...spec.options!()];
        const current = attrValue(props.element, spec.attr);
        if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: `${current} (?)` });
        return options;
      } });
    }
    return h(TextFieldEntry, { ...common, debounce, validate: spec.validate });
  };
}

function entries(specs: FieldSpec[]) {
  return specs.map((spec) => ({
    id: `ggzy-${spec.id}`,
    component: entryComponent(spec),
    isEdited: spec.options ? isSelectEntryEdited : isTextFieldEntryEdited,
  }));
}

/** Every step and the procedure itself: the name the portal shows in English (ggzy:nameEn). */
const ENGLISH_NAME: FieldSpec = { id: 'nameEn', attr: 'nameEn', label: ['英文名称', 'English name'], description: ['门户英文界面显示的名称，可留空', 'What the portal shows in English; optional'] };

function fieldsFor(bo: BusinessObject, context: GgzyEditorContext): FieldSpec[] {
  const named = bo.$instanceOf('bpmn:FlowNode') || bo.$instanceOf('bpmn:Process');
  return [...(named ? [ENGLISH_NAME] : []), ...bindingsFor(bo, context)];
}

function bindingsFor(bo: BusinessObject, context: GgzyEditorContext): FieldSpec[] {
  if (bo.$instanceOf('bpmn:Process')) {
    return [{ id: 'procedureKind', attr: 'procedureKind', label: ['交易程序', 'Procedure'],
      options: () => PROCEDURE_KINDS.map(([value, zh, en]) => ({ value, label: tr(zh, en) })) }];
  }
  if (bo.$instanceOf('bpmn:StartEvent')) {
    // the start form (受理登记): what a deal of this procedure starts with, checked by the server before it starts
    return [{ id: 'formKey', attr: 'formKey', label: ['发起表单', 'Start form'], description: ['发起交易时填写，在“表单”页定义', 'Filled in to start a deal; defined on the Forms tab'],
      options: () => Object.keys(context.forms()).sort().map((k) => ({ value: k, label: k })) }];
  }
  const calendar: FieldSpec = { id: 'calendar', attr: 'calendar', label: ['日历', 'Calendar'],
    options: () => [{ value: 'calendar', label: tr('自然日', 'Calendar days') }, { value: 'working', label: tr('工作日', 'Working days') }] };
  if (bo.$instanceOf('bpmn:UserTask')) {
    return [
      { id: 'formKey', attr: 'formKey', label: ['表单', 'Form'], description: ['在“表单”页定义', 'Defined on the Forms tab'],
        options: () => Object.keys(context.forms()).sort().map((k) => ({ value: k, label: k })) },
      { id: 'candidateRole', attr: 'candidateRole', label: ['办理角色', 'Candidate role'],
        options: () => DEFAULT_ROLES.map((r) => ({ value: r, label: ROLE_TITLES[r] ? tr(ROLE_TITLES[r][0], ROLE_TITLES[r][1]) : r })) },
      { id: 'assignee', attr: 'assignee', label: ['指定办理人', 'Assignee'], description: ['用户名或表达式，可留空', 'A username or an expression; optional'] },
      { id: 'dueDuration', attr: 'dueDuration', label: ['办理时限', 'Due within'], description: ['ISO-8601 时长，如 P3D、P2W', 'ISO-8601 duration such as P3D or P2W'], validate: durationProblem },
      calendar,
      { id: 'returnTargets', attr: 'returnTargets', label: ['可退回环节', 'May return to'], description: ['人工任务编号，逗号分隔', 'User task ids, comma separated'] },
    ];
  }
  if (bo.$instanceOf('bpmn:ServiceTask')) {
    return [
      { id: 'taskType', attr: 'taskType', label: ['任务类型', 'Task type'],
        options: () => ACTIVITY_CATALOG.map((t) => ({ value: t.name, label: `${tr(t.title.zh, t.title.en)} (${t.name})` })) },
      { id: 'resultVariable', attr: 'resultVariable', label: ['结果变量', 'Result variable'] },
      { id: 'retryMaxAttempts', attr: 'retryMaxAttempts', label: ['最多尝试次数', 'Max attempts'],
        validate: (v) => (!v || /^(100|[1-9]\d?)$/.test(v) ? null : tr('1–100 的整数', 'A whole number 1–100')) },
      { id: 'retryInitialInterval', attr: 'retryInitialInterval', label: ['首次重试间隔', 'First retry after'], validate: durationProblem },
      { id: 'retryBackoff', attr: 'retryBackoff', label: ['退避系数', 'Backoff coefficient'],
        validate: (v) => (!v || (Number(v) >= 1 && Number(v) <= 10) ? null : tr('1–10 之间的数', 'A number from 1 to 10')) },
      { id: 'timeout', attr: 'timeout', label: ['单次超时', 'Timeout'], validate: durationProblem },
    ];
  }
  if (bo.$instanceOf('bpmn:CallActivity')) {
    return [calendar];
  }
  if (bo.$instanceOf('bpmn:AdHocSubProcess')) {
    return [{ id: 'activeElements', attr: 'activeElements', label: ['启动的元素', 'Elements to start'],
      description: ['表达式，值为子流程内元素编号的列表，如 [\'review\', \'check\']', 'An expression giving a list of the ids of elements inside, such as [\'review\', \'check\']'] }];
  }
  if (bo.$instanceOf('bpmn:ReceiveTask')) {
    return [{ id: 'correlationKey', attr: 'correlationKey', label: ['关联键', 'Correlation key'],
      description: ['表达式；多实例时按每个实例求值，如 b', 'An expression; read per instance when multi-instance, such as b'] }];
  }
  return [];
}

export class GgzyPropertiesProvider {
  static $inject = ['propertiesPanel', 'config.ggzy'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }, private readonly context: GgzyEditorContext) {
    propertiesPanel.registerProvider(500, this);
  }

  getGroups(element: Element) {
    return (groups: Array<{ id: string }>) => {
      const specs = fieldsFor(element.businessObject, this.context);
      if (!specs.length) return groups;
      const group = { id: 'ggzy', label: tr('交易平台绑定', 'Platform bindings'), entries: entries(specs) };
      const general = groups.findIndex((g) => g.id === 'general');
      groups.splice(general + 1, 0, group);
      return groups;
    };
  }
}

export default { __init__: ['ggzyPropertiesProvider'], ggzyPropertiesProvider: ['type', GgzyPropertiesProvider] };
