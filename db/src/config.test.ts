import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, databaseConfigFromUrl, describeDatabase, loadRuntimeConfig } from './config';

describe('runtime configuration', () => {
  test('defaults: SQLite under data/, local dev server, api on 3000', () => {
    const config = loadRuntimeConfig({});
    expect(config.database).toEqual({ client: 'sqlite', filename: path.resolve('data', 'ggzy.sqlite') });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'ggzy', tls: null });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  test('environment overrides', () => {
    const config = loadRuntimeConfig({ GGZY_DATA_DIR: '/srv/ggzy', PORT: '8080', TEMPORAL_PORT: '7300', DATABASE_URL: 'postgresql://u:p@db:5432/ggzy' });
    expect(config.dataDir).toBe('/srv/ggzy');
    expect(config.api.port).toBe(8080);
    expect(config.temporal.address).toBe('127.0.0.1:7300');
    expect(config.database).toEqual({ client: 'postgres', connectionString: 'postgresql://u:p@db:5432/ggzy' });
    expect(loadRuntimeConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }).temporal.address).toBe('temporal:7233');
  });

  test.each([['PORT', 'abc'], ['PORT', '70000'], ['TEMPORAL_PORT', '-1']])('%s=%s is refused with a clear error', (name, value) => {
    expect(() => loadRuntimeConfig({ [name]: value })).toThrow(new ConfigError(`${name}=${value} is not a TCP port`));
  });

  test('trail retention: 36 months by default, configurable, never below the 6-month floor', () => {
    expect(loadRuntimeConfig({}).trail.retentionMonths).toBe(36);
    expect(loadRuntimeConfig({ GGZY_TRAIL_RETENTION_MONTHS: '120' }).trail.retentionMonths).toBe(120);
    for (const bad of ['5', '0', '-12', '6.5', 'forever']) {
      expect(() => loadRuntimeConfig({ GGZY_TRAIL_RETENTION_MONTHS: bad })).toThrow(/at least 6 months/);
    }
  });

  test('database URLs: sqlite paths, unsupported schemes, and descriptions that never show a password', () => {
    expect(databaseConfigFromUrl('sqlite:/tmp/x.sqlite', '/d')).toEqual({ client: 'sqlite', filename: '/tmp/x.sqlite' });
    expect(() => databaseConfigFromUrl('mysql://x/y', '/d')).toThrow(ConfigError);
    expect(() => databaseConfigFromUrl('sqlite:', '/d')).toThrow(ConfigError);
    const described = describeDatabase({ client: 'postgres', connectionString: 'postgres://user:topsecret@db.example:6543/ggzy' });
    expect(described).toBe('PostgreSQL db.example:6543/ggzy');
  });

  test('the stuck-step watch: 30 minutes by default, 0 turns it off, nonsense refused', () => {
    expect(loadRuntimeConfig({}).engine.stuckStepMinutes).toBe(30);
    expect(loadRuntimeConfig({ GGZY_STUCK_STEP_MINUTES: '0' }).engine.stuckStepMinutes).toBe(0);
    expect(() => loadRuntimeConfig({ GGZY_STUCK_STEP_MINUTES: '-5' })).toThrow(/GGZY_STUCK_STEP_MINUTES/);
    expect(() => loadRuntimeConfig({ GGZY_STUCK_STEP_MINUTES: 'soon' })).toThrow(ConfigError);
  });

  test('TLS to Temporal: system CAs, a CA file, mutual TLS; half a client pair or a non-PEM file is refused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-tls-'));
    const pem = (name: string, label: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`);
      return file;
    };
    const ca = pem('ca.pem', 'CERTIFICATE');
    const crt = pem('client.pem', 'CERTIFICATE');
    const key = pem('client.key', 'PRIVATE KEY');
    expect(loadRuntimeConfig({ TEMPORAL_TLS: '1' }).temporal.tls).toEqual({});
    const mutual = loadRuntimeConfig({ TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_CERT: crt, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }).temporal.tls!;
    expect(mutual.serverRootCACertificate!.toString()).toContain('BEGIN CERTIFICATE');
    expect(mutual.clientCertPair!.key.toString()).toContain('BEGIN PRIVATE KEY');
    expect(mutual.serverNameOverride).toBe('temporal.internal');
    expect(() => loadRuntimeConfig({ TEMPORAL_TLS_CERT: crt })).toThrow(/go together/);
    const notPem = path.join(dir, 'x.txt');
    writeFileSync(notPem, 'hello');
    expect(() => loadRuntimeConfig({ TEMPORAL_TLS_CA: notPem })).toThrow(/not a PEM file/);
    expect(() => loadRuntimeConfig({ TEMPORAL_TLS_CA: path.join(dir, 'missing.pem') })).toThrow(/cannot be read/);
  });
});
