import { ConfigError } from '@ggzy/db';

/** Where and how the dispatcher delivers the outbox (数据归集 to the provincial platform). */
export interface ExchangeConfig {
  /** The provincial platform's receiving endpoint (POST, one message per request). */
  url: string;
  /** This trading system's PLATFORM_CODE (交易系统标识码), stamped on every record sent. */
  platformCode: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | null;
  /** Pause between dispatch passes. */
  intervalMs: number;
  /** Messages sent per pass at most. */
  batchSize: number;
  /** One request's time limit. */
  timeoutMs: number;
  /** A message being sent is leased for this long; after a crash it is sent again once the lease has run out. */
  leaseMs: number;
  /** Retry delay after the first failure, doubled each time up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name}=${raw} must be a whole number from ${min} to ${max}`);
  return value;
}

/** The dispatcher's settings, or null when GGZY_EXCHANGE_URL is unset (aggregation then only queues). */
export function loadExchangeConfig(env: NodeJS.ProcessEnv = process.env): ExchangeConfig | null {
  const raw = env.GGZY_EXCHANGE_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`GGZY_EXCHANGE_URL=${raw} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('GGZY_EXCHANGE_URL must be an http:// or https:// URL');
  const platformCode = env.GGZY_PLATFORM_CODE?.trim();
  if (!platformCode) throw new ConfigError('GGZY_EXCHANGE_URL is set but GGZY_PLATFORM_CODE (交易系统标识码) is not');
  if (!/^[0-9A-Za-z-]{1,64}$/.test(platformCode)) throw new ConfigError(`GGZY_PLATFORM_CODE=${platformCode} may hold only letters, digits and hyphens`);
  const timeoutMs = integer(env, 'GGZY_EXCHANGE_TIMEOUT_MS', 10_000, 50, 600_000);
  const backoffBaseMs = integer(env, 'GGZY_EXCHANGE_BACKOFF_MS', 1_000, 1, 3_600_000);
  const backoffMaxMs = integer(env, 'GGZY_EXCHANGE_BACKOFF_MAX_MS', 600_000, 1, 86_400_000);
  if (backoffMaxMs < backoffBaseMs) throw new ConfigError('GGZY_EXCHANGE_BACKOFF_MAX_MS must not be below GGZY_EXCHANGE_BACKOFF_MS');
  const leaseMs = integer(env, 'GGZY_EXCHANGE_LEASE_MS', 2 * timeoutMs + 5_000, 1, 3_600_000);
  if (leaseMs <= timeoutMs) throw new ConfigError('GGZY_EXCHANGE_LEASE_MS must exceed GGZY_EXCHANGE_TIMEOUT_MS (a lease outlives its request)');
  return {
    url: url.toString(),
    platformCode,
    token: env.GGZY_EXCHANGE_TOKEN || null,
    intervalMs: integer(env, 'GGZY_EXCHANGE_INTERVAL_MS', 5_000, 10, 3_600_000),
    batchSize: integer(env, 'GGZY_EXCHANGE_BATCH', 50, 1, 1_000),
    timeoutMs,
    leaseMs,
    backoffBaseMs,
    backoffMaxMs,
  };
}
