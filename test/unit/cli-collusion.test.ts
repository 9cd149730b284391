// `npx ggzy collusion`: generate → fit → score on small bid files end to end, and bad input named by its line with
// exit 2 and no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ggzy-collusion-'));
const file = (name: string) => path.join(tmp, name);

/** The bin itself (what `npx ggzy` runs; the first call goes through npx to show that it resolves from the root). */
function ggzy(...args: string[]) { return run(process.execPath, [path.join(repoRoot, 'api', 'bin', 'ggzy.js'), 'collusion', ...args]); }
const npxGgzy = (...args: string[]) => run('npx', ['--no-install', 'ggzy', 'collusion', ...args]);

function run(command: string, args: string[]) {
  const run = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8' });
  expect(run.stderr + run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('ggzy collusion', () => {
  test('fit on generated markets, then score another seed\'s market: one line per tender, rigged tenders scored higher', () => {
    // given training markets and, from another seed, a market to score without its labels
    expect(npxGgzy('generate', '--out', file('train.csv'), '--tenders', '120', '--seed', '1').code).toBe(0);
    expect(ggzy('generate', '--out', file('held.csv'), '--tenders', '150', '--markets', '1', '--seed', '9').code).toBe(0);
    const held = readFileSync(file('held.csv'), 'utf8').trim().split('\n');
    const labels = new Map(held.slice(1).map((l) => l.split(',')).map((f) => [f[0]!, f[7] === '1']));
    writeFileSync(file('unlabelled.csv'), held.map((l) => l.split(',').slice(0, 7).join(',')).join('\n'));

    // when the model is fitted and the market scored
    const fit = ggzy('fit', '--data', file('train.csv'), '--out', file('model.json'));
    expect(fit.code).toBe(0);
    expect(fit.lines[0]!.trainedOn).toHaveLength(6);
    const model = JSON.parse(readFileSync(file('model.json'), 'utf8'));
    expect(model.format).toBe('ggzy-collusion-model/1');
    const scored = ggzy('score', '--model', file('model.json'), '--data', file('unlabelled.csv'));

    // then one JSON line per tender with its score, flag, screens and evidence
    expect(scored.code).toBe(0);
    expect(scored.lines).toHaveLength(150);
    for (const line of scored.lines) {
      expect(Object.keys(line)).toEqual(['tender', 'score', 'flagged', 'screens', 'evidence']);
      expect(line.flagged).toBe(line.score >= model.threshold);
      expect(Object.keys(line.screens)).toContain('cv');
    }
    const mean = (rigged: boolean) => {
      const s = scored.lines.filter((l) => labels.get(l.tender) === rigged).map((l) => l.score as number);
      return s.reduce((a, b) => a + b, 0) / s.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false) + 0.2);
    expect(scored.lines.some((l) => l.evidence.some((e: any) => e.indicator === 'COVER_BID_PATTERN'))).toBe(true);
  });

  test('a bad bid file is named with its line, exit 2; so is a file that is not a model', () => {
    writeFileSync(file('bad.csv'), 'tender_id,bid\nT1,100\nT1,1O0\n');
    const bad = ggzy('fit', '--data', file('bad.csv'), '--out', file('never.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file('bad.csv')} 第 3 行 (line 3)`);
    expect(bad.stderr).toMatch(/不是正数 — bid "1O0" is not a positive number \[CSV_BAD_BID\]/);
    writeFileSync(file('nomodel.json'), '{"format":"other"}');
    const notModel = ggzy('score', '--model', file('nomodel.json'), '--data', file('bad.csv'));
    expect(notModel.code).toBe(2);
    expect(notModel.stderr).toMatch(/MODEL_INVALID/);
    expect(ggzy('fit', '--data', file('missing.csv'), '--out', file('x.json')).stderr).toMatch(/cannot read .*missing\.csv: ENOENT/);
    expect(ggzy('fit', '--out', file('x.json')).code).toBe(2);
    expect(ggzy('frobnicate').code).toBe(2);
  });
});
