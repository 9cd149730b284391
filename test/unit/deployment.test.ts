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

  test('the Dockerfile copies every workspace manifest before npm ci, so the install layer caches', () => {
    const workspaces = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    for (const ws of workspaces) expect(dockerfile).toContain(`COPY ${ws}/package.json ${ws}/`);
    expect(dockerfile.indexOf('npm ci')).toBeLessThan(dockerfile.indexOf('COPY . .'));
  });
});
