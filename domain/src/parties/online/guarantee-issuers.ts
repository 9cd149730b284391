// Electronic guarantees (电子保函) are checked with the institution that issued them (a bank, an insurer, a guarantee
// company) before the platform accepts one as a bidder's deposit. One small HTTP protocol, the same for every issuer
// (README, "Electronic guarantees: the issuer protocol"):
//
//   POST <issuer url>/guarantees/verify          Authorization: Bearer <token> (when configured)
//   {"guaranteeNo","applicantCreditCode","dealCode","sectionCode","requestId"}
//   → 200 {"status":"valid","guaranteeNo","applicantCreditCode","dealCode","sectionCode","amountFen","validFrom","validUntil"}
//   → 200 {"status":"revoked" | "claimed", "guaranteeNo"}    → 404 {"status":"unknown"}
//
// Anything else — a 5xx, a timeout, an answer that does not parse — means the issuer could not say: the bidder is told
// to try again later, and the guarantee is never taken as valid.
import { z } from 'zod';
import { secretFromEnv } from '@ggzy/db';

export interface GuaranteeIssuer { id: string; name: string; url: string; token?: string }

export type GuaranteeCheck =
  | { status: 'valid'; guaranteeNo: string; applicantCreditCode: string; dealCode: string; sectionCode: string; amountFen: number; validFrom: string; validUntil: string }
  | { status: 'revoked' | 'claimed' | 'unknown'; guaranteeNo: string }
  | { status: 'unavailable'; reason: string };

export interface GuaranteeIssuers {
  list(): Array<{ id: string; name: string }>;
  find(id: string): GuaranteeIssuer | undefined;
  verify(issuer: GuaranteeIssuer, request: { guaranteeNo: string; applicantCreditCode: string; dealCode: string; sectionCode: string; requestId: string }): Promise<GuaranteeCheck>;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const validAnswer = z.object({
  status: z.literal('valid'), guaranteeNo: z.string().min(1).max(64), applicantCreditCode: z.string().length(18), dealCode: z.string().min(1).max(64),
  sectionCode: z.string().min(1).max(64), amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), validFrom: day, validUntil: day,
});
const otherAnswer = z.object({ status: z.enum(['revoked', 'claimed']), guaranteeNo: z.string().min(1).max(64) });

const issuerConfig = z.array(z.object({
  id: z.string().regex(/^[a-z0-9-]{2,32}$/), name: z.string().trim().min(1).max(200), url: z.url({ protocol: /^https?$/ }), token: z.string().min(16).optional(),
})).max(100);

/** The issuers the platform checks guarantees with, over HTTP (`timeoutMs` per request). */
export function httpGuaranteeIssuers(issuers: readonly GuaranteeIssuer[], options: { timeoutMs?: number } = {}): GuaranteeIssuers {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    list: () => issuers.map((i) => ({ id: i.id, name: i.name })),
    find: (id) => issuers.find((i) => i.id === id),
    async verify(issuer, request) {
      let res: Response;
      try {
        res = await fetch(`${issuer.url.replace(/\/+$/, '')}/guarantees/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(issuer.token ? { authorization: `Bearer ${issuer.token}` } : {}) },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        return { status: 'unavailable', reason: (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the issuer cannot be reached' };
      }
      if (res.status === 404) return { status: 'unknown', guaranteeNo: request.guaranteeNo };
      if (res.status !== 200) return { status: 'unavailable', reason: `the issuer answered HTTP ${res.status}` };
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return { status: 'unavailable', reason: 'the issuer\'s answer is not JSON' };
      }
      const valid = validAnswer.safeParse(body);
      if (valid.success) return valid.data;
      const other = otherAnswer.safeParse(body);
      if (other.success) return other.data;
      return { status: 'unavailable', reason: 'the issuer\'s answer is not of the protocol' };
    },
  };
}

/** GGZY_GUARANTEE_ISSUERS (or …_FILE): a JSON array of {id, name, url, token?}; unset: no issuer, guarantees refused. */
export function guaranteeIssuersFromEnv(env: NodeJS.ProcessEnv = process.env): GuaranteeIssuers {
  const raw = secretFromEnv('GGZY_GUARANTEE_ISSUERS', env);
  if (!raw) return httpGuaranteeIssuers([]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('GGZY_GUARANTEE_ISSUERS must be a JSON array of {"id","name","url","token"?}');
  }
  const issuers = issuerConfig.safeParse(parsed);
  if (!issuers.success) throw new Error(`GGZY_GUARANTEE_ISSUERS: ${issuers.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return httpGuaranteeIssuers(issuers.data);
}
