// One error envelope for the whole api: {"error":{"code","message","requestId"}} with zh-CN and en messages.

export interface ErrorSpec { status: number; zh: string; en: string }

/** The stable error codes a client can see. Adding one is an api change. */
export const ERRORS = {
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Invalid username or password' },
  AUTH_LOCKED: { status: 423, zh: '账户因多次登录失败已被临时锁定，请稍后再试', en: 'Account temporarily locked after repeated failed logins' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '未找到请求的资源', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确', en: 'The request is not valid' },
  BAD_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '请求体必须是 application/json', en: 'The request body must be application/json' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  CONFLICT: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  WORKFLOW_TIMEOUT: { status: 504, zh: '流程未在规定时间内完成', en: 'The workflow did not finish in time' },
  TEMPORAL_UNAVAILABLE: { status: 503, zh: '流程引擎暂不可用', en: 'The workflow engine is unavailable' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用', en: 'The database is unavailable' },
  DEPLOY_REFUSED: { status: 422, zh: '流程模型未通过校验，未部署', en: 'The process model did not pass validation and was not deployed' },
  DEFINITION_NOT_FOUND: { status: 404, zh: '本地区没有部署该流程', en: 'No such process is deployed for this region' },
  TASK_NOT_FOUND: { status: 404, zh: '任务不存在', en: 'No such task' },
  TASK_CLOSED: { status: 409, zh: '任务已办结，不能再次办理', en: 'The task is already closed' },
  TASK_NOT_YOURS: { status: 403, zh: '该任务不由您办理', en: 'This task is not assigned to you' },
  FORM_INCOMPLETE: { status: 400, zh: '表单必填项未填写完整', en: 'Required form fields are missing' },
  PROCESS_SUSPENDED: { status: 409, zh: '该交易已被监管暂停，暂不能办理', en: 'The deal is suspended by the supervisor; tasks cannot be acted on' },
  PROCESS_ENDED: { status: 409, zh: '该交易流程已结束', en: 'The deal\'s process has ended' },
  RETURN_NOT_ALLOWED: { status: 409, zh: '不能退回到该环节', en: 'The task cannot be returned there' },
  WITHDRAW_NOT_ALLOWED: { status: 409, zh: '下一环节已开始办理，不能撤回', en: 'The next step has started; the task cannot be withdrawn' },
  DIRECTIVE_NOT_ALLOWED: { status: 409, zh: '当前状态下不能执行该监管指令', en: 'The directive is not allowed in the current state' },
  DRAW_SEALED: { status: 409, zh: '专家抽取名单尚未解密，不能查看', en: 'The expert list is still sealed' },
  ANSWER_NOT_ACCEPTED: { status: 409, zh: '该邀请已不接受答复', en: 'This invitation no longer accepts an answer' },
  ANSWER_TOO_LATE: { status: 409, zh: '答复晚于截止时间', en: 'The answer came after the reply deadline' },
  SIGNATURE_INVALID: { status: 401, zh: '回调签名无效或已过期', en: 'The callback signature is missing, invalid or expired' },
  GATEWAY_NOT_CONFIGURED: { status: 503, zh: '未配置通知网关回调密钥', en: 'The gateway callback secret is not configured' },
  REVIEW_PENDING: { status: 409, zh: '该主体已有待审核的申请', en: 'This subject already has an application under review' },
  REVIEW_CLOSED: { status: 409, zh: '该申请已审核', en: 'This application has already been decided' },
  REVIEW_OWN_APPLICATION: { status: 403, zh: '不能审核自己提交的申请', en: 'You cannot review an application you submitted' },
  SUBJECT_RECORD_CONFLICT: { status: 409, zh: '申请内容与其他主体或人员的登记信息冲突', en: 'The application conflicts with another subject\'s or person\'s record' },
  REGISTRY_BATCH_CONFLICT: { status: 409, zh: '该批次编号已导入过不同的内容', en: 'This batch id was imported before with different content' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail { path: string; message: string }

export class AppError extends Error {
  readonly status: number;
  constructor(readonly code: ErrorCode, readonly details?: ErrorDetail[], message?: string) {
    super(message ?? ERRORS[code].en);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

export type Language = 'zh-CN' | 'en';

export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function errorBody(code: ErrorCode, language: Language, requestId: string, details?: ErrorDetail[]) {
  const spec = ERRORS[code];
  return {
    error: {
      code,
      message: language === 'en' ? spec.en : spec.zh,
      ...(details && details.length ? { details } : {}),
      requestId,
    },
  };
}
