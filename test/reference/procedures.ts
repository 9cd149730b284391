// The reference procedures, authored with the BPMN builder and committed as .bpmn files under process/reference/
// (with their forms under process/reference/forms/). The demo seed deploys the committed files.
import type { NodeSpec, ProcessSpec } from '../support/bpmn-builder';
import { ENGLISH_NAMES } from './english-names';

const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

/** 投诉处理: accept/reject within 3 working days, decide within 30 working days (实施条例 §60–61). */
export const complaint: ProcessSpec = {
  id: 'complaint',
  name: '投诉处理',
  procedureKind: 'complaint',
  nodes: [
    { id: 'start', type: 'startEvent', name: '收到投诉', formKey: 'start.complaint' },
    { id: 'file', type: 'serviceTask', name: '投诉登记', taskType: 'complaints.file', inputs: { complaintNo: 'complaintNo', complainant: 'complainant', grounds: 'grounds', knownOn: 'knownOn' } },
    { id: 'late', type: 'boundaryError', attachedTo: 'file', errorCode: 'COMPLAINT_LATE', name: '超过投诉期限' },
    { id: 'lateEnd', type: 'endEvent', name: '不予受理（逾期）' },
    { id: 'acceptReview', type: 'userTask', name: '受理审查', role: 'supervisor', formKey: 'complaint.accept', due: 'P3D', calendar: 'working' },
    { id: 'acceptOverdue', type: 'boundaryTimer', attachedTo: 'acceptReview', duration: 'P3D', calendar: 'working', interrupting: false, name: '受理超期' },
    {
      id: 'alertAcceptOverdue', type: 'serviceTask', name: '受理超期预警', taskType: 'alerts.raise',
      inputs: {
        ruleId: q('COMPLAINT_ACCEPT_OVERDUE'), severity: q('critical'), legalBasis: q('《招标投标法实施条例》第六十一条'),
        messageZh: q('投诉收到后 3 个工作日内未作出受理决定'), messageEn: q('no decision on accepting the complaint within 3 working days'),
      },
    },
    { id: 'acceptOverdueEnd', type: 'endEvent', name: '已预警' },
    { id: 'accept', type: 'serviceTask', name: '记录受理决定', taskType: 'complaints.accept', inputs: { complaintNo: 'complaintNo', accepted: 'accepted == true', suspendDeal: 'suspendDeal == true', reason: 'acceptReason' } },
    { id: 'accepted', type: 'exclusiveGateway', name: '是否受理', default: 'flow_accepted_rejectedEnd' },
    { id: 'rejectedEnd', type: 'endEvent', name: '不予受理' },
    { id: 'decideReview', type: 'userTask', name: '调查处理', role: 'supervisor', formKey: 'complaint.decide', due: 'P30D', calendar: 'working' },
    { id: 'decideOverdue', type: 'boundaryTimer', attachedTo: 'decideReview', duration: 'P30D', calendar: 'working', interrupting: false, name: '处理超期' },
    {
      id: 'alertDecideOverdue', type: 'serviceTask', name: '处理超期预警', taskType: 'alerts.raise',
      inputs: {
        ruleId: q('COMPLAINT_DECISION_OVERDUE'), severity: q('critical'), legalBasis: q('《招标投标法实施条例》第六十一条'),
        messageZh: q('受理投诉后 30 个工作日内未作出书面处理决定'), messageEn: q('no written decision within 30 working days of accepting the complaint'),
      },
    },
    { id: 'decideOverdueEnd', type: 'endEvent', name: '已预警' },
    { id: 'decide', type: 'serviceTask', name: '作出处理决定', taskType: 'complaints.decide', inputs: {
      complaintNo: 'complaintNo', decision: 'decision', text: 'decisionText', sanctionCreditCode: 'sanctionCreditCode', sanctionMeasure: 'sanctionMeasure',
      sanctionLegalBasis: 'sanctionLegalBasis', sanctionMonths: 'sanctionMonths',
    } },
    { id: 'end', type: 'endEvent', name: '已处理' },
  ],
  flows: [
    ['start', 'file'], ['late', 'lateEnd'], ['file', 'acceptReview'], ['acceptOverdue', 'alertAcceptOverdue'], ['alertAcceptOverdue', 'acceptOverdueEnd'],
    ['acceptReview', 'accept'], ['accept', 'accepted'], ['accepted', 'decideReview', 'complaintAccepted == true'], ['accepted', 'rejectedEnd'],
    ['decideOverdue', 'alertDecideOverdue'], ['alertDecideOverdue', 'decideOverdueEnd'], ['decideReview', 'decide'], ['decide', 'end'],
  ],
};

