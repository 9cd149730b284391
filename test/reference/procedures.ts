// The reference procedures, authored with the BPMN builder and committed as .bpmn files under process/reference/
// (with their forms under process/reference/forms/). The demo seed deploys the committed files.
import type { ProcessSpec } from '../support/bpmn-builder';

const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

/** 投诉处理: accept/reject within 3 working days, decide within 30 working days (实施条例 §60–61). */
export const complaint: ProcessSpec = {
  id: 'complaint',
  name: '投诉处理',
  procedureKind: 'complaint',
  nodes: [
    { id: 'start', type: 'startEvent', name: '收到投诉' },
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
    { id: 'decide', type: 'serviceTask', name: '作出处理决定', taskType: 'complaints.decide', inputs: { complaintNo: 'complaintNo', decision: 'decision', text: 'decisionText' } },
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
 */
export const constructionOpenTender: ProcessSpec = {
  id: 'construction_open_tender',
  name: '工程建设项目公开招标',
  procedureKind: 'construction-open-tender',
  nodes: [
    { id: 'start', type: 'startEvent', name: '招标项目进场' },
    { id: 'accept', type: 'serviceTask', name: '受理登记', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
    { id: 'review', type: 'userTask', name: '登记审核与日程安排', role: 'staff', formKey: 'registration.review', due: 'P2D', calendar: 'working' },
    { id: 'bookOpening', type: 'serviceTask', name: '预约开标厅', taskType: 'venue.book', inputs: { roomKind: q('opening_hall'), start: 'openingAt', end: 'openingEndsAt', purpose: q('开标') } },
    { id: 'releaseOnTermination', type: 'serviceTask', name: '终止：释放场地', taskType: 'venue.release', forCompensation: true, inputs: { all: 'true', reason: q('监管终止') } },
    { id: 'bookOpeningUndo', type: 'boundaryCompensation', attachedTo: 'bookOpening', handler: 'releaseOnTermination' },
    { id: 'publishTender', type: 'serviceTask', name: '发布招标公告', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: `title + ${q('招标公告')}`, body: 'noticeBody', documentsOnSaleUntil: 'documentsOnSaleUntil' } },
    { id: 'withdrawOnTermination', type: 'serviceTask', name: '终止：撤回招标公告并发布终止公告', taskType: 'notices.withdraw', forCompensation: true, inputs: { noticeType: q('tender'), reasonKind: q('termination-directive'), reason: q('监管部门发出终止指令') } },
    { id: 'publishTenderUndo', type: 'boundaryCompensation', attachedTo: 'publishTender', handler: 'withdrawOnTermination' },
    { id: 'issueDocuments', type: 'userTask', name: '发出招标文件', role: 'staff', formKey: 'documents.issue' },
    { id: 'forkBidding', type: 'parallelGateway', name: '投标期' },
    { id: 'biddingPeriod', type: 'timerCatch', duration: 'P20D', name: '等标期不少于20日' },
    { id: 'untilOpening', type: 'timerCatch', date: '${openingAt}', name: '开标时间' },
    { id: 'recordBids', type: 'userTask', name: '投标报名、保证金与投标文件登记', role: 'staff', formKey: 'bids.record' },
    { id: 'registerBidders', type: 'serviceTask', name: '投标报名（信用核查）', taskType: 'registration.registerBidder', mi: { collection: 'bidders', element: 'b' }, inputs: { sectionCode: 'b.sectionCode', bidder: 'b.bidder' } },
    { id: 'collectDeposits', type: 'serviceTask', name: '收取投标保证金', taskType: 'deposits.collect', mi: { collection: 'bidders', element: 'b' }, inputs: { sectionCode: 'b.sectionCode', bidder: 'b.bidder.creditCode', amountFen: 'b.depositFen', payingAccount: 'b.bidder.basicAccount' } },
    { id: 'refundOnTermination', type: 'serviceTask', name: '终止：退还全部投标保证金', taskType: 'deposits.refundAll', forCompensation: true, inputs: { reason: q('termination') } },
    { id: 'collectDepositsUndo', type: 'boundaryCompensation', attachedTo: 'collectDeposits', handler: 'refundOnTermination' },
    { id: 'submitBids', type: 'serviceTask', name: '递交投标文件', taskType: 'bids.submit', mi: { collection: 'bidders', element: 'b' }, inputs: { sectionCode: 'b.sectionCode', bidder: 'b.bidder.creditCode', priceFen: 'b.priceFen', documentSha256: 'b.documentSha256', deadline: 'openingAt' } },
    { id: 'joinBidding', type: 'parallelGateway', name: '投标截止' },
    { id: 'openBids', type: 'serviceTask', name: '开标', taskType: 'bids.open', mi: { collection: 'sectionCodes', element: 's' }, inputs: { sectionCode: 's', deadline: 'openingAt' } },
    { id: 'tooFewBids', type: 'boundaryError', attachedTo: 'openBids', errorCode: 'FEWER_THAN_THREE_BIDS', name: '投标人少于3个' },
    { id: 'publishTermination', type: 'serviceTask', name: '发布招标终止公告', taskType: 'notices.publish', inputs: { noticeType: q('termination'), title: `title + ${q('招标终止公告')}`, body: q('提交投标文件的投标人少于3个，依法不予开标，招标人将依法重新招标。') } },
    { id: 'refundAfterFailure', type: 'serviceTask', name: '退还投标保证金', taskType: 'deposits.refundAll', inputs: { reason: q('termination') } },
    { id: 'releaseAfterFailure', type: 'serviceTask', name: '释放场地', taskType: 'venue.release', inputs: { all: 'true', reason: q('招标失败') } },
    { id: 'closeFailed', type: 'serviceTask', name: '项目结项（失败）', taskType: 'registration.closeDeal', inputs: { outcome: q('failed'), reason: q('有效投标人不足三个') } },
    { id: 'archiveFailed', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'failedEnd', type: 'endEvent', name: '招标失败，重新招标' },
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
    { id: 'publishCandidates', type: 'serviceTask', name: '中标候选人公示', taskType: 'notices.publish', mi: { collection: 'awards', element: 'a' }, inputs: { noticeType: q('candidates'), sectionCode: 'a.sectionCode', title: `title + ${q('中标候选人公示')}`, body: 'candidatesBody' } },
    { id: 'publicity', type: 'timerCatch', duration: 'P3D', name: '公示期不少于3日' },
    { id: 'confirmAward', type: 'userTask', name: '确定中标人', role: 'staff', formKey: 'award.confirm' },
    { id: 'issueAwards', type: 'serviceTask', name: '发出中标通知书', taskType: 'awards.issueNotice', mi: { collection: 'awards', element: 'a' }, inputs: { sectionCode: 'a.sectionCode', winner: 'a.winner', priceFen: 'a.priceFen' } },
    { id: 'chargeFees', type: 'serviceTask', name: '收取交易服务费', taskType: 'fees.charge', mi: { collection: 'awards', element: 'a' }, inputs: { sectionCode: 'a.sectionCode' } },
    { id: 'publishResult', type: 'serviceTask', name: '发布中标结果公告', taskType: 'notices.publish', inputs: { noticeType: q('result'), title: `title + ${q('中标结果公告')}`, body: 'resultBody' } },
    { id: 'signContract', type: 'userTask', name: '签订合同', role: 'staff', formKey: 'contract.sign', due: 'P30D' },
    { id: 'refundDeposits', type: 'serviceTask', name: '退还投标保证金（含利息）', taskType: 'deposits.refundAll', inputs: { reason: q('contractSigned'), triggeredOn: 'contractSignedOn' } },
    { id: 'releaseVenues', type: 'serviceTask', name: '释放场地', taskType: 'venue.release', inputs: { all: 'true', reason: q('交易完成') } },
    { id: 'close', type: 'serviceTask', name: '项目结项', taskType: 'registration.closeDeal', inputs: { outcome: q('completed') } },
    { id: 'pushData', type: 'serviceTask', name: '数据归集', taskType: 'exchange.push' },
    { id: 'seal', type: 'serviceTask', name: '档案封存', taskType: 'archive.seal' },
    { id: 'end', type: 'endEvent', name: '交易完成' },
  ],
  flows: [
    ['start', 'accept'], ['accept', 'review'], ['review', 'bookOpening'], ['bookOpening', 'publishTender'], ['publishTender', 'issueDocuments'],
    ['issueDocuments', 'forkBidding'], ['forkBidding', 'biddingPeriod'], ['biddingPeriod', 'untilOpening'], ['untilOpening', 'joinBidding'],
    ['forkBidding', 'recordBids'], ['recordBids', 'registerBidders'], ['registerBidders', 'collectDeposits'], ['collectDeposits', 'submitBids'], ['submitBids', 'joinBidding'],
    ['joinBidding', 'openBids'],
    ['tooFewBids', 'publishTermination'], ['publishTermination', 'refundAfterFailure'], ['refundAfterFailure', 'releaseAfterFailure'], ['releaseAfterFailure', 'closeFailed'], ['closeFailed', 'archiveFailed'], ['archiveFailed', 'failedEnd'],
    ['openBids', 'checkAlerts'], ['checkAlerts', 'drawExperts'], ['drawExperts', 'notifyExperts'], ['notifyExperts', 'awaitReplies'], ['awaitReplies', 'replaceExperts'], ['replaceExperts', 'committeeComplete'],
    ['committeeComplete', 'bookEvaluation', 'expertCommitteeComplete == true'], ['committeeComplete', 'awaitMoreReplies'], ['awaitMoreReplies', 'replaceExperts'],
    ['bookEvaluation', 'untilEvaluation'], ['untilEvaluation', 'unsealExperts'], ['unsealExperts', 'evaluate'],
    ['evaluate', 'publishCandidates'], ['publishCandidates', 'publicity'], ['publicity', 'confirmAward'], ['confirmAward', 'issueAwards'], ['issueAwards', 'chargeFees'], ['chargeFees', 'publishResult'],
    ['publishResult', 'signContract'], ['signContract', 'refundDeposits'], ['refundDeposits', 'releaseVenues'], ['releaseVenues', 'close'], ['close', 'pushData'], ['pushData', 'seal'], ['seal', 'end'],
  ],
};

export const REFERENCE_PROCEDURES: ProcessSpec[] = [complaint, constructionOpenTender];
