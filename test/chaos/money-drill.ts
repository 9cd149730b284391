// The fault campaign's procedure (npm run chaos), authored with the BPMN builder and committed as
// scripts/chaos/money_drill.bpmn with its forms under scripts/chaos/forms/. It is every money step of a government
// procurement and nothing else — deposits from the suppliers, the award, the unsuccessful suppliers' deposits back,
// the service fee, the winner's deposit back after the contract — with no statutory wait, so a campaign of many deals
// under faults runs in minutes. The campaign deploys it through the api as a designer does.
import type { ProcessSpec } from '../support/bpmn-builder';

const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

export const MONEY_DRILL_KEY = 'money_drill';

export const moneyDrill: ProcessSpec = {
  id: MONEY_DRILL_KEY,
  name: '资金流程演练（保证金、退还与服务费）',
  procedureKind: 'government-procurement-open',
  nodes: [
    { id: 'start', type: 'startEvent', name: '演练项目进场' },
    { id: 'accept', type: 'serviceTask', name: '受理登记', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('government-procurement-open'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
    { id: 'recordBidders', type: 'userTask', name: '供应商报名与保证金登记', role: 'staff', formKey: 'drill.bidders' },
    { id: 'registerBidders', type: 'serviceTask', name: '供应商报名（信用核查）', taskType: 'registration.registerBidder', mi: { collection: 'bidders', element: 'b' }, inputs: { sectionCode: 'sectionCodes[0]', bidder: 'b.bidder' } },
    { id: 'collectDeposits', type: 'serviceTask', name: '收取投标保证金', taskType: 'deposits.collect', mi: { collection: 'bidders', element: 'b' }, inputs: { sectionCode: 'sectionCodes[0]', bidder: 'b.bidder.creditCode', amountFen: 'b.depositFen', payingAccount: 'b.bidder.basicAccount' } },
    { id: 'confirmAward', type: 'userTask', name: '确定中标供应商', role: 'staff', formKey: 'drill.award' },
    { id: 'issueAward', type: 'serviceTask', name: '发出中标通知书', taskType: 'awards.issueNotice', inputs: { sectionCode: 'sectionCodes[0]', winner: 'winner', priceFen: 'priceFen' } },
    { id: 'refundLosers', type: 'serviceTask', name: '退还未中标供应商的投标保证金', taskType: 'deposits.refundUnsuccessful' },
    { id: 'chargeFee', type: 'serviceTask', name: '收取交易服务费', taskType: 'fees.charge', inputs: { sectionCode: 'sectionCodes[0]' } },
    { id: 'signContract', type: 'userTask', name: '签订合同', role: 'staff', formKey: 'drill.contract' },
    { id: 'refundWinner', type: 'serviceTask', name: '退还中标供应商的投标保证金', taskType: 'deposits.refund', inputs: { sectionCode: 'sectionCodes[0]', bidder: 'winner', reason: q('winner'), triggeredOn: 'contractSignedOn' } },
    { id: 'close', type: 'serviceTask', name: '项目结项', taskType: 'registration.closeDeal', inputs: { outcome: q('completed') } },
    { id: 'end', type: 'endEvent', name: '演练完成' },
  ],
  flows: [
    ['start', 'accept'], ['accept', 'recordBidders'], ['recordBidders', 'registerBidders'], ['registerBidders', 'collectDeposits'],
    ['collectDeposits', 'confirmAward'], ['confirmAward', 'issueAward'], ['issueAward', 'refundLosers'], ['refundLosers', 'chargeFee'],
    ['chargeFee', 'signContract'], ['signContract', 'refundWinner'], ['refundWinner', 'close'], ['close', 'end'],
  ],
};
