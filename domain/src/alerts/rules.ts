// 项目预警 rules: each reads the facts the deal's supervision events (and the credit library) establish and answers
// found / not found / cannot assess, with the evidence it looked at and the legal basis it enforces.

export type AlertResult = 'found' | 'not_found' | 'cannot_assess';
export type Severity = 'info' | 'warning' | 'critical';

export interface TrailEvent { seq: number; kind: string; occurredAt: string; payload: Record<string, unknown> }

/** What the rules know about a deal, derived from its supervision events. */
export interface DealFacts {
  dealCode: string;
  procedureKind: string | null;
  events: TrailEvent[];
  /** Bidders (credit codes) under a valid barring sanction now, with the sanction's legal basis. */
  sanctioned: Map<string, { legalBasis: string; decidedByRegion: string }>;
  now: Date;
}

export interface RuleOutcome { result: AlertResult; evidence: Record<string, unknown> }

export interface AlertRule {
  id: string;
  title: { zh: string; en: string };
  legalBasis: string;
  severity: Severity;
  evaluate(facts: DealFacts): RuleOutcome;
}

const DAY = 86_400_000;
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const of = (facts: DealFacts, ...kinds: string[]) => facts.events.filter((e) => kinds.includes(e.kind));

/** Bidders per section from registrations, submissions and withdrawals, in trail order. */
function submissions(facts: DealFacts): Map<string, Map<string, TrailEvent>> {
  const bySection = new Map<string, Map<string, TrailEvent>>();
  for (const e of of(facts, 'bid.submitted', 'bid.withdrawn')) {
    const section = str(e.payload.sectionCode);
    const bidder = str(e.payload.bidder);
    if (!section || !bidder) continue;
    const bidders = bySection.get(section) ?? new Map<string, TrailEvent>();
    if (e.kind === 'bid.withdrawn') bidders.delete(bidder);
    else bidders.set(bidder, e);
    bySection.set(section, bidders);
  }
  return bySection;
}

function noticeOf(facts: DealFacts, type: string): TrailEvent | undefined {
  return of(facts, 'notice.published').find((e) => e.payload.noticeType === type);
}

/** Days between two instants, as whole elapsed calendar days. */
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

