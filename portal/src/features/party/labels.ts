// Words for the parties' portal's codes, zh-CN and en.
type T = (zh: string, en: string) => string;

export const roleLabel = (role: string, t: T) => ({
  tenderee: t('招标人', 'Tenderee'), agency: t('招标代理机构', 'Agency'), bidder: t('投标人', 'Bidder'),
}[role] ?? role);

export const depositStatusLabel = (status: string, t: T) => ({
  none: t('未缴纳', 'Not paid'), received: t('已到账', 'Received'), guaranteed: t('电子保函已核验', 'Guarantee verified'),
  refunded: t('已退还', 'Refunded'), released: t('保函已解除', 'Guarantee released'),
}[status] ?? status);

/** A registration's status; in a land listing 报名 is the application (竞买申请) and a bid is a quote. */
export const registrationStatusLabel = (status: string, t: T, listing = false) => ({
  registered: listing ? t('已申请竞买', 'Applied') : t('已报名', 'Registered'), submitted: listing ? t('已报价', 'Quoted') : t('已递交投标文件', 'Bid submitted'),
  withdrawn: t('已撤回', 'Withdrawn'), rejected: t('已否决', 'Rejected'),
}[status] ?? status);

export const receiptKindLabel = (kind: string, t: T) => ({
  registration: t('报名', 'Registration'), withdrawal: t('撤回报名', 'Withdrawal'), download: t('下载招标文件', 'Document download'),
  question: t('提出问题', 'Question'), answer: t('答复', 'Answer'), documents: t('发布招标文件', 'Documents published'),
  guarantee: t('电子保函', 'Guarantee'), deposit: t('保证金到账', 'Deposit received'), bid: t('递交投标文件', 'Bid submitted'),
  decryption: t('开标解密', 'Bid decrypted'), sign_in: t('开标签到', 'Signed in to the hall'), objection: t('提出异议', 'Objection raised'),
  record_confirmation: t('确认开标记录', 'Opening record confirmed'), quote: t('挂牌报价', 'Listing quote'),
}[kind] ?? kind);

export const dealStatusLabel = (status: string, t: T) => ({
  registered: t('进行中', 'In progress'), terminated: t('已终止', 'Terminated'), failed: t('已失败', 'Failed'), completed: t('已完成', 'Completed'),
}[status] ?? status);

export const complaintStatusLabel = (status: string, t: T) => ({
  filed: t('已提交，待受理审查', 'Filed, awaiting acceptance'), accepted: t('已受理，调查处理中', 'Accepted, under investigation'),
  rejected: t('不予受理', 'Not accepted'), decided: t('已作出处理决定', 'Decided'),
}[status] ?? status);

export const complaintDecisionLabel = (decision: string, t: T) => ({
  upheld: t('投诉成立', 'Upheld'), dismissed: t('投诉不成立，驳回', 'Dismissed'),
}[decision] ?? decision);

export const objectionKindLabel = (kind: string, t: T) => ({
  documents: t('对招标文件的异议', 'Objection to the documents'), result: t('对评标结果的异议', 'Objection to the evaluation result'),
  opening: t('对开标的异议', 'Objection to the opening'),
}[kind] ?? kind);
