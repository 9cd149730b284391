import type { TaskTypeDescriptor } from './descriptor';

/** 投标与开标 */
export const bidTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'bids.openBidding',
    title: { zh: '开始投标（生成各标段开标密钥）', en: 'Open bidding (each section\'s opening key)' },
    description: {
      zh: '招标文件发出后为交易项目的每个标段生成开标密钥对（私钥以 GGZY_BID_KEY_SECRET 加密保存），投标人据此在浏览器中加密投标文件；投标期内报名、保证金、投标由各方在门户自行办理',
      en: 'Once the tender documents are out, gives each section of the deal its opening key pair (the private half wrapped under GGZY_BID_KEY_SECRET), which bidders seal their bids to in their browsers; during the bidding period the parties register, pay deposits and bid themselves in the portal',
    },
    inputs: [],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'bids.assertEnoughBids',
    title: { zh: '开标有效性核验', en: 'Check the opening has enough valid bids' },
    description: {
      zh: '开标记录写入后，有效投标少于 3 个时抛出 FEWER_THAN_THREE_BIDS（实施条例第四十四条），可由错误边界事件转入重新招标',
      en: 'After the opening record, raises FEWER_THAN_THREE_BIDS when fewer than 3 bids are valid (an error boundary can route to a new tender)',
    },
    inputs: ['sectionCode'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'bids.submit',
    title: { zh: '递交投标文件', en: 'Submit a bid' },
    description: {
      zh: '已报名的投标人在投标截止时间前递交投标文件摘要（SHA-256）与密封报价（开标前不可读）；再次递交生成新版本替换当前版本，旧版本保留',
      en: 'A registered bidder submits, before the deadline, its document digest (SHA-256) and a price sealed until the opening; a later submission replaces it as a new version, old ones are kept',
    },
    inputs: ['sectionCode', 'bidder', 'priceFen', 'documentSha256', 'deadline'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'bids.withdraw',
    title: { zh: '撤回投标', en: 'Withdraw a bid' },
    description: {
      zh: '投标截止时间前撤回投标；发出 bid.withdrawn 事件，保证金自收到撤回通知之日起 5 日内退还（实施条例第三十五条）',
      en: 'Withdraws a bid before the deadline; emits bid.withdrawn, from which the deposit is refunded within 5 days',
    },
    inputs: ['sectionCode', 'bidder', 'deadline', 'reason'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'bids.open',
    title: { zh: '开标', en: 'Open the bids' },
    description: {
      zh: '投标截止时间到达后开启标段的密封报价并写入开标记录；投标人自行加密的投标文件：解除平台一方的密封并开始解密时段（decryptMinutes，默认 30 分钟），结果变量 decryptUntil，由 bids.finalizeOpening 结束开标；有效投标少于 3 个时不开标、不写入任何记录，抛出 FEWER_THAN_THREE_BIDS（可由错误边界事件转入重新招标）；结果变量 openedBids',
      en: 'At the deadline opens the section\'s sealed prices and writes the opening record; for bids sealed by the bidders, removes the platform\'s seal and opens the decryption window (decryptMinutes, default 30) — sets decryptUntil, and bids.finalizeOpening ends the opening; with fewer than 3 valid bids nothing is opened or written and FEWER_THAN_THREE_BIDS is raised (an error boundary can route to a new tender); sets openedBids',
    },
    inputs: ['sectionCode', 'deadline', 'decryptMinutes'],
    defaults: { startToCloseTimeout: 'PT1M' },
  },
  {
    name: 'bids.finalizeOpening',
    title: { zh: '开标结束（解密时段截止）', en: 'End the opening (decryption window over)' },
    description: {
      zh: '解密时段结束（或全部投标人已解密）后写入开标记录：在开标大厅解密的投标及其报价，未解密的投标按招标文件规定予以拒绝；结果变量 openedBids、validBidCount',
      en: 'Once the decryption window is over (or every bidder has decrypted), writes the opening record: the bids opened in the hall with their prices, the others rejected as not decrypted; sets openedBids and validBidCount',
    },
    inputs: ['sectionCode'],
    defaults: { startToCloseTimeout: 'PT1M' },
  },
];