export const ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'BIDDING_PERIOD_TOO_SHORT',
    title: { zh: '投标期限不足二十日', en: 'Bidding period shorter than 20 days' },
    legalBasis: '《招标投标法》第二十四条；《政府采购法》第三十五条',
    severity: 'critical',
    evaluate(facts) {
      const issued = noticeOf(facts, 'tender') ?? noticeOf(facts, 'procurement');
      const opened = of(facts, 'bids.opened')[0];
      if (!issued || !opened) return { result: 'cannot_assess', evidence: { reason: !issued ? 'no tender notice published yet' : 'bids not opened yet' } };
      const days = daysBetween(issued.occurredAt, opened.occurredAt);
      return { result: days < 20 ? 'found' : 'not_found', evidence: { noticeSeq: issued.seq, openingSeq: opened.seq, days: Math.floor(days * 100) / 100, required: 20 } };
    },
  },
  {
    id: 'FEWER_THAN_THREE_BIDS',
    title: { zh: '投标人少于三个', en: 'Fewer than three bids' },
    legalBasis: '《招标投标法实施条例》第四十四条',
    severity: 'critical',
    evaluate(facts) {
      const deadlinePassed = of(facts, 'bids.opened', 'bids.openingFailed', 'bids.deadlinePassed').length > 0;
      const bySection = submissions(facts);
      if (!deadlinePassed) return { result: 'cannot_assess', evidence: { reason: 'the bid deadline has not passed', submitted: Object.fromEntries([...bySection].map(([s, b]) => [s, b.size])) } };
      const counts = Object.fromEntries([...bySection].map(([s, b]) => [s, b.size]));
      for (const e of of(facts, 'bids.openingFailed')) {
        const section = str(e.payload.sectionCode);
        if (section && counts[section] === undefined) counts[section] = Number(e.payload.validBids ?? 0);
      }
      const short = Object.entries(counts).filter(([, n]) => n < 3).map(([s]) => s);
      return { result: short.length ? 'found' : 'not_found', evidence: { bidsPerSection: counts, sectionsBelowThree: short } };
    },
  },
  {
    id: 'SHARED_DEPOSIT_ACCOUNT',
    title: { zh: '不同投标人的保证金从同一账户转出', en: 'Deposits of different bidders paid from the same account' },
    legalBasis: '《招标投标法实施条例》第四十条第（六）项',
    severity: 'critical',
    evaluate(facts) {
      const deposits = of(facts, 'deposit.collected').filter((e) => str(e.payload.payerAccount));
      if (!deposits.length) return { result: 'cannot_assess', evidence: { reason: 'no cash deposit recorded yet' } };
      const byAccount = new Map<string, Set<string>>();
      for (const e of deposits) {
        const key = `${str(e.payload.sectionCode)}|${str(e.payload.payerAccount)}`;
        byAccount.set(key, (byAccount.get(key) ?? new Set()).add(String(e.payload.bidder)));
      }
      const shared = [...byAccount].filter(([, bidders]) => bidders.size > 1)
        .map(([key, bidders]) => ({ sectionCode: key.split('|')[0], account: key.split('|')[1], bidders: [...bidders].sort() }));
      return { result: shared.length ? 'found' : 'not_found', evidence: { deposits: deposits.length, shared } };
    },
  },
  {
    id: 'SAME_BID_TOOL_FINGERPRINT',
    title: { zh: '不同投标人的投标文件由同一设备编制', en: 'Bids of different bidders made on the same machine' },
    legalBasis: '《招标投标法实施条例》第四十条第（一）项；财政部令第87号第三十七条',
    severity: 'critical',
    evaluate(facts) {
      const fingerprints: Array<{ section: string; bidder: string; print: string }> = [];
      for (const [section, bidders] of submissions(facts)) {
        for (const [bidder, e] of bidders) {
          const tool = e.payload.toolFingerprint as Record<string, unknown> | undefined;
          if (!tool) continue;
          const parts = ['cpu', 'disk', 'mac'].map((k) => str(tool[k])).filter((v): v is string => !!v);
          if (parts.length) fingerprints.push({ section, bidder, print: parts.join('|') });
        }
      }
      if (!fingerprints.length) return { result: 'cannot_assess', evidence: { reason: 'no bid-tool hardware fingerprints recorded (BIDDER_MAKE_TOOL_INFO)' } };
      const groups = new Map<string, Set<string>>();
      for (const f of fingerprints) groups.set(`${f.section}|${f.print}`, (groups.get(`${f.section}|${f.print}`) ?? new Set()).add(f.bidder));
      const same = [...groups].filter(([, b]) => b.size > 1).map(([k, b]) => ({ sectionCode: k.split('|')[0], bidders: [...b].sort() }));
      return { result: same.length ? 'found' : 'not_found', evidence: { fingerprints: fingerprints.length, same } };
    },
  },
  {
    id: 'SANCTIONED_BIDDER',
    title: { zh: '失信被执行人或受限主体参与投标', en: 'A sanctioned subject takes part' },
    legalBasis: '《招标投标法实施条例》第六十七条；国发〔2016〕33号（一处失信，处处受限）',
    severity: 'critical',
    evaluate(facts) {
      const bidders = [...new Set(of(facts, 'bid.registered', 'bid.submitted').map((e) => str(e.payload.bidder)).filter((b): b is string => !!b))].sort();
      if (!bidders.length) return { result: 'cannot_assess', evidence: { reason: 'no bidder registered yet' } };
      const hits = bidders.filter((b) => facts.sanctioned.has(b)).map((b) => ({ bidder: b, ...facts.sanctioned.get(b)! }));
      return { result: hits.length ? 'found' : 'not_found', evidence: { bidders: bidders.length, sanctioned: hits } };
    },
  },
  {
    id: 'DEPOSIT_MISSING',
    title: { zh: '投标人未提交投标保证金', en: 'A bidder has no deposit' },
    legalBasis: '《招标投标法实施条例》第二十六条',
    severity: 'warning',
    evaluate(facts) {
      const bySection = submissions(facts);
      if (!bySection.size) return { result: 'cannot_assess', evidence: { reason: 'no bid submitted yet' } };
      const secured = new Set(of(facts, 'deposit.collected', 'deposit.guaranteed').map((e) => `${str(e.payload.sectionCode)}|${str(e.payload.bidder)}`));
      const missing = [...bySection].flatMap(([section, bidders]) => [...bidders.keys()].filter((b) => !secured.has(`${section}|${b}`)).map((bidder) => ({ sectionCode: section, bidder })));
      return { result: missing.length ? 'found' : 'not_found', evidence: { missing } };
    },
  },
  {
    id: 'CANDIDATE_PUBLICITY_TOO_SHORT',
    title: { zh: '中标候选人公示不足三日', en: 'Award candidates publicised for less than 3 days' },
    legalBasis: '《招标投标法实施条例》第五十四条',
    severity: 'critical',
    evaluate(facts) {
      const publicity = noticeOf(facts, 'candidates');
      const award = of(facts, 'award.issued')[0];
      if (!publicity || !award) return { result: 'cannot_assess', evidence: { reason: !publicity ? 'no candidate publicity yet' : 'no award notice yet' } };
      const days = daysBetween(publicity.occurredAt, award.occurredAt);
      return { result: days < 3 ? 'found' : 'not_found', evidence: { publicitySeq: publicity.seq, awardSeq: award.seq, days: Math.floor(days * 100) / 100, required: 3 } };
    },
  },
];
