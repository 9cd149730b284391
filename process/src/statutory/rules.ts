// Statutory periods between two steps of a trading procedure, as data. The compiler checks every model that
// declares a ggzy:procedureKind against the rules of that kind; the designer and the docs list them.
//
// A period is measured from the moment step A is done (its completion: the notice is published, the documents are
// issued, the contract is signed) to step B:
//   min — B cannot start before the period has passed (e.g. bid opening ≥ 20 days after the documents are issued);
//   max — B must be completed within the period (e.g. the contract signed within 30 days of the award notice).

export interface LocalizedText {
  zh: string;
  en: string;
}

export const PROCEDURE_KINDS = ['construction-open-tender', 'government-procurement-open', 'land-listing', 'complaint'] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

/** A step of the model: a service task of a task type (optionally with a literal input), or a user task by form key. */
export type StepMatcher =
  | { kind: 'serviceTask'; taskType: string; input?: { name: string; value: string } }
  | { kind: 'userTask'; formKey: string };

export type PeriodUnit = 'calendarDays' | 'workingDays';

export interface StatutoryPeriod {
  amount: number;
  unit: PeriodUnit;
}

export interface LegalReference {
  law: LocalizedText;
  article: LocalizedText;
}

export interface StatutoryRule {
  /** Stable id, quoted in every problem the rule reports. */
  id: string;
  title: LocalizedText;
  kind: 'min' | 'max';
  /** Step A: any of these. */
  from: readonly StepMatcher[];
  /** Step B: any of these. */
  to: readonly StepMatcher[];
  period: StatutoryPeriod;
  basis: readonly LegalReference[];
}

const serviceTask = (taskType: string, input?: { name: string; value: string }): StepMatcher => ({ kind: 'serviceTask', taskType, ...(input ? { input } : {}) });
const userTask = (formKey: string): StepMatcher => ({ kind: 'userTask', formKey });
const notice = (noticeType: string) => serviceTask('notices.publish', { name: 'noticeType', value: noticeType });
const days = (amount: number): StatutoryPeriod => ({ amount, unit: 'calendarDays' });
const workingDays = (amount: number): StatutoryPeriod => ({ amount, unit: 'workingDays' });

const TENDERING_LAW = { zh: '《中华人民共和国招标投标法》', en: 'Tendering and Bidding Law of the PRC' };
const TENDERING_REGULATIONS = { zh: '《中华人民共和国招标投标法实施条例》', en: 'Regulations on the Implementation of the Tendering and Bidding Law' };
const PROCUREMENT_LAW = { zh: '《中华人民共和国政府采购法》', en: 'Government Procurement Law of the PRC' };
const PROCUREMENT_REGULATIONS = { zh: '《中华人民共和国政府采购法实施条例》', en: 'Regulations on the Implementation of the Government Procurement Law' };
const MOF_ORDER_87 = {
  zh: '《政府采购货物和服务招标投标管理办法》（财政部令第87号）',
  en: 'Measures on Tendering for Government Procurement of Goods and Services (MOF Order No. 87)',
};
const LAND_ORDER_39 = {
  zh: '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）',
  en: 'Provisions on Granting State-owned Construction Land Use Rights by Tender, Auction and Listing (MLR Order No. 39)',
};
const article = (law: LocalizedText, n: number, zh: string): LegalReference => ({ law, article: { zh, en: `Art. ${n}` } });

/** Bid opening happens at the bid deadline (招标投标法 §34), so a period that ends at the deadline ends at either step. */
const BID_DEADLINE = [serviceTask('bids.open'), userTask('bids.deadline')];
const DEPOSIT_REFUND = [serviceTask('deposits.refund'), serviceTask('deposits.refundAll'), serviceTask('deposits.refundUnsuccessful')];