/**
 * 工程建设项目公开招标: the reference lifecycle of DOMAIN.md, one deal with one or more sections (标段) — registration,
 * venue, tender notice and documents, the statutory bidding period (≥ 20 days, and not before the announced opening),
 * bidders' registration (credit check), deposits and sealed bids, opening (fewer than 3 bids → termination and
 * re-tender), alerts, expert draw (sealed list), evaluation, candidate publicity (≥ 3 days), award notices, fees,
 * result notice, contract (≤ 30 days), deposit refunds, venue release, close, data aggregation, sealed archive.
 * Who does what: the centre's staff accept and arrange (受理, the schedule, venues) and record the committee's report
 * as they witness the evaluation; the deal's own parties do their steps themselves (`party:…` roles) — the tenderee or
 * its agency issues the tender documents and confirms the evaluation report with the candidates' publicity text
 * (实施条例 §54), the tenderee alone decides the winner (定标, 法 §40) and signs the contract (法 §46).
 */
export const constructionOpenTender: ProcessSpec = {
  id: 'construction_open_tender',
  name: '工程建设项目公开招标',
  procedureKind: 'construction-open-tender',
  nodes: [
    { id: 'start', type: 'startEvent', name: '招标项目进场', formKey: 'start.construction' },
    { id: 'accept', type: 'serviceTask', name: '受理登记', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections', approvalReference: 'approvalReference', fundingSource: 'fundingSource' } },
    { id: 'review', type: 'userTask', name: '登记审核与日程安排', role: 'staff', formKey: 'registration.review', due: 'P2D', calendar: 'working' },
    { id: 'bookOpening', type: 'serviceTask', name: '预约开标厅', taskType: 'venue.book', inputs: { roomKind: q('opening_hall'), start: 'openingAt', end: 'openingEndsAt', purpose: q('开标') } },
    { id: 'releaseOnTermination', type: 'serviceTask', name: '终止：释放场地', taskType: 'venue.release', forCompensation: true, inputs: { all: 'true', reason: q('监管终止') } },
    { id: 'bookOpeningUndo', type: 'boundaryCompensation', attachedTo: 'bookOpening', handler: 'releaseOnTermination' },
    { id: 'publishTender', type: 'serviceTask', name: '发布招标公告', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: `title + ${q('招标公告')}`, body: 'noticeBody', documentsOnSaleUntil: 'documentsOnSaleUntil' } },
    { id: 'withdrawOnTermination', type: 'serviceTask', name: '终止：撤回招标公告并发布终止公告', taskType: 'notices.withdraw', forCompensation: true, inputs: { noticeType: q('tender'), reasonKind: q('termination-directive'), reason: q('监管部门发出终止指令') } },
    { id: 'publishTenderUndo', type: 'boundaryCompensation', attachedTo: 'publishTender', handler: 'withdrawOnTermination' },
    { id: 'issueDocuments', type: 'userTask', name: '发出招标文件', role: 'party:organiser', formKey: 'documents.issue' },
    { id: 'openBidding', type: 'serviceTask', name: '开始投标（各标段开标密钥）', taskType: 'bids.openBidding' },
    { id: 'openBiddingUndo', type: 'boundaryCompensation', attachedTo: 'openBidding', handler: 'refundOnTermination' },
    { id: 'biddingPeriod', type: 'timerCatch', duration: 'P20D', name: '等标期不少于20日' },
    { id: 'untilOpening', type: 'timerCatch', date: '${openingAt}', name: '开标时间' },
    { id: 'refundOnTermination', type: 'serviceTask', name: '终止：退还全部投标保证金', taskType: 'deposits.refundAll', forCompensation: true, inputs: { reason: q('termination') } },
    { id: 'openBids', type: 'serviceTask', name: '开标', taskType: 'bids.open', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's', deadline: 'openingAt', decryptMinutes: '30' } },
    { id: 'decryptionWindow', type: 'timerCatch', duration: 'PT30M', name: '投标人解密时段（30分钟）' },
    { id: 'finalizeOpening', type: 'serviceTask', name: '开标结束（未解密的投标予以拒绝）', taskType: 'bids.finalizeOpening', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's' } },
    { id: 'checkBids', type: 'serviceTask', name: '开标有效性核验', taskType: 'bids.assertEnoughBids', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's' } },
    { id: 'tooFewValidBids', type: 'boundaryError', attachedTo: 'checkBids', errorCode: 'FEWER_THAN_THREE_BIDS', name: '有效投标不足3个' },
    { id: 'tooFewBids', type: 'boundaryError', attachedTo: 'openBids', errorCode: 'FEWER_THAN_THREE_BIDS', name: '投标人少于3个' },
    { id: 'publishTermination', type: 'serviceTask', name: '发布招标终止公告', taskType: 'notices.publish', inputs: { noticeType: q('termination'), title: `title + ${q('招标终止公告')}`, body: q('提交投标文件的投标人少于3个，依法不予开标，招标人将依法重新招标。') } },
    { id: 'refundAfterFailure', type: 'serviceTask', name: '退还投标保证金', taskType: 'deposits.refundAll', inputs: { reason: q('termination') } },
    { id: 'releaseAfterFailure', type: 'serviceTask', name: '释放场地', taskType: 'venue.release', inputs: { all: 'true', reason: q('招标失败') } },
    { id: 'closeFailed', type: 'serviceTask', name: '项目结项（失败）', taskType: 'registration.closeDeal', inputs: { outcome: q('failed'), reason: q('有效投标人不足三个') } },
    { id: 'archiveFailed', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'failedEnd', type: 'endEvent', name: '招标失败，重新招标' },
    { id: 'screenBids', type: 'serviceTask', name: '围标串标筛查（不阻断交易）', taskType: 'collusion.screenSection', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's' } },
    { id: 'checkAlerts', type: 'serviceTask', name: '开标后预警评估', taskType: 'alerts.evaluate' },
    { id: 'drawExperts', type: 'serviceTask', name: '抽取评标专家', taskType: 'experts.draw', inputs: { committeeSize: 'committeeSize', specialties: 'specialties' } },
    { id: 'notifyExperts', type: 'serviceTask', name: '通知评标专家', taskType: 'experts.notify', inputs: { drawId: 'expertDrawId', evaluationAt: 'evaluationAt', venue: 'evaluationVenue' } },
    { id: 'awaitReplies', type: 'timerCatch', date: '${expertReplyDueAt}', name: '专家答复期限' },
    { id: 'replaceExperts', type: 'serviceTask', name: '补抽（拒绝或未答复的由备选专家依次递补）', taskType: 'experts.replace', inputs: { drawId: 'expertDrawId' } },
    { id: 'committeeComplete', type: 'exclusiveGateway', name: '评标委员会已组成？', default: 'flow_committeeComplete_awaitMoreReplies' },
    { id: 'awaitMoreReplies', type: 'timerCatch', duration: 'PT30M', name: '等待递补专家答复' },
    { id: 'bookEvaluation', type: 'serviceTask', name: '预约评标室', taskType: 'venue.book', inputs: { roomKind: q('evaluation_room'), start: 'evaluationAt', end: 'evaluationEndsAt', purpose: q('评标') } },
    { id: 'untilEvaluation', type: 'timerCatch', date: '${evaluationAt}', name: '评标开始' },
    { id: 'unsealExperts', type: 'serviceTask', name: '评标开始，专家名单解密', taskType: 'experts.unseal', inputs: { drawId: 'expertDrawId' } },
    { id: 'evaluate', type: 'userTask', name: '评标报告', role: 'staff', formKey: 'evaluation.report', due: 'P3D', calendar: 'working' },
    { id: 'confirmReport', type: 'userTask', name: '招标人确认评标报告，拟定中标候选人公示', role: 'party:organiser', formKey: 'evaluation.confirm', due: 'P3D' },
    { id: 'publishCandidates', type: 'serviceTask', name: '中标候选人公示', taskType: 'notices.publish', mi: { collection: 'awards', element: 'a' }, inputs: { noticeType: q('candidates'), sectionCode: 'a.sectionCode', title: `title + ${q('中标候选人公示')}`, body: 'candidatesBody' } },
    { id: 'publicity', type: 'timerCatch', duration: 'P3D', name: '公示期不少于3日' },
    { id: 'confirmAward', type: 'userTask', name: '招标人确定中标人', role: 'party:tenderee', formKey: 'award.confirm' },
    { id: 'issueAwards', type: 'serviceTask', name: '发出中标通知书', taskType: 'awards.issueNotice', mi: { collection: 'awards', element: 'a' }, inputs: { sectionCode: 'a.sectionCode', winner: 'a.winner', priceFen: 'a.priceFen' } },
    { id: 'chargeFees', type: 'serviceTask', name: '收取交易服务费', taskType: 'fees.charge', mi: { collection: 'awards', element: 'a' }, inputs: { sectionCode: 'a.sectionCode' } },
    { id: 'publishResult', type: 'serviceTask', name: '发布中标结果公告', taskType: 'notices.publish', inputs: { noticeType: q('result'), title: `title + ${q('中标结果公告')}`, body: 'resultBody' } },
    { id: 'signContract', type: 'userTask', name: '签订合同', role: 'party:tenderee', formKey: 'contract.sign', due: 'P30D' },
    { id: 'refundDeposits', type: 'serviceTask', name: '退还投标保证金（含利息）', taskType: 'deposits.refundAll', inputs: { reason: q('contractSigned'), triggeredOn: 'contractSignedOn' } },
    { id: 'releaseVenues', type: 'serviceTask', name: '释放场地', taskType: 'venue.release', inputs: { all: 'true', reason: q('交易完成') } },
    { id: 'close', type: 'serviceTask', name: '项目结项', taskType: 'registration.closeDeal', inputs: { outcome: q('completed') } },
    { id: 'pushData', type: 'serviceTask', name: '数据归集', taskType: 'exchange.push' },
    { id: 'seal', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'end', type: 'endEvent', name: '交易完成' },
  ],
  flows: [
    ['start', 'accept'], ['accept', 'review'], ['review', 'bookOpening'], ['bookOpening', 'publishTender'], ['publishTender', 'issueDocuments'],
    ['issueDocuments', 'openBidding'], ['openBidding', 'biddingPeriod'], ['biddingPeriod', 'untilOpening'], ['untilOpening', 'openBids'],
    ['openBids', 'decryptionWindow'], ['decryptionWindow', 'finalizeOpening'], ['finalizeOpening', 'checkBids'], ['tooFewValidBids', 'publishTermination'],
    ['tooFewBids', 'publishTermination'], ['publishTermination', 'refundAfterFailure'], ['refundAfterFailure', 'releaseAfterFailure'], ['releaseAfterFailure', 'closeFailed'], ['closeFailed', 'archiveFailed'], ['archiveFailed', 'failedEnd'],
    ['checkBids', 'screenBids'], ['screenBids', 'checkAlerts'], ['checkAlerts', 'drawExperts'], ['drawExperts', 'notifyExperts'], ['notifyExperts', 'awaitReplies'], ['awaitReplies', 'replaceExperts'], ['replaceExperts', 'committeeComplete'],
    ['committeeComplete', 'bookEvaluation', 'expertCommitteeComplete == true'], ['committeeComplete', 'awaitMoreReplies'], ['awaitMoreReplies', 'replaceExperts'],
    ['bookEvaluation', 'untilEvaluation'], ['untilEvaluation', 'unsealExperts'], ['unsealExperts', 'evaluate'],
    ['evaluate', 'confirmReport'], ['confirmReport', 'publishCandidates'], ['publishCandidates', 'publicity'], ['publicity', 'confirmAward'], ['confirmAward', 'issueAwards'], ['issueAwards', 'chargeFees'], ['chargeFees', 'publishResult'],
    ['publishResult', 'signContract'], ['signContract', 'refundDeposits'], ['refundDeposits', 'releaseVenues'], ['releaseVenues', 'close'], ['close', 'pushData'], ['pushData', 'seal'], ['seal', 'end'],
  ],
};

