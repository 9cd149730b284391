// Every problem the compiler can report, its statutory checks included: a stable code, the element it concerns, and
// zh-CN/en messages. Beside both compiler/ and statutory/ because both report them.

export const PROBLEMS = {
  XML_TOO_LARGE: { zh: '文件超过大小上限（{limit} 字节）', en: 'The file is larger than the limit ({limit} bytes)' },
  XML_FORBIDDEN_DTD: { zh: '不允许 DTD 或实体声明（可能是 XXE 或实体膨胀攻击）', en: 'DTD and entity declarations are not allowed (XXE / entity expansion)' },
  XML_MALFORMED: { zh: 'XML 格式错误：{detail}', en: 'Malformed XML: {detail}' },
  NOT_BPMN: { zh: '不是 BPMN 2.0 文件（根元素应为 bpmn:definitions）', en: 'Not a BPMN 2.0 document (the root must be bpmn:definitions)' },
  NO_PROCESS: { zh: '文件中没有可执行的流程（bpmn:process）', en: 'The document has no process (bpmn:process)' },
  MULTIPLE_PROCESSES: { zh: '文件含多个流程，请只将一个标记为可执行（isExecutable）', en: 'The document has several processes; mark exactly one as executable' },
  UNPARSABLE_CONTENT: { zh: '无法识别的内容：{detail}', en: 'Content that could not be read: {detail}' },
  UNSUPPORTED_ELEMENT: { zh: '不支持的元素类型 {type}', en: 'Unsupported element type {type}' },
  UNSUPPORTED_EVENT_DEFINITION: { zh: '此处不支持 {type} 事件定义', en: 'Event definition {type} is not supported here' },
  EVENT_SUBPROCESS_START: { zh: '事件子流程必须有且只有一个带触发定义（定时、消息、信号、条件、错误或升级）的开始事件', en: 'An event subprocess needs exactly one start event with a trigger (timer, message, signal, condition, error or escalation)' },
  EVENT_SUBPROCESS_FLOWS: { zh: '事件子流程不能有入口或出口顺序流', en: 'An event subprocess cannot have incoming or outgoing sequence flows' },
  ERROR_START_INTERRUPTING: { zh: '错误开始事件必须是中断型的', en: 'An error start event must be interrupting' },
  ESCALATION_CODE_MISSING: { zh: '升级事件缺少升级代码（escalationCode）', en: 'The escalation event has no escalation code' },
  DMN_NO_DECISION: { zh: '文件中没有决策表', en: 'The document has no decision table' },
  DMN_NOT_A_TABLE: { zh: '决策 {decision} 不是决策表（只支持决策表）', en: 'Decision {decision} is not a decision table (only decision tables are supported)' },
  DMN_REQUIRED_DECISION: { zh: '决策 {decision} 依赖其他决策，暂不支持决策需求图', en: 'Decision {decision} requires other decisions; decision requirement graphs are not supported yet' },
  DMN_HIT_POLICY: { zh: '不支持的命中策略 {policy}', en: 'Unsupported hit policy {policy}' },
  DMN_ENTRY_COUNT: { zh: '规则 {rule} 的条目数与输入/输出列数不符', en: 'Rule {rule} does not have one entry per input and output column' },
  DMN_BAD_ENTRY: { zh: '条目错误：{detail}', en: 'Bad entry: {detail}' },
  DMN_OUTPUT_NAME: { zh: '多输出决策表的每个输出列都需要名称', en: 'Every output column of a table with several outputs needs a name' },
  SUBPROCESS_START: { zh: '子流程必须有且只有一个空开始事件', en: 'A subprocess needs exactly one none start event' },
  ADHOC_EVENTS: { zh: '自由子流程（ad-hoc）内不能有开始或结束事件', en: 'An ad-hoc subprocess has no start or end events inside' },
  ADHOC_EMPTY: { zh: '自由子流程（ad-hoc）内至少要有一个活动', en: 'An ad-hoc subprocess needs at least one activity inside' },
  FLOW_CROSSES_SCOPE: { zh: '顺序流不能跨越子流程边界（{source} → {target}）', en: 'A sequence flow cannot cross a subprocess border ({source} → {target})' },
  NO_START_EVENT: { zh: '流程缺少空开始事件', en: 'The process has no (none) start event' },
  MULTIPLE_START_EVENTS: { zh: '流程只能有一个空开始事件', en: 'The process must have exactly one none start event' },
  NO_END_EVENT: { zh: '流程缺少结束事件', en: 'The process has no end event' },
  MISSING_BINDING: { zh: '缺少绑定：{binding}', en: 'Missing binding: {binding}' },
  UNKNOWN_TASK_TYPE: { zh: '未知的任务类型 "{taskType}"（不在活动目录中）', en: 'Unknown task type "{taskType}" (not in the activity catalog)' },
  UNKNOWN_FORM: { zh: '未知的表单 "{formKey}"', en: 'Unknown form "{formKey}"' },
  UNKNOWN_ROLE: { zh: '未知的候选角色 "{role}"', en: 'Unknown candidate role "{role}"' },
  GATEWAY_NO_CONDITION: { zh: '网关的出口流 {flow} 既没有条件也不是默认流', en: 'Outgoing flow {flow} of the gateway has no condition and is not the default' },
  GATEWAY_DEFAULT_INVALID: { zh: '默认流必须是该网关的出口流', en: 'The default flow must be an outgoing flow of this gateway' },
  EVENT_GATEWAY_TARGET: { zh: '事件网关的出口只能连接定时、消息、条件或信号中间捕获事件', en: 'An event-based gateway may only lead to timer, message, conditional or signal catch events' },
  NO_OUTGOING: { zh: '该节点没有出口顺序流', en: 'The node has no outgoing sequence flow' },
  NO_INCOMING: { zh: '该节点没有入口顺序流', en: 'The node has no incoming sequence flow' },
  FLOW_DANGLING: { zh: '顺序流缺少起点或终点', en: 'The sequence flow has no source or no target' },
  UNREACHABLE_NODE: { zh: '从开始事件无法到达该节点', en: 'The node cannot be reached from the start event' },
  CANNOT_REACH_END: { zh: '该节点无法到达任何结束事件', en: 'No end event can be reached from this node' },
  BAD_EXPRESSION: { zh: '表达式错误：{detail}', en: 'Bad expression: {detail}' },
  BAD_DURATION: { zh: '时长错误：{detail}', en: 'Bad duration: {detail}' },
  BAD_DATE: { zh: '日期错误："{value}" 不是 ISO-8601 时间', en: 'Bad date: "{value}" is not an ISO-8601 date-time' },
  BAD_TIMER: { zh: '定时事件需要时长、日期或周期之一', en: 'A timer needs exactly one of duration, date or cycle' },
  TIMER_START_UNSUPPORTED: { zh: '流程的定时开始事件只接受固定日期（如 2027-03-01T09:00:00+08:00）、按日历时间的周期（如 R/P1D、R4/PT6H、R/2027-03-01T09:00:00+08:00/P7D；按月、年的周期为一年的约数或整年，起始日不晚于28日）、每个工作日（工作日历下的 R/P1D）或 cron 表达式（如 0 0 9 * * MON-FRI，按北京时间）', en: 'A timer start event of the process takes a literal date (such as 2027-03-01T09:00:00+08:00), a cycle in calendar time (such as R/P1D, R4/PT6H or R/2027-03-01T09:00:00+08:00/P7D; months and years as a divisor of a year or whole years, from a day up to the 28th), every working day (R/P1D in working days) or a cron expression (such as 0 0 9 * * MON-FRI, China Standard Time)' },
  BAD_CALENDAR: { zh: '日历只能是 calendar（自然日）或 working（工作日）', en: 'The calendar must be calendar (days) or working (working days)' },
  BAD_RETRY: { zh: '重试设置错误：{detail}', en: 'Bad retry setting: {detail}' },
  BOUNDARY_NOT_ALLOWED: { zh: '{type} 边界事件不能附着在 {host} 上', en: 'A {type} boundary event cannot be attached to {host}' },
  BOUNDARY_HOST_MISSING: { zh: '边界事件没有附着的活动', en: 'The boundary event is not attached to an activity' },
  COMPENSATION_HANDLER_MISSING: { zh: '补偿边界事件没有关联补偿处理活动', en: 'The compensation boundary event has no associated compensation handler' },
  MISSING_CALLED_ELEMENT: { zh: '调用活动缺少被调用流程（calledElement）', en: 'The call activity has no calledElement' },
  MULTI_INSTANCE_NO_INPUT: { zh: '多实例需要集合（ggzy:collection）或基数（loopCardinality）', en: 'Multi-instance needs a collection (ggzy:collection) or a loopCardinality' },
  MESSAGE_NAME_MISSING: { zh: '消息事件缺少消息名称', en: 'The message event has no message name' },
  RETURN_TARGET_INVALID: { zh: '退回目标 "{target}" 不是本流程中的用户任务', en: 'Return target "{target}" is not a user task of this process' },
  SCRIPT_FORMAT_UNSUPPORTED: {
    zh: '脚本格式 {format} 在此不能运行：请用平台的表达式语言书写脚本（不设 scriptFormat）',
    en: 'Scripts in {format} do not run here: write the script in the platform\'s expression language (no scriptFormat)',
  },
  SCRIPT_MISSING: { zh: '脚本任务缺少脚本（表达式）', en: 'The script task has no script (expression)' },
  SIGNAL_NAME_MISSING: { zh: '信号事件缺少信号名称', en: 'The signal event has no signal name' },
  CONDITION_MISSING: { zh: '条件事件缺少条件表达式', en: 'The conditional event has no condition' },
  LINK_NAME_MISSING: { zh: '链接事件缺少链接名称', en: 'The link event has no link name' },
  LINK_TARGET_MISSING: { zh: '没有名为「{link}」的链接捕获事件', en: 'No link catch event is named "{link}"' },
  LINK_CATCH_DUPLICATE: { zh: '多个链接捕获事件同名「{link}」', en: 'Several link catch events are named "{link}"' },
  LINK_THROW_OUTGOING: { zh: '链接抛出事件不能有出口顺序流', en: 'A link throw event cannot have outgoing sequence flows' },
  LINK_CATCH_INCOMING: { zh: '链接捕获事件不能有入口顺序流', en: 'A link catch event cannot have incoming sequence flows' },
  DUPLICATE_ID: { zh: '元素 ID 重复', en: 'Duplicate element id' },
  STATUTORY_PERIOD_TOO_SHORT: {
    zh: '法定时限 {rule}：从「{from}」到「{to}」不得少于 {requiredZh}（{basisZh}），模型只能保证 {guaranteedZh}；路径：{path}',
    en: 'Statutory period {rule}: from "{from}" to "{to}" must be at least {requiredEn} ({basisEn}), but the model guarantees only {guaranteedEn}; path: {path}',
  },
  STATUTORY_PERIOD_NOT_GUARANTEED: {
    zh: '法定时限 {rule}：「{to}」须在「{from}」之后 {requiredZh}内完成（{basisZh}），模型{boundZh}；路径：{path}',
    en: 'Statutory period {rule}: "{to}" must be done within {requiredEn} of "{from}" ({basisEn}), but the model {boundEn}; path: {path}',
  },
  STATUTORY_STEP_AMBIGUOUS: {
    zh: '流程类别 {procedureKind} 的法定时限按输入 {input} 识别 {taskType} 步骤，该输入须为字面值（如 {example}），才能在设计时检查法定时限',
    en: 'The statutory periods of {procedureKind} tell {taskType} steps apart by their input {input}: it must be a literal (such as {example}) so the periods can be checked at design time',
  },
  // warnings
  DIAGRAM_MISSING: { zh: '缺少图形信息（BPMNDiagram），设计器中无法显示', en: 'No diagram information (BPMNDiagram): the designer cannot show it' },
  IGNORED_EXTENSION: { zh: '忽略了其他建模工具的扩展：{detail}', en: 'Ignored another modeler\'s extension: {detail}' },
  UNKNOWN_PROCEDURE_KIND: { zh: '未定义流程类别「{procedureKind}」的法定时限规则，未检查法定时限（已定义：{known}）', en: 'No statutory rules are defined for procedure kind "{procedureKind}": statutory periods were not checked (defined: {known})' },
  PASS_THROUGH_TASK: { zh: '{type} 不执行任何操作，令牌直接通过（如需办理请改为用户任务或服务任务）', en: '{type} does nothing: the token passes straight through (make it a user or service task for work to be done)' },
  SCRIPT_READ_AS_EXPRESSION: { zh: '脚本 {detail} 按平台的表达式语言读取', en: 'The script {detail} was read in the platform\'s expression language' },
  FOREIGN_EXPRESSION_READ: { zh: '其他建模工具的表达式 {detail} 按平台的表达式语言读取', en: 'Another modeler\'s expression {detail} was read in the platform\'s expression language' },
  DECISION_NOT_DEPLOYED: { zh: '本地区及其所属省尚未部署决策表「{decision}」（已生效或待审核）：须在交易执行到该任务前部署', en: 'No decision table "{decision}" is deployed (active or pending) for the region or its province: deploy it before a deal reaches this task' },
  FORM_NOT_CHECKED: { zh: '未提供表单，未检查表单 "{formKey}"', en: 'No forms supplied, form "{formKey}" was not checked' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * What kind of problem it is, so a model from another tool shows what is missing for it to run here apart from what
 * this engine cannot run at all: `document` (the file itself), `binding` (a task type, role, form, message or called
 * process to fill in — the model is fine, the platform needs to know what it means), `unsupported` (an element or
 * definition the engine does not run), `model` (structure and expressions), `statutory` (the statutory periods).
 */
export type ProblemCategory = 'document' | 'binding' | 'unsupported' | 'model' | 'statutory';

const CATEGORY_OF: Partial<Record<ProblemCode, ProblemCategory>> = {
  XML_TOO_LARGE: 'document', XML_FORBIDDEN_DTD: 'document', XML_MALFORMED: 'document', NOT_BPMN: 'document', NO_PROCESS: 'document',
  MULTIPLE_PROCESSES: 'document', UNPARSABLE_CONTENT: 'document', DIAGRAM_MISSING: 'document',
  MISSING_BINDING: 'binding', UNKNOWN_TASK_TYPE: 'binding', UNKNOWN_FORM: 'binding', UNKNOWN_ROLE: 'binding', MESSAGE_NAME_MISSING: 'binding', SIGNAL_NAME_MISSING: 'binding',
  MISSING_CALLED_ELEMENT: 'binding', FORM_NOT_CHECKED: 'binding', DECISION_NOT_DEPLOYED: 'binding', IGNORED_EXTENSION: 'binding',
  UNSUPPORTED_ELEMENT: 'unsupported', UNSUPPORTED_EVENT_DEFINITION: 'unsupported', SCRIPT_FORMAT_UNSUPPORTED: 'unsupported',
  DMN_HIT_POLICY: 'unsupported', DMN_NOT_A_TABLE: 'unsupported', DMN_REQUIRED_DECISION: 'unsupported', DMN_NO_DECISION: 'document',
  ESCALATION_CODE_MISSING: 'binding',
  STATUTORY_PERIOD_TOO_SHORT: 'statutory', STATUTORY_PERIOD_NOT_GUARANTEED: 'statutory', STATUTORY_STEP_AMBIGUOUS: 'statutory', UNKNOWN_PROCEDURE_KIND: 'statutory',
};

export function categoryOf(code: ProblemCode): ProblemCategory {
  return CATEGORY_OF[code] ?? 'model';
}

export interface Problem {
  code: ProblemCode;
  category: ProblemCategory;
  /** The BPMN element id, or null for document-level problems. */
  element: string | null;
  message: string;
  messageEn: string;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function problem(code: ProblemCode, element: string | null, params: Record<string, string | number> = {}): Problem {
  return { code, category: categoryOf(code), element, message: fill(PROBLEMS[code].zh, params), messageEn: fill(PROBLEMS[code].en, params) };
}
