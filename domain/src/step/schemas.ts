// Input schemas the capabilities share.
import { z } from 'zod';
import { isValidCreditCode } from '@ggzy/db';

export const creditCode = z.string().refine(isValidCreditCode, { message: 'not a valid unified social credit code (统一社会信用代码)' });

export const party = z.object({
  creditCode,
  name: z.string().trim().min(1).max(300),
});

/** Money in fen (integer cents of CNY): never negative, never fractional. */
export const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const code = z.string().trim().min(1).max(64);