/**
 * 政府采购公开招标 (货物和服务): the procurement notice and the documents, at least 20 days to the deadline (政府采购法
 * §35), suppliers' registration (credit check), deposits (≤ 2 % of the budget, 实施条例 §33) and sealed bids, opening
 * (fewer than 3 → 废标 and a new procurement, 87号令 §43), the review committee drawn and unsealed, the evaluation
 * report, the winner confirmed within 5 working days and announced with the award notice within 2 working days (实施条例
 * §43; no candidate publicity in procurement), the unsuccessful suppliers' deposits back within 5 working days of the
 * award notice and the winner's within 5 working days of the contract (§33), contract within 30 days (法 §46), close,
 * aggregation, sealed archive. The purchaser or its agency provides the documents; the purchaser (采购人) itself
 * confirms the winner and signs the contract; the centre accepts, arranges and records the committee's report.
 */
export const governmentProcurementOpen: ProcessSpec = {
  id: 'government_procurement_open',
  name: '政府采购公开招标',
  procedureKind: 'government-procurement-open',
  nodes: [
    { id: 'start', type: 'startEvent', name: '采购项目进场', formKey: 'start.procurement' },
    { id: 'accept', type: 'serviceTask', name: '受理登记', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('government-procurement-open'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections', approvalReference: 'approvalReference', fundingSource: 'fundingSource' } },
    { id: 'review', type: 'userTask', name: '采购项目审核与日程安排', role: 'staff', formKey: 'procurement.review', due: 'P2D', calendar: 'working' },
    { id: 'bookOpening', type: 'serviceTask', name: '预约开标厅', taskType: 'venue.book', inputs: { roomKind: q('opening_hall'), start: 'openingAt', end: 'openingEndsAt', purpose: q('开标') } },
    { id: 'releaseOnTermination', type: 'serviceTask', name: '终止：释放场地', taskType: 'venue.release', forCompensation: true, inputs: { all: 'true', reason: q('监管终止') } },
    { id: 'bookOpeningUndo', type: 'boundaryCompensation', attachedTo: 'bookOpening', handler: 'releaseOnTermination' },
    { id: 'publishProcurement', type: 'serviceTask', name: '发布采购公告', taskType: 'notices.publish', inputs: { noticeType: q('procurement'), title: `title + ${q('公开招标公告')}`, body: 'noticeBody' } },
    { id: 'withdrawOnTermination', type: 'serviceTask', name: '终止：撤回采购公告并发布终止公告', taskType: 'notices.withdraw', forCompensation: true, inputs: { noticeType: q('procurement'), reasonKind: q('termination-directive'), reason: q('监管部门发出终止指令') } },
    { id: 'publishProcurementUndo', type: 'boundaryCompensation', attachedTo: 'publishProcurement', handler: 'withdrawOnTermination' },
    { id: 'issueDocuments', type: 'userTask', name: '提供招标文件', role: 'party:organiser', formKey: 'documents.issue' },
    { id: 'openBidding', type: 'serviceTask', name: '开始投标（各标段开标密钥）', taskType: 'bids.openBidding' },
    { id: 'openBiddingUndo', type: 'boundaryCompensation', attachedTo: 'openBidding', handler: 'refundOnTermination' },
    { id: 'biddingPeriod', type: 'timerCatch', duration: 'P20D', name: '等标期不少于20日' },
    { id: 'untilOpening', type: 'timerCatch', date: '${openingAt}', name: '开标时间' },
    { id: 'refundOnTermination', type: 'serviceTask', name: '终止：退还全部投标保证金', taskType: 'deposits.refundAll', forCompensation: true, inputs: { reason: q('termination') } },
    { id: 'openBids', type: 'serviceTask', name: '开标', taskType: 'bids.open', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's', deadline: 'openingAt', decryptMinutes: '30' } },
    { id: 'decryptionWindow', type: 'timerCatch', duration: 'PT30M', name: '投标人解密时段（30分钟）' },
    { id: 'finalizeOpening', type: 'serviceTask', name: '开标结束（未解密的投标予以拒绝）', taskType: 'bids.finalizeOpening', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's' } },
    { id: 'checkBids', type: 'serviceTask', name: '开标有效性核验', taskType: 'bids.assertEnoughBids', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's' } },
    { id: 'tooFewValidBids', type: 'boundaryError', attachedTo: 'checkBids', errorCode: 'FEWER_THAN_THREE_BIDS', name: '有效投标不足3个' },
    { id: 'tooFewBids', type: 'boundaryError', attachedTo: 'openBids', errorCode: 'FEWER_THAN_THREE_BIDS', name: '投标供应商不足3家' },
    { id: 'publishTermination', type: 'serviceTask', name: '发布废标公告', taskType: 'notices.publish', inputs: { noticeType: q('termination'), title: `title + ${q('废标公告')}`, body: q('投标截止后投标供应商不足3家，本次采购依法废标（《政府采购法》第三十六条、财政部令第87号第四十三条），采购人将依法重新组织采购。') } },
    { id: 'refundAfterFailure', type: 'serviceTask', name: '退还投标保证金', taskType: 'deposits.refundAll', inputs: { reason: q('termination') } },
    { id: 'releaseAfterFailure', type: 'serviceTask', name: '释放场地', taskType: 'venue.release', inputs: { all: 'true', reason: q('废标') } },
    { id: 'closeFailed', type: 'serviceTask', name: '项目结项（废标）', taskType: 'registration.closeDeal', inputs: { outcome: q('failed'), reason: q('投标供应商不足三家，废标') } },
    { id: 'archiveFailed', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'failedEnd', type: 'endEvent', name: '废标，重新组织采购' },
    { id: 'checkAlerts', type: 'serviceTask', name: '开标后预警评估', taskType: 'alerts.evaluate' },
    { id: 'screenBids', type: 'serviceTask', name: '围标串标筛查（不阻断交易）', taskType: 'collusion.screenSection', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's' } },
    // the committee's size by the statutory table (办法第四十七条: 1000万元以上 7 人以上), at least what was asked
    { id: 'sizeCommittee', type: 'businessRuleTask', name: '确定评标委员会人数', decisionRef: 'procurement_committee_size', resultVariable: 'committeeSize' },
    { id: 'drawExperts', type: 'serviceTask', name: '抽取评审专家', taskType: 'experts.draw', inputs: { committeeSize: 'committeeSize', specialties: 'specialties' } },
    { id: 'notifyExperts', type: 'serviceTask', name: '通知评审专家', taskType: 'experts.notify', inputs: { drawId: 'expertDrawId', evaluationAt: 'evaluationAt', venue: 'evaluationVenue' } },
    { id: 'awaitReplies', type: 'timerCatch', date: '${expertReplyDueAt}', name: '专家答复期限' },
    { id: 'replaceExperts', type: 'serviceTask', name: '补抽（拒绝或未答复的由备选专家依次递补）', taskType: 'experts.replace', inputs: { drawId: 'expertDrawId' } },
    { id: 'committeeComplete', type: 'exclusiveGateway', name: '评标委员会已组成？', default: 'flow_committeeComplete_awaitMoreReplies' },
    { id: 'awaitMoreReplies', type: 'timerCatch', duration: 'PT30M', name: '等待递补专家答复' },
    { id: 'bookEvaluation', type: 'serviceTask', name: '预约评标室', taskType: 'venue.book', inputs: { roomKind: q('evaluation_room'), start: 'evaluationAt', end: 'evaluationEndsAt', purpose: q('评标') } },
    { id: 'untilEvaluation', type: 'timerCatch', date: '${evaluationAt}', name: '评标开始' },
    { id: 'unsealExperts', type: 'serviceTask', name: '评标开始，专家名单解密', taskType: 'experts.unseal', inputs: { drawId: 'expertDrawId' } },
    { id: 'evaluate', type: 'userTask', name: '评标报告送交采购人', role: 'staff', formKey: 'evaluation.report', due: 'P2D', calendar: 'working' },
    { id: 'confirmAward', type: 'userTask', name: '采购人确定中标人', role: 'party:tenderee', formKey: 'award.confirm', due: 'P5D', calendar: 'working' },
    { id: 'issueAwards', type: 'serviceTask', name: '发出中标通知书', taskType: 'awards.issueNotice', mi: { collection: 'awards', element: 'a' }, inputs: { sectionCode: 'a.sectionCode', winner: 'a.winner', priceFen: 'a.priceFen' } },
    { id: 'refundUnsuccessful', type: 'serviceTask', name: '退还未中标供应商的投标保证金', taskType: 'deposits.refundUnsuccessful' },
    { id: 'chargeFees', type: 'serviceTask', name: '收取交易服务费', taskType: 'fees.charge', mi: { collection: 'awards', element: 'a' }, inputs: { sectionCode: 'a.sectionCode' } },
    { id: 'publishResult', type: 'serviceTask', name: '发布中标结果公告', taskType: 'notices.publish', inputs: { noticeType: q('result'), title: `title + ${q('中标结果公告')}`, body: 'resultBody' } },
    { id: 'signContract', type: 'userTask', name: '签订政府采购合同', role: 'party:tenderee', formKey: 'contract.sign', due: 'P30D' },
    { id: 'refundWinner', type: 'serviceTask', name: '退还中标供应商的投标保证金', taskType: 'deposits.refundAll', inputs: { reason: q('contractSigned'), triggeredOn: 'contractSignedOn' } },
    { id: 'releaseVenues', type: 'serviceTask', name: '释放场地', taskType: 'venue.release', inputs: { all: 'true', reason: q('交易完成') } },
    { id: 'close', type: 'serviceTask', name: '项目结项', taskType: 'registration.closeDeal', inputs: { outcome: q('completed') } },
    { id: 'pushData', type: 'serviceTask', name: '数据归集', taskType: 'exchange.push' },
    { id: 'seal', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'end', type: 'endEvent', name: '采购完成' },
  ],
  flows: [
    ['start', 'accept'], ['accept', 'review'], ['review', 'bookOpening'], ['bookOpening', 'publishProcurement'], ['publishProcurement', 'issueDocuments'],
    ['issueDocuments', 'openBidding'], ['openBidding', 'biddingPeriod'], ['biddingPeriod', 'untilOpening'], ['untilOpening', 'openBids'],
    ['openBids', 'decryptionWindow'], ['decryptionWindow', 'finalizeOpening'], ['finalizeOpening', 'checkBids'], ['tooFewValidBids', 'publishTermination'],
    ['tooFewBids', 'publishTermination'], ['publishTermination', 'refundAfterFailure'], ['refundAfterFailure', 'releaseAfterFailure'], ['releaseAfterFailure', 'closeFailed'], ['closeFailed', 'archiveFailed'], ['archiveFailed', 'failedEnd'],
    ['checkBids', 'screenBids'], ['screenBids', 'checkAlerts'], ['checkAlerts', 'sizeCommittee'], ['sizeCommittee', 'drawExperts'], ['drawExperts', 'notifyExperts'], ['notifyExperts', 'awaitReplies'], ['awaitReplies', 'replaceExperts'], ['replaceExperts', 'committeeComplete'],
    ['committeeComplete', 'bookEvaluation', 'expertCommitteeComplete == true'], ['committeeComplete', 'awaitMoreReplies'], ['awaitMoreReplies', 'replaceExperts'],
    ['bookEvaluation', 'untilEvaluation'], ['untilEvaluation', 'unsealExperts'], ['unsealExperts', 'evaluate'],
    ['evaluate', 'confirmAward'], ['confirmAward', 'issueAwards'], ['issueAwards', 'refundUnsuccessful'], ['refundUnsuccessful', 'chargeFees'], ['chargeFees', 'publishResult'],
    ['publishResult', 'signContract'], ['signContract', 'refundWinner'], ['refundWinner', 'releaseVenues'], ['releaseVenues', 'close'], ['close', 'pushData'], ['pushData', 'seal'], ['seal', 'end'],
  ],
};

