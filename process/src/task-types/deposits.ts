import type { TaskTypeDescriptor } from './descriptor';

/** 保证金 */
export const depositTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'deposits.collect',
    title: { zh: '收取投标保证金', en: 'Collect a bid deposit' },
    description: {
      zh: '投标人就某一标段从基本账户缴纳保证金（form=cash，记入标段保证金专户）或提交电子保函（form=guarantee）；不得超过估算价的2%；不同投标人使用同一付款账户时向监管报告',
      en: 'A bidder pays a section\'s deposit from its basic account (form=cash, into the section\'s escrow) or lodges an electronic guarantee (form=guarantee); capped at 2% of the estimate; a paying account shared by bidders is reported to supervision',
    },
    inputs: ['sectionCode', 'bidder', 'form', 'amountFen', 'payingAccount', 'guarantee'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'deposits.refund',
    title: { zh: '退还投标保证金', en: 'Refund a bid deposit' },
    description: {
      zh: '退还一名投标人的保证金及银行同期存款利息（撤回、未中标、中标后签订合同），按法定期限计算应退日期并记录是否按时；电子保函予以解除；不会重复退还',
      en: 'Refunds one bidder\'s deposit with bank interest (withdrawal, loser, winner after the contract), computing the statutory due day and whether it was met; a guarantee is released; never refunded twice',
    },
    inputs: ['sectionCode', 'bidder', 'reason', 'triggeredOn'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'deposits.refundAll',
    title: { zh: '全部退还保证金', en: 'Refund every deposit' },
    description: {
      zh: '退还交易项目（或某一标段）尚未退还的全部保证金：终止招标时（补偿）或合同签订后（中标人与未中标人）',
      en: 'Refunds every deposit of the deal (or one section) still held: on termination (compensation) or once the contract is signed (winner and losers)',
    },
    inputs: ['sectionCode', 'reason', 'triggeredOn'],
    defaults: { startToCloseTimeout: 'PT60S' },
  },
  {
    name: 'deposits.refundUnsuccessful',
    title: { zh: '退还未中标人保证金', en: 'Refund the unsuccessful bidders\' deposits' },
    description: {
      zh: '结果确定后退还除中标（竞得）人以外的全部保证金，按本交易方式的法定期限：政府采购自中标通知书发出之日起5个工作日内（实施条例第三十三条），土地挂牌自挂牌结束之日起5个工作日内、不计利息（国土资源部令第39号第二十一条）；中标人的保证金继续保留',
      en: 'Once the result is known, refunds every deposit except the winner\'s on the statutory terms of the procedure: government procurement within 5 working days of the award notice (Implementing Regulations art. 33), land listing within 5 working days of the close, without interest (MLR Order No. 39 art. 21); the winner\'s deposit stays held',
    },
    inputs: ['sectionCode', 'triggeredOn'],
    defaults: { startToCloseTimeout: 'PT60S' },
  },
];
