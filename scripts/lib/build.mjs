// Builds what the platform runs from: TypeScript packages, the prebuilt workflow bundle, the two web apps.
// Each step is skipped when its inputs have not changed, so a second start is quick.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';
import { run } from './exec.mjs';
import { step } from './report.mjs';

function hashTree(paths) {
  const hash = createHash('sha256');
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        if (entry === 'node_modules' || entry === 'dist') continue;
        visit(path.join(p, entry));
      }
    } else {
      hash.update(path.relative(repoRoot, p));
      hash.update(readFileSync(p));
    }
  };
  for (const p of paths) visit(path.join(repoRoot, p));
  return hash.digest('hex');
}

async function cached(name, inputs, output, action) {
  const stampDir = path.join(repoRoot, 'node_modules', '.ggzy-build');
  const stamp = path.join(stampDir, `${name}.sha256`);
  const digest = hashTree([...inputs, 'package-lock.json']);
  if (existsSync(path.join(repoRoot, output)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return false;
  await action();
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(stamp, digest);
  return true;
}

const node = process.execPath;
// packages are reached through their declared entry points, never through another package's dist/ internals
const require = createRequire(path.join(repoRoot, 'package.json'));
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

export async function buildAll({ uis = true } = {}) {
  const tsInputs = ['tsconfig.base.json', 'process', 'db', 'workflows', 'domain', 'activities', 'worker', 'api'];
  await cached('typescript', tsInputs, 'api/dist/index.js', async () => {
    step('compiling TypeScript packages');
    await run(bin('tsc'), ['-b'], { cwd: repoRoot });
  });
  await cached('workflow-bundle', ['process/src', 'workflows/src'], 'workflows/dist/workflow-bundle.js', async () => {
    step('bundling workflow code for the worker');
    await run(node, [require.resolve('@ggzy/worker/build-bundle')], { cwd: repoRoot });
  });
  if (!uis) return;
  for (const app of ['portal', 'designer']) {
    await cached(app, [app, 'web', 'process/src', 'workflows/src', 'domain/src/bids/envelope.ts', 'domain/src/subjects/credit-code.ts', 'db/src/credit-code.ts'], `${app}/dist/index.html`, async () => {
      step(`building the ${app}`);
      // vite does not type-check; the apps are checked here, with the same tsc as the packages
      await run(bin('tsc'), ['-p', path.join(repoRoot, app, 'tsconfig.json')], { cwd: repoRoot });
      await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(repoRoot, app) });
    });
  }
}