export const STATUTORY_RULES: Readonly<Record<ProcedureKind, readonly StatutoryRule[]>> = {
  'construction-open-tender': [
    {
      id: 'construction.bidding-period',
      title: { zh: '招标文件发出至投标截止不少于20日', en: 'At least 20 days from issuing the tender documents to the bid deadline' },
      kind: 'min', from: [userTask('documents.issue')], to: BID_DEADLINE, period: days(20),
      basis: [article(TENDERING_LAW, 24, '第二十四条')],
    },
    {
      // the documents are issued no earlier than the tender notice, so the notice is at least as far from the deadline
      id: 'construction.notice-to-deadline',
      title: { zh: '招标公告发布至投标截止不少于20日', en: 'At least 20 days from the tender notice to the bid deadline' },
      kind: 'min', from: [notice('tender')], to: BID_DEADLINE, period: days(20),
      basis: [article(TENDERING_LAW, 24, '第二十四条')],
    },
    {
      id: 'construction.clarification-period',
      title: { zh: '澄清或修改至投标截止不少于15日', en: 'At least 15 days from a clarification or amendment to the bid deadline' },
      kind: 'min', from: [notice('clarification')], to: BID_DEADLINE, period: days(15),
      basis: [article(TENDERING_LAW, 23, '第二十三条'), article(TENDERING_REGULATIONS, 21, '第二十一条')],
    },
    {
      id: 'construction.candidate-publication',
      title: { zh: '收到评标报告后3日内公示中标候选人', en: 'Candidates published within 3 days of receiving the evaluation report' },
      kind: 'max', from: [userTask('evaluation.report')], to: [notice('candidates')], period: days(3),
      basis: [article(TENDERING_REGULATIONS, 54, '第五十四条')],
    },
    {
      id: 'construction.candidate-publicity',
      title: { zh: '中标候选人公示期不少于3日', en: 'Candidates publicised for at least 3 days before the award notice' },
      kind: 'min', from: [notice('candidates')], to: [serviceTask('awards.issueNotice')], period: days(3),
      basis: [article(TENDERING_REGULATIONS, 54, '第五十四条')],
    },
    {
      id: 'construction.contract-signing',
      title: { zh: '中标通知书发出后30日内订立书面合同', en: 'Contract signed within 30 days of the award notice' },
      kind: 'max', from: [serviceTask('awards.issueNotice')], to: [userTask('contract.sign')], period: days(30),
      basis: [article(TENDERING_LAW, 46, '第四十六条')],
    },
    {
      id: 'construction.deposit-refund',
      title: { zh: '书面合同签订后5日内退还投标保证金', en: 'Bid deposits refunded within 5 days of signing the contract' },
      kind: 'max', from: [userTask('contract.sign')], to: DEPOSIT_REFUND, period: days(5),
      basis: [article(TENDERING_REGULATIONS, 57, '第五十七条')],
    },
    {
      id: 'construction.complaint-decision',
      title: { zh: '受理投诉后30个工作日内作出处理决定', en: 'Complaint decided within 30 working days of accepting it' },
      kind: 'max', from: [userTask('complaint.accept')], to: [userTask('complaint.decide')], period: workingDays(30),
      basis: [article(TENDERING_REGULATIONS, 61, '第六十一条')],
    },
  ],
  'government-procurement-open': [
    {
      id: 'procurement.bidding-period',
      title: { zh: '招标文件发出至投标截止不少于20日', en: 'At least 20 days from issuing the tender documents to the bid deadline' },
      kind: 'min', from: [userTask('documents.issue')], to: BID_DEADLINE, period: days(20),
      basis: [article(PROCUREMENT_LAW, 35, '第三十五条')],
    },
    {
      id: 'procurement.notice-to-deadline',
      title: { zh: '采购公告发布至投标截止不少于20日', en: 'At least 20 days from the procurement notice to the bid deadline' },
      kind: 'min', from: [notice('procurement')], to: BID_DEADLINE, period: days(20),
      basis: [article(PROCUREMENT_LAW, 35, '第三十五条')],
    },
    {
      id: 'procurement.clarification-period',
      title: { zh: '澄清或修改至投标截止不少于15日', en: 'At least 15 days from a clarification or amendment to the bid deadline' },
      kind: 'min', from: [notice('clarification')], to: BID_DEADLINE, period: days(15),
      basis: [article(MOF_ORDER_87, 27, '第二十七条'), article(PROCUREMENT_REGULATIONS, 31, '第三十一条')],
    },
    {
      id: 'procurement.winner-confirmation',
      title: { zh: '收到评标报告后5个工作日内确定中标人', en: 'Winner confirmed within 5 working days of receiving the evaluation report' },
      kind: 'max', from: [userTask('evaluation.report')], to: [userTask('award.confirm')], period: workingDays(5),
      basis: [article(PROCUREMENT_REGULATIONS, 43, '第四十三条')],
    },
    {
      id: 'procurement.award-notice',
      title: { zh: '确定中标人后2个工作日内发出中标通知书', en: 'Award notice issued within 2 working days of confirming the winner' },
      kind: 'max', from: [userTask('award.confirm')], to: [serviceTask('awards.issueNotice')], period: workingDays(2),
      basis: [article(PROCUREMENT_REGULATIONS, 43, '第四十三条')],
    },
    {
      id: 'procurement.result-announcement',
      title: { zh: '确定中标人后2个工作日内公告中标结果', en: 'Result announced within 2 working days of confirming the winner' },
      kind: 'max', from: [userTask('award.confirm')], to: [notice('result')], period: workingDays(2),
      basis: [article(PROCUREMENT_REGULATIONS, 43, '第四十三条')],
    },
    {
      id: 'procurement.contract-signing',
      title: { zh: '中标通知书发出后30日内签订政府采购合同', en: 'Procurement contract signed within 30 days of the award notice' },
      kind: 'max', from: [serviceTask('awards.issueNotice')], to: [userTask('contract.sign')], period: days(30),
      basis: [article(PROCUREMENT_LAW, 46, '第四十六条')],
    },
    {
      id: 'procurement.deposit-refund-unsuccessful',
      title: { zh: '中标通知书发出后5个工作日内退还未中标供应商的保证金', en: 'Unsuccessful suppliers\' deposits refunded within 5 working days of the award notice' },
      kind: 'max', from: [serviceTask('awards.issueNotice')], to: DEPOSIT_REFUND, period: workingDays(5),
      basis: [article(PROCUREMENT_REGULATIONS, 33, '第三十三条')],
    },
    {
      id: 'procurement.deposit-refund-winner',
      title: { zh: '合同签订后5个工作日内退还中标供应商的保证金', en: 'The winner\'s deposit refunded within 5 working days of signing the contract' },
      kind: 'max', from: [userTask('contract.sign')], to: DEPOSIT_REFUND, period: workingDays(5),
      basis: [article(PROCUREMENT_REGULATIONS, 33, '第三十三条')],
    },
  ],
  'land-listing': [
    {
      id: 'land.notice-period',
      title: { zh: '挂牌公告至少在挂牌开始日前20日发布', en: 'Listing notice published at least 20 days before the listing starts' },
      kind: 'min', from: [notice('land-listing')], to: [serviceTask('listing.open')], period: days(20),
      basis: [article(LAND_ORDER_39, 10, '第十条')],
    },
    {
      // counted in working days, as the 2002 text did: the stricter of the readings of "10 days"
      id: 'land.listing-period',
      title: { zh: '挂牌时间不少于10个工作日', en: 'Listing open for at least 10 working days' },
      kind: 'min', from: [serviceTask('listing.open')], to: [serviceTask('listing.close')], period: workingDays(10),
      basis: [article(LAND_ORDER_39, 18, '第十八条')],
    },
    {
      id: 'land.deposit-refund',
      title: { zh: '挂牌活动结束后5个工作日内退还竞买保证金', en: 'Bidders\' deposits refunded within 5 working days of the close of listing' },
      kind: 'max', from: [userTask('listing.close')], to: DEPOSIT_REFUND, period: workingDays(5),
      basis: [article(LAND_ORDER_39, 21, '第二十一条')],
    },
    {
      id: 'land.result-publication',
      title: { zh: '挂牌活动结束后10个工作日内公布出让结果', en: 'Result published within 10 working days of the close of listing' },
      kind: 'max', from: [userTask('listing.close')], to: [notice('land-result')], period: workingDays(10),
      basis: [article(LAND_ORDER_39, 22, '第二十二条')],
    },
  ],
  complaint: [
    {
      id: 'complaint.acceptance',
      title: { zh: '收到投诉后3个工作日内决定是否受理', en: 'Whether to accept a complaint decided within 3 working days of receiving it' },
      kind: 'max', from: [serviceTask('complaints.file')], to: [userTask('complaint.accept')], period: workingDays(3),
      basis: [article(TENDERING_REGULATIONS, 61, '第六十一条')],
    },
    {
      id: 'complaint.decision',
      title: { zh: '受理投诉后30个工作日内作出书面处理决定', en: 'Written decision within 30 working days of accepting the complaint' },
      kind: 'max', from: [userTask('complaint.accept')], to: [userTask('complaint.decide')], period: workingDays(30),
      basis: [article(TENDERING_REGULATIONS, 61, '第六十一条')],
    },
  ],
};

export function isProcedureKind(value: string): value is ProcedureKind {
  return (PROCEDURE_KINDS as readonly string[]).includes(value);
}

/** Every rule, with the procedure kind it belongs to (for listings in the designer and the docs). */
export function listStatutoryRules(): Array<StatutoryRule & { procedureKind: ProcedureKind }> {
  return PROCEDURE_KINDS.flatMap((procedureKind) => STATUTORY_RULES[procedureKind].map((rule) => ({ ...rule, procedureKind })));
}
