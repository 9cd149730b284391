// Words for the subject library's codes, zh-CN and en.
type T = (zh: string, en: string) => string;

export const kindLabel = (kind: string, t: T) => ({
  bidder: t('投标人', 'Bidder'), tenderee: t('招标人', 'Tenderee'), agent: t('招标代理机构', 'Tendering agency'), supplier: t('供应商', 'Supplier'),
}[kind] ?? kind);

export const personRoleLabel = (role: string, t: T) => ({
  legal_representative: t('法定代表人', 'Legal representative'), project_manager: t('项目经理', 'Project manager'),
  contact: t('联系人', 'Contact'), authorized_agent: t('授权委托人', 'Authorised agent'),
}[role] ?? role);

export const reviewStatusLabel = (status: string, t: T) => ({
  unreviewed: t('未审核', 'Not reviewed'), pending: t('待审核', 'Pending review'), approved: t('已审核', 'Approved'), rejected: t('已驳回', 'Rejected'),
}[status] ?? status);

export const registrationKindLabel = (kind: string, t: T) => ({
  constructor: t('注册建造师', 'Registered constructor'), supervising_engineer: t('注册监理工程师', 'Registered supervising engineer'),
  cost_engineer: t('注册造价工程师', 'Registered cost engineer'), architect: t('注册建筑师', 'Registered architect'),
  structural_engineer: t('注册结构工程师', 'Registered structural engineer'),
}[kind] ?? kind);

export const measureLabel = (measure: string, t: T) => ({
  bar_from_bidding: t('禁止参加投标', 'Barred from bidding'), blacklist: t('列入黑名单', 'Blacklisted'), warning: t('警示', 'Warning'),
}[measure] ?? measure);

export const sourceLabel = (source: string, t: T) => ({
  application: t('申请', 'Application'), registry: t('外部登记机关', 'Outside register'), deal: t('交易登记', 'Deal registration'),
  complaint: t('投诉处理决定', 'Complaint decision'), manual: t('人工录入', 'Entered by hand'),
}[source] ?? source);

export const entityLabel = (entity: string, t: T) => ({
  subject: t('主体', 'Subject'), person: t('人员', 'Person'), licence: t('证照', 'Licence'), qualification: t('资质', 'Qualification'),
  performance: t('业绩', 'Performance'), registration: t('注册', 'Registration'), credit_record: t('信用记录', 'Credit record'), sanction: t('惩戒', 'Sanction'),
}[entity] ?? entity);
