// One error envelope for the whole api: {"error":{"code","message","requestId"}} with zh-CN and en messages.

export interface ErrorSpec { status: number; zh: string; en: string }

/** The stable error codes a client can see. Adding one is an api change. */
export const ERRORS = {
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Invalid username or password' },
  CROSS_ORIGIN_REFUSED: { status: 403, zh: '拒绝来自其他网站的请求：请在本平台的页面中操作', en: 'A request from another site was refused: act from the platform\'s own pages' },
  AUTH_LOCKED: { status: 423, zh: '账户因多次登录失败已被临时锁定，请稍后再试', en: 'Account temporarily locked after repeated failed logins' },
  SECOND_FACTOR_REQUIRED: { status: 401, zh: '请输入身份验证器上的动态验证码', en: 'Enter the code from your authenticator app' },
  SECOND_FACTOR_INVALID: { status: 401, zh: '动态验证码不正确或已使用', en: 'The code is wrong or was used already' },
  SECOND_FACTOR_ENROLMENT_REQUIRED: { status: 403, zh: '请先绑定身份验证器（双因素认证）后再继续', en: 'Enrol an authenticator app (second factor) before you go on' },
  SECOND_FACTOR_ALREADY_ENROLLED: { status: 409, zh: '已绑定身份验证器；如需重新绑定，请联系管理员重置', en: 'An authenticator is enrolled already; ask an administrator to reset it to enrol again' },
  SECOND_FACTOR_NOT_STARTED: { status: 409, zh: '请先生成绑定密钥', en: 'Start the enrolment first' },
  RECOVERY_CODES_WITHOUT_SECOND_FACTOR: { status: 409, zh: '您未绑定身份验证器，没有恢复码', en: 'You have no authenticator enrolled, so no recovery codes' },
  RECOVERY_CODES_CODE_WRONG: { status: 403, zh: '动态验证码不正确或已使用，恢复码未重新生成', en: 'The code is wrong or was used already; no new recovery codes were made' },
  RECOVERY_CODE_INVALID: { status: 401, zh: '恢复码不正确或已使用', en: 'The recovery code is wrong or was used already' },
  SECOND_FACTOR_CONFIRMATION_FAILED: { status: 422, zh: '动态验证码不正确，绑定未完成', en: 'The code is wrong; the enrolment is not confirmed' },
  SESSION_EXPIRED: { status: 401, zh: '登录已超过最长有效期，请重新登录', en: 'The session reached its maximum length; log in again' },
  SESSION_IDLE_TIMEOUT: { status: 401, zh: '长时间未操作，登录已失效，请重新登录', en: 'The session ended after a period of inactivity; log in again' },
  SESSION_REPLACED: { status: 401, zh: '您已在别处登录，本次登录已结束', en: 'The session was ended by a newer sign-in elsewhere' },
  SESSION_ENDED: { status: 401, zh: '登录已被终止（已在所有设备退出或密码已更改），请重新登录', en: 'The session was ended (signed out everywhere or password changed); log in again' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改密码后再继续', en: 'Change your password before you go on' },
  PASSWORD_POLICY: { status: 422, zh: '新密码不符合密码策略', en: 'The new password does not meet the password policy' },
  PASSWORD_WRONG: { status: 403, zh: '当前密码不正确', en: 'The current password is wrong' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'No such user' },
  USER_ADMINISTER_OWN: { status: 403, zh: '不能管理自己的账户（修改密码、绑定验证器请在“账户安全”中办理）', en: 'You cannot administer your own account (change your password or authenticator under Account)' },
  ROLE_NOT_ASSIGNABLE: { status: 403, zh: '您不能授予该角色', en: 'You may not grant this role' },
  REGION_NOT_ASSIGNABLE: { status: 403, zh: '只能将用户设在您管辖的地区', en: 'Users can only be placed in your own regions' },
  USERNAME_TAKEN: { status: 409, zh: '该用户名已被使用', en: 'This username is taken' },
  ACCOUNT_DISABLED: { status: 403, zh: '该账户已被停用，请联系安全管理员', en: 'This account is disabled; ask the security administrator' },
  CERT_MALFORMED: { status: 400, zh: '证书格式不正确（应为 PEM 或 Base64 编码的 DER）', en: 'The certificate is malformed (PEM or base64 DER expected)' },
  CERT_UNSUPPORTED: { status: 401, zh: '不支持该证书的算法或扩展（仅支持 SM2 与 ECDSA P-256）', en: 'The certificate\'s algorithm or extensions are not supported (SM2 or ECDSA P-256 only)' },
  CERT_UNKNOWN_CA: { status: 401, zh: '证书不是由本平台信任的认证机构签发', en: 'The certificate was not issued by a CA this platform trusts' },
  CERT_SIGNATURE_INVALID: { status: 401, zh: '证书上的签发机构签名验证失败', en: 'The certificate is not validly signed by its issuer' },
  CERT_EXPIRED: { status: 401, zh: '证书已过期', en: 'The certificate has expired' },
  CERT_NOT_YET_VALID: { status: 401, zh: '证书尚未生效', en: 'The certificate is not yet valid' },
  CERT_KEY_USAGE: { status: 401, zh: '该证书不能用于数字签名登录', en: 'The certificate may not be used for digital signatures' },
  CERT_REVOKED: { status: 401, zh: '证书已被吊销', en: 'The certificate has been revoked' },
  CERT_CRL_STALE: { status: 401, zh: '认证机构的证书吊销列表已过期，暂无法确认证书状态', en: 'The CA\'s revocation list is out of date; the certificate\'s status cannot be confirmed' },
  CERT_CRL_UNAVAILABLE: { status: 401, zh: '没有该认证机构有效的证书吊销列表，暂无法确认证书状态', en: 'No valid revocation list of the CA is available; the certificate\'s status cannot be confirmed' },
  CERT_NOT_BOUND: { status: 401, zh: '该证书未绑定到平台上的市场主体人员', en: 'The certificate is not bound to a person of a market subject' },
  CHALLENGE_SIGNATURE_INVALID: { status: 401, zh: '登录签名验证失败', en: 'The sign-in signature does not verify' },
  CHALLENGE_UNKNOWN: { status: 401, zh: '登录挑战不存在，请重新获取', en: 'Unknown sign-in challenge; request a new one' },
  CHALLENGE_EXPIRED: { status: 401, zh: '登录挑战已过期，请重新获取', en: 'The sign-in challenge has expired; request a new one' },
  CHALLENGE_USED: { status: 401, zh: '登录挑战已被使用，不能重复使用', en: 'The sign-in challenge was used already' },
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
  SANDBOX_IN_PRODUCTION: { status: 403, zh: '生产环境不能在演练区发起交易或部署流程', en: 'In production mode nothing is started or deployed in a sandbox region' },
  DEFINITION_NOT_FOUND: { status: 404, zh: '本地区没有部署该流程', en: 'No such process is deployed for this region' },
  PROCESS_STARTS_BY_EVENT: { status: 409, zh: '该流程只由信号或消息启动（没有空开始事件），不能手工发起', en: 'This procedure starts only on a signal or a message (it has no none start event): it cannot be started by hand' },
  TOKEN_MOVE_REFUSED: { status: 409, zh: '该令牌不能这样移动（见各项原因）', en: 'The token cannot be moved so (see the problems)' },
  TOKEN_MOVE_NOT_PENDING: { status: 409, zh: '该移动申请已处理或已撤销', en: 'The move was decided or cancelled already' },
  NO_INCIDENT: { status: 409, zh: '该交易没有等待重试的异常（incident）', en: 'No step of the deal waits on an incident a retry would look at again' },
  MIGRATION_TARGET_NOT_ACTIVE: { status: 409, zh: '目标版本尚未生效（待审核或已驳回），不能把交易迁移到该版本', en: 'The target version is not in effect (pending or rejected): no deal can be moved onto it' },
  MIGRATION_SAME_VERSION: { status: 422, zh: '源版本与目标版本相同', en: 'The source and the target are the same version' },
  DEFINITION_SELF_APPROVAL: { status: 409, zh: '不能审核自己部署的流程版本：须由另一名流程设计员或系统管理员审核', en: 'You cannot review a version you deployed: another designer or the system administrator must' },
  DEFINITION_NOT_PENDING: { status: 409, zh: '该流程版本已审核（已生效或已驳回），不能再次审核', en: 'The version was reviewed already (approved or rejected)' },
  DECISION_DEPLOY_REFUSED: { status: 422, zh: '决策表未通过校验，未部署', en: 'The decision table did not pass validation and was not deployed' },
  DECISION_INVALID: { status: 422, zh: '决策表未通过校验，不能试算', en: 'The decision table did not pass validation and cannot be tried' },
  DECISION_EVALUATION_FAILED: { status: 422, zh: '决策表对这些变量无法得出结果', en: 'The decision table cannot decide for these variables' },
  TASK_NOT_FOUND: { status: 404, zh: '任务不存在', en: 'No such task' },
  TASK_CLOSED: { status: 409, zh: '任务已办结，不能再次办理', en: 'The task is already closed' },
  TASK_NOT_YOURS: { status: 403, zh: '该任务不由您办理', en: 'This task is not assigned to you' },
  TASK_FOR_PARTY: { status: 403, zh: '该事项由交易当事人本人在线办理；确需代为办理的，须填写代办理由', en: 'This step is the party\'s own; staff may act for it only with a recorded reason' },
  FORM_INCOMPLETE: { status: 400, zh: '表单必填项未填写完整', en: 'Required form fields are missing' },
  FORM_INVALID: { status: 422, zh: '表单内容不符合要求，请按字段提示修改', en: 'The form\'s content is not valid; see the fields' },
  PROCESS_SUSPENDED: { status: 409, zh: '该交易已被监管暂停，暂不能办理', en: 'The deal is suspended by the supervisor; tasks cannot be acted on' },
  PROCESS_ENDED: { status: 409, zh: '该交易流程已结束', en: 'The deal\'s process has ended' },
  SIGNER_NOT_ALLOWED: { status: 409, zh: '不能为该任务加签', en: 'A signer cannot be added to this task' },
  RETURN_NOT_ALLOWED: { status: 409, zh: '不能退回到该环节', en: 'The task cannot be returned there' },
  WITHDRAW_NOT_ALLOWED: { status: 409, zh: '下一环节已开始办理，不能撤回', en: 'The next step has started; the task cannot be withdrawn' },
  TERMINATION_PENDING: { status: 409, zh: '该交易已有一项终止指令等待另一名监管人员确认', en: 'A termination of this deal already awaits a second supervisor\'s confirmation' },
  TERMINATION_NOT_PENDING: { status: 409, zh: '该终止指令已确认或已超过确认期限', en: 'The termination was confirmed already or its time for confirmation has passed' },
  TERMINATION_REQUEST_NOT_FOUND: { status: 404, zh: '没有该终止指令', en: 'No such termination request' },
  FOUR_EYES_SAME_PERSON: { status: 403, zh: '终止指令须由另一名监管人员确认，不能确认自己下达的指令', en: 'A termination is confirmed by a second supervisor, not by the one who issued it' },
  REAUTHENTICATION_FAILED: { status: 403, zh: '动态验证码不正确或已使用，终止指令未生效', en: 'The code is wrong or was used already; the termination did not take effect' },
  SECOND_FACTOR_NOT_ENROLLED: { status: 409, zh: '您未绑定身份验证器：终止指令须由另一名监管人员确认', en: 'You have no authenticator enrolled: a second supervisor must confirm the termination' },
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
  UPLOAD_TOO_LONG: { status: 400, zh: '发送的字节超过声明的文件大小', en: 'More bytes were sent than the size announced' },
  UPLOAD_OFFSET_MISMATCH: { status: 409, zh: '续传位置不正确，请按服务器记录的位置续传', en: 'Not the offset the server holds; continue from that one' },
  UPLOAD_BUSY: { status: 409, zh: '该文件正在上传中', en: 'Another append to this upload is in progress' },
  UPLOAD_COMPLETE: { status: 409, zh: '文件已上传完成', en: 'The upload is already complete' },
  UPLOAD_GONE: { status: 410, zh: '该上传已过期或作废，请重新上传', en: 'The upload expired or was abandoned; start a new one' },
  UPLOAD_DIGEST_MISMATCH: { status: 422, zh: '文件内容与声明的 SHA-256 不符', en: 'The file does not match the SHA-256 announced' },
  UPLOAD_INTERRUPTED: { status: 400, zh: '传输中断，可从已收到的位置续传', en: 'The transfer broke off; continue from the offset received' },
  RANGE_NOT_SATISFIABLE: { status: 416, zh: '请求的范围超出文件大小', en: 'The range asked for is outside the file' },
  FILES_NOT_CONFIGURED: { status: 503, zh: '未配置文件存储', en: 'No file store is configured' },
  BIDDING_CLOSED: { status: 409, zh: '不在投标时间内', en: 'The section takes no bids now' },
  ENVELOPE_REFUSED: { status: 422, zh: '投标文件封装与本标段、投标人或开标密钥不符', en: 'The sealed bid does not match this section, bidder or opening key' },
  CERTIFICATE_REQUIRED: { status: 403, zh: '请使用本单位有效的数字证书登录后操作', en: 'Sign in with a valid certificate of your company' },
  BID_SIGNATURE_INVALID: { status: 422, zh: '投标文件的数字签名无效', en: 'The bid\'s signature does not verify' },
  NOT_DECRYPTING: { status: 409, zh: '当前不在解密时段', en: 'The bids are not being decrypted now' },
  SHARE_DOES_NOT_OPEN: { status: 422, zh: '解密失败：密钥与投标文件不符', en: 'The share does not open the bid' },
  BANK_NOT_CONFIGURED: { status: 503, zh: '未配置银行回调密钥', en: 'No bank callback key is configured' },
  BANK_TRANSACTION_CONFLICT: { status: 409, zh: '该银行流水号已以不同内容通知过', en: 'This bank transaction was notified before with different content' },
  DEAL_ENDED: { status: 409, zh: '该交易项目已结束', en: 'The deal has ended' },
  BIDDING_NOT_OPEN: { status: 409, zh: '该交易项目尚未发布招标公告', en: 'The deal has no published tender notice yet' },
  BID_DEADLINE_PASSED: { status: 409, zh: '已过投标截止时间', en: 'The bid deadline has passed' },
  POSTPONEMENT_NOT_LATER: { status: 422, zh: '顺延后的投标截止时间应晚于当前的截止时间', en: 'The new bid deadline must come after the current one' },
  DEADLINE_TOO_EARLY: { status: 422, zh: '澄清或修改晚于截止前15日，投标截止时间不得早于法定最早时间', en: 'After a late clarification the bid deadline cannot come before the earliest lawful time' },
  DEADLINE_NOT_WORKING_DAY: { status: 422, zh: '投标截止时间（开标时间）应在工作日', en: 'The bid deadline (the opening) must fall on a working day' },
  POSTPONEMENT_KEY_REUSED: { status: 409, zh: '该请求编号已用于另一次顺延', en: 'This request id already moved another deadline' },
  POSTPONEMENT_NOT_APPLICABLE: { status: 409, zh: '挂牌出让的挂牌截止时间不在此顺延', en: 'A land listing\'s end is not moved here' },
  NOT_A_LISTING: { status: 409, zh: '该交易项目不是网上挂牌出让', en: 'The deal is not an online land listing' },
  LISTING_NOT_OPEN: { status: 409, zh: '挂牌尚未开始', en: 'The listing has not started' },
  LISTING_CLOSED: { status: 409, zh: '挂牌已截止', en: 'The listing has ended' },
  DEPOSIT_NOT_PAID: { status: 409, zh: '竞买保证金未足额到账，不能报价', en: 'The deposit has not been received in full: no quote yet' },
  QUOTE_TOO_LOW: { status: 422, zh: '报价低于起始价或低于当前最高报价加增价幅度', en: 'The quote is below the starting price, or below the highest plus the increment' },
  QUOTE_ALREADY_HIGHEST: { status: 409, zh: '您的报价已是最高报价，待他人更高报价后方可再报', en: 'Yours is the highest quote: quote again once someone outbids it' },
  QUOTE_KEY_REUSED: { status: 409, zh: '该请求编号已用于另一次报价', en: 'This request id was used for another quote' },
  SECTION_NOT_FOUND: { status: 404, zh: '标段不存在', en: 'No such section' },
  CREDIT_SANCTIONED: { status: 403, zh: '该主体处于失信惩戒期内，不得参与投标', en: 'The subject is under a credit sanction and may not bid' },
  BID_ALREADY_REGISTERED: { status: 409, zh: '已报名该标段（撤回后不能再次报名）', en: 'Already registered for this section (a withdrawn registration cannot be renewed)' },
  REGISTRATION_NOT_FOUND: { status: 404, zh: '未报名该标段或已撤回', en: 'No registration for this section, or it was withdrawn' },
  BID_ALREADY_SUBMITTED: { status: 409, zh: '投标文件已递交，请先撤回投标文件', en: 'A bid was already submitted; withdraw the bid first' },
  NOT_ORGANISER: { status: 403, zh: '只有招标人或其招标代理机构可以办理', en: 'Only the tenderee or its agency can do this' },
  NOT_REGISTERED_BIDDER: { status: 403, zh: '报名后才能办理', en: 'Only a registered bidder can do this' },
  DEPOSIT_OVER_CAP: { status: 422, zh: '保证金超过法定上限（估算价的2%）', en: 'The deposit exceeds the statutory cap (2 % of the estimate)' },
  DEPOSIT_AMOUNT_LOCKED: { status: 409, zh: '已有投标人提交保证金，保证金金额不能再改', en: 'Bidders already paid deposits; the amount can no longer change' },
  DEPOSIT_AMOUNT_NOT_SET: { status: 409, zh: '招标文件尚未载明保证金金额', en: 'The tender documents do not state the deposit yet' },
  DEPOSIT_ALREADY_COLLECTED: { status: 409, zh: '该标段的保证金已提交', en: 'A deposit for this section was already provided' },
  DOCUMENT_NOT_FOUND: { status: 404, zh: '文件不存在', en: 'No such document' },
  QUESTION_NOT_FOUND: { status: 404, zh: '问题不存在', en: 'No such question' },
  QUESTION_ALREADY_ANSWERED: { status: 409, zh: '该问题已答复', en: 'The question is already answered' },
  GUARANTEE_ISSUER_UNKNOWN: { status: 400, zh: '平台未接入该出函机构', en: 'The platform is not connected to this guarantee issuer' },
  GUARANTEE_ISSUER_UNAVAILABLE: { status: 503, zh: '出函机构暂时无法核验保函，请稍后再试', en: 'The issuer cannot verify the guarantee right now; try again later' },
  GUARANTEE_UNKNOWN: { status: 422, zh: '出函机构没有该保函', en: 'The issuer has no such guarantee' },
  GUARANTEE_NOT_VALID: { status: 422, zh: '保函已撤销或已索赔', en: 'The guarantee was revoked or claimed' },
  GUARANTEE_MISMATCH: { status: 422, zh: '保函不是为本投标人、本标段出具的', en: 'The guarantee was not issued for this bidder and section' },
  GUARANTEE_AMOUNT_TOO_LOW: { status: 422, zh: '保函金额少于招标文件要求的保证金', en: 'The guarantee is for less than the required deposit' },
  GUARANTEE_EXPIRES_TOO_SOON: { status: 422, zh: '保函有效期未覆盖投标截止日', en: 'The guarantee ends before the bid deadline' },
  GUARANTEE_EXPIRED: { status: 422, zh: '保函已失效', en: 'The guarantee has expired' },
  GUARANTEE_NOT_YET_VALID: { status: 422, zh: '保函尚未生效', en: 'The guarantee is not yet valid' },
  GUARANTEE_ALREADY_USED: { status: 409, zh: '该保函已用于另一笔保证金', en: 'The guarantee already backs another deposit' },
  HALL_SIGN_IN_CLOSED: { status: 409, zh: '开标已开始，不能再签到', en: 'The opening has begun: signing in is closed' },
  HALL_SIGN_IN_NEEDS_BID: { status: 409, zh: '递交投标文件后才能签到', en: 'Submit your bid before you sign in to the hall' },
  OPENING_NOT_STARTED: { status: 409, zh: '开标尚未开始', en: 'The opening has not begun' },
  OPENING_RECORD_CLOSED: { status: 409, zh: '开标记录已形成，不再受理开标现场异议', en: 'The opening record is made: the hall takes no more objections' },
  OBJECTION_NOT_FOUND: { status: 404, zh: '该异议不存在', en: 'No such objection' },
  OBJECTION_ALREADY_ANSWERED: { status: 409, zh: '该异议已答复', en: 'The objection is already answered' },
  OBJECTION_IN_OPENING_HALL: { status: 409, zh: '对开标的异议应当在开标现场提出并当场答复，请进入不见面开标大厅', en: 'Objections to the opening are raised in the opening hall and answered there' },
  OBJECTION_DOCUMENTS_LATE: { status: 409, zh: '已过对招标文件提出异议的期限（投标截止时间10日前）', en: 'Too late to object to the documents (10 days before the bid deadline)' },
  OBJECTION_RESULT_NOT_PUBLICISED: { status: 409, zh: '评标结果尚未公示，暂不能提出异议', en: 'The evaluation result is not publicised yet' },
  OBJECTION_RESULT_LATE: { status: 409, zh: '公示期已结束，不能再对评标结果提出异议', en: 'The publicity has ended: too late to object to the result' },
  OPENING_NOT_CLOSED: { status: 409, zh: '开标尚未结束，不能形成开标记录', en: 'The opening is not closed yet: no record yet' },
  OBJECTIONS_UNANSWERED: { status: 409, zh: '还有异议未答复，答复后才能形成开标记录', en: 'Answer every objection before the record is made' },
  NO_OPENING_RECORD: { status: 409, zh: '开标记录尚未形成', en: 'The opening record is not made yet' },
  NOT_SCREENED: { status: 409, zh: '该标段尚未完成围标串标筛查（开标完成后自动筛查）', en: 'The section has not been screened yet (it is screened once its opening is final)' },
  NOT_IN_RECORD: { status: 403, zh: '开标记录中没有您的投标', en: 'Your bid is not in this opening record' },
  RECORD_HASH_MISMATCH: { status: 409, zh: '确认的开标记录摘要与平台保存的不一致', en: 'The record you confirm is not the record the platform holds' },
  COMPLAINT_LATE: { status: 422, zh: '已超过投诉期限（知道或应当知道之日起10日内）', en: 'Too late to complain (within 10 days of knowing)' },
  COMPLAINT_KNOWN_IN_FUTURE: { status: 422, zh: '知道或应当知道之日不能晚于今天', en: 'The day of knowing cannot be in the future' },
  PRICE_IMPORT_INVALID: { status: 422, zh: '价格文件有不符合格式的行，整个文件未导入（见各行说明）', en: 'Rows of the price file are not valid; nothing was imported (see each row)' },
  PRICE_FILE_UNREADABLE: { status: 422, zh: '无法读取该价格文件（应为 CSV 或 XLSX）', en: 'The price file cannot be read (CSV or XLSX expected)' },
  PRICE_FILE_NOT_UPLOADED: { status: 404, zh: '没有找到您上传完成的该文件', en: 'No completed upload of yours has this file' },
  PRICE_BASIS_MIXED: { status: 422, zh: '所选价格的计量单位或品规不一致，请指定一种', en: 'The prices chosen are in different units or products; choose one' },
  MARKET_RANGE_INVALID: { status: 400, zh: '统计区间无效：起始月份不能晚于截止月份，且最长 120 个月', en: 'The span is not valid: the first month cannot be after the last, and it covers at most 120 months' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  path: string;
  message: string;
  /** A stable code of the field's problem (a form's: required, type, enum, pattern, format, minimum …). */
  code?: string;
  /** The message in both languages; the answer carries the one of the request. */
  messages?: { zh: string; en: string };
}

export class AppError extends Error {
  readonly status: number;
  /** A message more precise than the code's own (a domain refusal's), shown instead of it. */
  localized?: { zh: string; en: string };
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

export function errorBody(code: ErrorCode, language: Language, requestId: string, details?: ErrorDetail[], localized?: { zh: string; en: string }) {
  const spec = localized ?? ERRORS[code];
  return {
    error: {
      code,
      message: language === 'en' ? spec.en : spec.zh,
      ...(details && details.length ? { details: details.map(({ messages, ...d }) => (messages ? { ...d, message: language === 'en' ? messages.en : messages.zh } : d)) } : {}),
      requestId,
    },
  };
}
