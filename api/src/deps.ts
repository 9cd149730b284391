import type { Db } from '@ggzy/db';
import type { TemporalGateway } from './temporal';
import type { RateLimiter } from './auth/rate-limit';

/** What the api needs from the outside world; tests build it with real servers. */
export interface ApiDeps {
  db: Db;
  temporal: TemporalGateway;
  loginLimiter: RateLimiter;
  /** Shared secret the SMS/voice gateways sign their callbacks with (GGZY_GATEWAY_CALLBACK_SECRET); none: refused. */
  gatewaySecret?: string | null;
}
