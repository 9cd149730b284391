import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Runtime settings shared by the api and the worker, read once from the environment. */
export interface RuntimeConfig {
  dataDir: string;
  database: DatabaseConfig;
  temporal: { address: string; namespace: string; taskQueue: string; tls: TemporalTls | null };
  api: { host: string; port: number };
  /** How long supervision events must be kept (months, at least 6). The trail is append-only: nothing deletes it. */
  trail: { retentionMonths: number };
  /** After how many minutes a step that keeps failing (and is retried) is reported to supervision; 0: never. */
  engine: { stuckStepMinutes: number };
  /**
   * The trust store of certificate sign-in (GGZY_TRUST_STORE): one sub-directory per CA; `configured` when the setting
   * names it (then it must exist), else `<data dir>/pki/trust`.
   */
  pki: { trustStore: string; configured: boolean };
  /**
   * Production mode (NODE_ENV=production, as the Dockerfile sets it): nothing is started or deployed in a sandbox
   * region (演练), and the demo's sandbox deals are not made.
   */
  production: boolean;
}

/** Production mode: NODE_ENV=production. */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * TLS to the Temporal frontend (a production cluster terminates TLS, often mutual): TEMPORAL_TLS=1 trusts the system's
 * CAs; TEMPORAL_TLS_CA names a PEM file of the CA to trust instead; TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY (both or
 * neither) are the client's certificate and key for mutual TLS; TEMPORAL_TLS_SERVER_NAME overrides the name checked.
 */
export interface TemporalTls {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverNameOverride?: string;
}

/** The statutory floor for keeping the supervision trail. */
export const MIN_TRAIL_RETENTION_MONTHS = 6;

export type DatabaseConfig =
  | { client: 'sqlite'; filename: string }
  | { client: 'postgres'; connectionString: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function port(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(`${name}=${raw} is not a TCP port`);
  return value;
}

export function databaseConfigFromUrl(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { client: 'sqlite', filename: path.join(dataDir, 'ggzy.sqlite') };
  if (/^postgres(ql)?:\/\//.test(url)) return { client: 'postgres', connectionString: url };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL=sqlite: needs a file path, e.g. sqlite:data/ggzy.sqlite');
    return { client: 'sqlite', filename: file === ':memory:' ? file : path.resolve(file) };
  }
  throw new ConfigError('DATABASE_URL must start with postgres://, postgresql:// or sqlite:');
}

export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const dataDir = path.resolve(env.GGZY_DATA_DIR || 'data');
  const temporalPort = port('TEMPORAL_PORT', 7233, env);
  return {
    dataDir,
    database: databaseConfigFromUrl(env.DATABASE_URL, dataDir),
    temporal: {
      address: env.TEMPORAL_ADDRESS || `127.0.0.1:${temporalPort}`,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: env.GGZY_TASK_QUEUE || 'ggzy',
      tls: temporalTls(env),
    },
    api: { host: env.HOST || '127.0.0.1', port: port('PORT', 3000, env) },
    trail: { retentionMonths: retention(env) },
    engine: { stuckStepMinutes: stuckStepMinutes(env) },
    pki: env.GGZY_TRUST_STORE
      ? { trustStore: path.resolve(env.GGZY_TRUST_STORE), configured: true }
      : { trustStore: path.join(dataDir, 'pki', 'trust'), configured: false },
    production: isProduction(env),
  };
}

function pemFile(name: string, env: NodeJS.ProcessEnv): Buffer | undefined {
  const file = env[name];
  if (!file) return undefined;
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch {
    throw new ConfigError(`${name}=${file}: the file cannot be read`);
  }
  if (!text.toString('utf8').includes('-----BEGIN ')) throw new ConfigError(`${name}=${file}: not a PEM file`);
  return text;
}

function temporalTls(env: NodeJS.ProcessEnv): TemporalTls | null {
  const ca = pemFile('TEMPORAL_TLS_CA', env);
  const crt = pemFile('TEMPORAL_TLS_CERT', env);
  const key = pemFile('TEMPORAL_TLS_KEY', env);
  if (Boolean(crt) !== Boolean(key)) throw new ConfigError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both for mutual TLS, or neither');
  const on = env.TEMPORAL_TLS === '1' || env.TEMPORAL_TLS === 'true';
  if (!on && !ca && !crt) return null;
  return {
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}

function stuckStepMinutes(env: NodeJS.ProcessEnv): number {
  const raw = env.GGZY_STUCK_STEP_MINUTES;
  if (raw === undefined || raw === '') return 30;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 10_080) throw new ConfigError(`GGZY_STUCK_STEP_MINUTES=${raw} must be a whole number of minutes from 0 (never) to 10080`);
  return minutes;
}

function retention(env: NodeJS.ProcessEnv): number {
  const raw = env.GGZY_TRAIL_RETENTION_MONTHS;
  if (raw === undefined || raw === '') return 36;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < MIN_TRAIL_RETENTION_MONTHS) {
    throw new ConfigError(`GGZY_TRAIL_RETENTION_MONTHS=${raw}: the supervision trail must be kept at least ${MIN_TRAIL_RETENTION_MONTHS} months (a whole number)`);
  }
  return months;
}

/**
 * A secret from the environment: NAME itself, or the contents of the file NAME_FILE names (how container platforms
 * hand secrets over: a mounted file, never a variable in the compose file or the image). Setting both is refused.
 */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
  if (!file) return direct || undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError(`${name}_FILE=${file}: the file cannot be read`);
  }
}

/** A database URL safe to print: the password is never shown. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.client === 'sqlite') return `SQLite ${config.filename}`;
  try {
    const url = new URL(config.connectionString);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable DATABASE_URL)';
  }
}
