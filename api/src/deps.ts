import type { Db, PayloadKeyRing } from '@ggzy/db';
import type { GuaranteeIssuers, ObjectStore, TrustStore } from '@ggzy/domain';
import type { BankKeys } from './auth/bank-signature';
import type { TemporalGateway } from './temporal';
import type { LoginLimiter } from './auth/rate-limit';
import type { AccountPolicy } from './auth/account-policy';

/** What the api needs from the outside world; tests build it with real servers. */
export interface ApiDeps {
  db: Db;
  temporal: TemporalGateway;
  /** Login attempts per client address and per username, counted in the database (shared by every api process). */
  loginLimiter: LoginLimiter;
  /** Idle timeout, sessions per user, whether the second factor is required (GGZY_…); unset: DEFAULT_POLICY. */
  accountPolicy?: AccountPolicy;
  /** The key ring the second factor's secrets are sealed with (GGZY_SECOND_FACTOR_KEYS); none: enrolment refused. */
  secondFactorKeys?: PayloadKeyRing | null;
  /** Shared secret the SMS/voice gateways sign their callbacks with (GGZY_GATEWAY_CALLBACK_SECRET); none: refused. */
  gatewaySecret?: string | null;
  /** The CAs whose certificates parties sign in with (GGZY_TRUST_STORE); none: every certificate is of an unknown CA. */
  trustStore?: TrustStore;
  /** Each bank's key for its deposit notifications (GGZY_BANK_CALLBACK_KEYS); none: the notifications are refused. */
  bankKeys?: BankKeys;
  /** The issuers electronic guarantees are checked with (GGZY_GUARANTEE_ISSUERS); none: guarantees are refused. */
  guaranteeIssuers?: GuaranteeIssuers;
  /** The origin parties see the platform at (from GGZY_PUBLIC_BASE_URL); unset: the request's own origin. */
  publicOrigin?: string | null;
  /** Where files are kept, by SHA-256 (GGZY_OBJECT_STORE, else the data directory's objects/); none: uploads refused. */
  objects?: ObjectStore | null;
  /** The largest file an upload may announce (GGZY_MAX_UPLOAD_MB, default 500 MB). */
  maxUploadBytes?: number;
  /** Production mode (NODE_ENV=production): starts and deployments in a sandbox region (演练) are refused. */
  production?: boolean;
}
