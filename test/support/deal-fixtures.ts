// A registered test deal and its parties, for the capabilities' tests (import from here, never from a test file:
// importing a test file runs its tests again).
import { withCheckCharacter } from '@ggzy/db';
import type { TaskCall } from './activities';

export const TENDEREE = { creditCode: withCheckCharacter('91990100MA0000001'), name: '东湖市城市建设投资有限公司' };
export const AGENT = { creditCode: withCheckCharacter('91990100MA0000002'), name: '东湖招标代理有限公司' };
/** What the reference procedures' start forms also ask of a deal: its approval reference and funding source. */
export const REGISTRATION = { approvalReference: '东发改投资〔2026〕18号', fundingSource: 'fiscal' } as const;
export const bidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA1${String(n).padStart(6, '0')}`), name: `投标人${n}建设有限公司`, basicAccount: `6222000000000${n}` });

/** registration.acceptDeal of the test deal (DEAL): two sections, DEAL-01 施工 (10,000,000 yuan) and DEAL-02 监理. */
export const accept: TaskCall = {
  type: 'registration.acceptDeal', nodeId: 'accept',
  input: {
    title: '东湖市第一中学教学楼新建工程', procedureKind: 'construction-open-tender', estimateFen: 1_200_000_000,
    tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 1_000_000_000 }, { name: '监理', estimateFen: 200_000_000 }],
  },
};
