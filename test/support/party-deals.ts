// A deal of the demo tenderee (东湖市城市建设投资有限公司) and its agency (示范招标代理有限公司) with its tender notice
// published, for the parties' portal tests: the parties sign in with the demo key files and find it open.
import type { Db } from '@ggzy/db';
import { DEMO_PARTIES } from '@ggzy/domain';
import { runTask } from './activities';

const demo = (file: string) => {
  const party = DEMO_PARTIES.find((p) => p.file === file)!;
  return { creditCode: party.subject.creditCode, name: party.subject.name };
};

export const DEMO_TENDEREE = demo('tenderee-dhct-ecdsa.pem');
export const DEMO_AGENCY = demo('agency-sfdl-sm2.pem');
export const DEMO_GRANTOR = demo('grantor-dhzr-sm2.pem');
export const DEMO_BIDDERS = { dhjg: demo('bidder-dhjg-sm2.pem'), xslq: demo('bidder-xslq-ecdsa.pem'), sfzn: demo('bidder-sfzn-sm2.pem') };
/** The basic accounts the demo seed registers for the bidders. */
export const DEMO_BASIC_ACCOUNTS = { dhjg: '6222990100000101', xslq: '6222990200000102', sfzn: '6222990100000103' };

/** Registers the deal, publishes its tender notice announcing `deadline` and opens bidding (as the reference procedure does). */
export async function openPartyDeal(db: Db, options: { dealCode: string; deadline: Date; title?: string }): Promise<{ dealCode: string; sections: [string, string] }> {
  const workflowId = `wf-${options.dealCode}`;
  const title = options.title ?? '东湖市第二中学体育馆新建工程';
  await runTask(db, {
    type: 'registration.acceptDeal', nodeId: 'accept', workflowId, dealCode: options.dealCode,
    input: {
      title, procedureKind: 'construction-open-tender', estimateFen: 600_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY,
      sections: [{ name: '施工', estimateFen: 500_000_000 }, { name: '监理', estimateFen: 100_000_000 }],
    },
  });
  await runTask(db, {
    type: 'notices.publish', nodeId: 'publishTender', workflowId, dealCode: options.dealCode, variables: { openingAt: options.deadline.toISOString() },
    input: { noticeType: 'tender', title: `${title}招标公告`, body: `${title}现进行公开招标，欢迎合格的投标人参加。`, documentsOnSaleUntil: new Date(Date.now() + 10 * 86_400_000).toISOString() },
  });
  // bidding opens: each section gets its opening key, made by the worker's step
  await runTask(db, { type: 'bids.openBidding', nodeId: 'openBidding', workflowId, dealCode: options.dealCode, input: {} });
  return { dealCode: options.dealCode, sections: [`${options.dealCode}-01`, `${options.dealCode}-02`] };
}