/**
 * 国有建设用地使用权挂牌出让, held online (网上挂牌): one parcel (宗地) per deal, its starting price as the estimate. The
 * centre reviews the plan and sets the terms the notice announces — starting price, increment, deposit, the listing
 * period — and the notice goes out at least 20 days before the listing starts (国土资源部令第39号 §10). Bidders (竞买人)
 * apply online (竞买申请, with the credit check) and pay their deposits to their own sub-accounts meanwhile; the listing
 * is open at least 10 working days (§18), during which they quote online themselves, each quote at least the highest so
 * far plus the increment; at its end the board stops, and the centre reveals the reserve price (底价): the highest
 * quote at or above it wins (§20), else the listing fails. The confirmation (成交确认书) is issued at the close, the
 * other bidders' deposits come back within 5 working days without interest (§21) while the winner's stays as part of
 * the price, the result is published within 10 working days (§22), then the grant contract (出让合同), close,
 * aggregation, sealed archive. No expert draw. The grantor (出让人) signs the grant contract itself.
 */
export const landListing: ProcessSpec = {
  id: 'land_listing',
  name: '国有建设用地使用权挂牌出让',
  procedureKind: 'land-listing',
  nodes: [
    { id: 'start', type: 'startEvent', name: '出让项目进场', formKey: 'start.land' },
    { id: 'accept', type: 'serviceTask', name: '受理登记', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('land-listing'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections', approvalReference: 'approvalReference', fundingSource: 'fundingSource' } },
    { id: 'review', type: 'userTask', name: '出让方案审核与挂牌日程', role: 'staff', formKey: 'land.review', due: 'P2D', calendar: 'working' },
    { id: 'announceListing', type: 'serviceTask', name: '确定挂牌出让条件', taskType: 'listing.announce', inputs: { sectionCode: 'sectionCodes[0]', startingPriceFen: 'startingPriceFen', incrementFen: 'incrementFen', depositFen: 'depositFen', listingStartsAt: 'listingStartsAt', listingEndsAt: 'listingEndsAt' } },
    { id: 'refundOnTermination', type: 'serviceTask', name: '终止：退还全部竞买保证金', taskType: 'deposits.refundAll', forCompensation: true, inputs: { reason: q('termination') } },
    { id: 'announceListingUndo', type: 'boundaryCompensation', attachedTo: 'announceListing', handler: 'refundOnTermination' },
    { id: 'publishListing', type: 'serviceTask', name: '发布挂牌出让公告', taskType: 'notices.publish', inputs: { noticeType: q('land-listing'), title: `title + ${q('国有建设用地使用权挂牌出让公告')}`, body: 'noticeBody', listingStartsAt: 'listingStartsAt', listingEndsAt: 'listingEndsAt' } },
    { id: 'withdrawOnTermination', type: 'serviceTask', name: '终止：撤回挂牌出让公告并发布终止公告', taskType: 'notices.withdraw', forCompensation: true, inputs: { noticeType: q('land-listing'), reasonKind: q('termination-directive'), reason: q('监管部门发出终止指令') } },
    { id: 'publishListingUndo', type: 'boundaryCompensation', attachedTo: 'publishListing', handler: 'withdrawOnTermination' },
    { id: 'noticePeriod', type: 'timerCatch', duration: 'P20D', name: '公告期不少于20日' },
    { id: 'untilListingStarts', type: 'timerCatch', date: '${listingStartsAt}', name: '挂牌开始时间' },
    { id: 'openListing', type: 'serviceTask', name: '挂牌开始：公布起始价，开放网上报价', taskType: 'listing.open' },
    { id: 'listingPeriod', type: 'timerCatch', duration: 'P10D', calendar: 'working', name: '挂牌时间不少于10个工作日' },
    { id: 'untilListingEnds', type: 'timerCatch', date: '${listingEndsAt}', name: '挂牌截止时间' },
    { id: 'closeQuotes', type: 'serviceTask', name: '挂牌截止：停止报价，确定最高报价', taskType: 'listing.close' },
    { id: 'closeListing', type: 'userTask', name: '揭示底价，宣布挂牌结果', role: 'staff', formKey: 'listing.close', due: 'P1D', calendar: 'working' },
    { id: 'sold', type: 'exclusiveGateway', name: '最高报价不低于底价？', default: 'flow_sold_publishFailure' },
    { id: 'issueConfirmation', type: 'serviceTask', name: '签订成交确认书', taskType: 'awards.issueNotice', inputs: { sectionCode: 'sectionCodes[0]', winner: 'listingWinner', priceFen: 'highestPriceFen' } },
    { id: 'refundOthers', type: 'serviceTask', name: '退还其他竞买人的竞买保证金', taskType: 'deposits.refundUnsuccessful' },
    { id: 'chargeFees', type: 'serviceTask', name: '收取交易服务费', taskType: 'fees.charge', inputs: { sectionCode: 'sectionCodes[0]' } },
    { id: 'publishResult', type: 'serviceTask', name: '公布出让结果', taskType: 'notices.publish', inputs: { noticeType: q('land-result'), title: `title + ${q('挂牌出让结果公示')}`, body: 'resultBody' } },
    { id: 'signContract', type: 'userTask', name: '签订国有建设用地使用权出让合同', role: 'party:tenderee', formKey: 'contract.sign', due: 'P10D', calendar: 'working' },
    { id: 'close', type: 'serviceTask', name: '项目结项', taskType: 'registration.closeDeal', inputs: { outcome: q('completed') } },
    { id: 'pushData', type: 'serviceTask', name: '数据归集', taskType: 'exchange.push' },
    { id: 'seal', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'end', type: 'endEvent', name: '出让完成' },
    { id: 'publishFailure', type: 'serviceTask', name: '发布挂牌不成交公告', taskType: 'notices.publish', inputs: { noticeType: q('termination'), title: `title + ${q('挂牌出让不成交公告')}`, body: 'resultBody' } },
    { id: 'refundAfterFailure', type: 'serviceTask', name: '退还全部竞买保证金', taskType: 'deposits.refundAll', inputs: { reason: q('termination') } },
    { id: 'closeFailed', type: 'serviceTask', name: '项目结项（不成交）', taskType: 'registration.closeDeal', inputs: { outcome: q('failed'), reason: q('挂牌不成交：无竞买人报价或报价均低于底价（国土资源部令第39号第二十条）') } },
    { id: 'archiveFailed', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'failedEnd', type: 'endEvent', name: '挂牌不成交' },
  ],
  flows: [
    ['start', 'accept'], ['accept', 'review'], ['review', 'announceListing'], ['announceListing', 'publishListing'], ['publishListing', 'noticePeriod'],
    ['noticePeriod', 'untilListingStarts'], ['untilListingStarts', 'openListing'], ['openListing', 'listingPeriod'], ['listingPeriod', 'untilListingEnds'],
    ['untilListingEnds', 'closeQuotes'], ['closeQuotes', 'closeListing'], ['closeListing', 'sold'],
    ['sold', 'issueConfirmation', 'exists(listingWinner) && highestPriceFen >= reservePriceFen'], ['sold', 'publishFailure'],
    ['issueConfirmation', 'refundOthers'], ['refundOthers', 'chargeFees'], ['chargeFees', 'publishResult'], ['publishResult', 'signContract'],
    ['signContract', 'close'], ['close', 'pushData'], ['pushData', 'seal'], ['seal', 'end'],
    ['publishFailure', 'refundAfterFailure'], ['refundAfterFailure', 'closeFailed'], ['closeFailed', 'archiveFailed'], ['archiveFailed', 'failedEnd'],
  ],
};

/** The spec with every name's English beside it (english-names.ts); a name without one is an error. */
function inEnglishToo(spec: ProcessSpec): ProcessSpec {
  const english = (zh: string) => {
    const en = ENGLISH_NAMES[zh];
    if (!en) throw new Error(`${spec.id}: no English name for "${zh}" (test/reference/english-names.ts)`);
    return en;
  };
  const nodes = (list: NodeSpec[]): NodeSpec[] => list.map((n) => {
    const named = 'name' in n && n.name ? { ...n, nameEn: english(n.name) } : n;
    return named.type === 'subProcess' ? { ...named, nodes: nodes(named.nodes) } : named;
  });
  return { ...spec, ...(spec.name ? { nameEn: english(spec.name) } : {}), nodes: nodes(spec.nodes) };
}

export const REFERENCE_PROCEDURES: ProcessSpec[] = [complaint, constructionOpenTender, governmentProcurementOpen, landListing].map(inEnglishToo);
