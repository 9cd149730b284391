import path from 'node:path';
import { ConfigError, databaseConfigFromUrl, describeDatabase, loadRuntimeConfig } from './config';

describe('runtime configuration', () => {
  test('defaults: SQLite under data/, local dev server, api on 3000', () => {
    const config = loadRuntimeConfig({});
    expect(config.database).toEqual({ client: 'sqlite', filename: path.resolve('data', 'ggzy.sqlite') });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'ggzy' });
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
});
