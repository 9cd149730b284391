// docker-compose.yml cannot run on a machine without a Docker engine, so its shape is checked here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, any> };
const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

describe('production topology (docker-compose.yml)', () => {
  test('PostgreSQL, Temporal on PostgreSQL with its Web UI, and replicated api and worker services', () => {
    const s = compose.services;
    expect(s.postgresql.image).toMatch(/^postgres:/);
    expect(s.temporal.image).toMatch(/^temporalio\/server:/);
    expect(s.temporal.environment.DB).toBe('postgres12');
    expect(s.temporal.environment.POSTGRES_SEEDS).toBe('postgresql');
    expect(s['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(s['temporal-ui'].environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(s.migrate.build.dockerfile).toBe('Dockerfile');
    for (const name of ['api', 'worker']) {
      expect(s[name].image).toBe(s.migrate.image);
      expect(s[name].deploy.replicas).toBeGreaterThanOrEqual(2);
      expect(s[name].environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(s[name].environment.DATABASE_URL).toMatch(/^postgres:\/\/ggzy:\$\{GGZY_DB_PASSWORD/);
    }
  });

  test('every depends_on names a service, and every command the image runs is a file the build produces', () => {
    for (const service of Object.values(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dep);
    }
    for (const name of ['migrate', 'api', 'worker']) {
      const [cmd, file] = compose.services[name].command as string[];
      expect(cmd).toBe('node');
      expect(existsSync(path.join(repoRoot, file!))).toBe(true); // npm test builds before it runs
    }
  });

  test('no secret is written in the file: passwords come from the environment', () => {
    const text = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
    const keys = [...text.matchAll(/^\s*(\w*(?:PASSWORD|PWD)\w*):\s*(\S+)/gm)];
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const match of keys) {
      expect(`${match[1]}=${match[2]}`).toMatch(/=\$\{/);
    }
  });

  test('Temporal in the compose file is the release the cluster command builds and tests', () => {
    const built = /TEMPORAL_SERVER_VERSION = 'v([\d.]+)'/.exec(readFileSync(path.join(repoRoot, 'scripts/lib/temporal-server.mjs'), 'utf8'))![1];
    for (const name of ['temporal-schema', 'temporal', 'temporal-setup']) expect(compose.services[name].image).toMatch(new RegExp(`:${built!.replace(/\./g, '\\.')}$`));
  });

  test('every api, worker and migration replica gets the same secrets, from files compose refuses to start without', () => {
    const names = ['bid-key-secret', 'trail-signing-key', 'gateway-callback-secret', 'payload-keys', 'second-factor-keys', 'seal-keys'];
    for (const secret of names) expect((compose as any).secrets[secret].file).toMatch(/^\.\/secrets\//);
    for (const name of ['migrate', 'api', 'worker']) {
      const s = compose.services[name];
      expect(s.secrets).toEqual(names);
      expect(s.environment.GGZY_BID_KEY_SECRET_FILE).toBe('/run/secrets/bid-key-secret');
      expect(s.environment.GGZY_TRAIL_SIGNING_KEY_FILE).toBe('/run/secrets/trail-signing-key');
      expect(s.environment.GGZY_PAYLOAD_KEYS_FILE).toBe('/run/secrets/payload-keys');
      expect(s.environment.GGZY_SECOND_FACTOR_KEYS_FILE).toBe('/run/secrets/second-factor-keys');
      expect(s.environment.GGZY_SEAL_KEYS_FILE).toBe('/run/secrets/seal-keys');
      for (const tls of ['TEMPORAL_TLS', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']) expect(Object.keys(s.environment)).toContain(tls);
    }
    expect(readFileSync(path.join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^secrets\/$/m);
  });

  test('the Temporal Web UI is on the host\'s loopback only, with write actions off', () => {
    const ui = compose.services['temporal-ui'];
    expect(ui.ports.every((p: string) => p.startsWith('127.0.0.1:'))).toBe(true);
    expect(ui.environment.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
  });

  test('the Dockerfile copies every workspace manifest before npm ci, so the install layer caches', () => {
    const workspaces = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    for (const ws of workspaces) expect(dockerfile).toContain(`COPY ${ws}/package.json ${ws}/`);
    expect(dockerfile.indexOf('npm ci')).toBeLessThan(dockerfile.indexOf('COPY . .'));
  });
});
