// `npx ggzy validate`: one JSON object per file, exit codes 0/1/2, never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const fixture = (name: string) => path.join(repoRoot, 'test', 'conformance', 'fixtures', `${name}.bpmn`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ggzy-cli-'));

function ggzy(...args: string[]) {
  const run = spawnSync('npx', ['--no-install', 'ggzy', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; valid: boolean; errors: Array<{ code: string; element: string | null; message: string }>; warnings: unknown[] });
  return { code: run.status, lines, stderr: run.stderr, stdout: run.stdout };
}

function noStackTrace(r: { stderr: string; stdout: string }) {
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('ggzy validate', () => {
  test('valid files: exit 0, one object per file', () => {
    const r = ggzy('validate', fixture('sequence_service_tasks'), fixture('parallel_fork_join'));
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatchObject({ file: fixture('sequence_service_tasks'), valid: true, errors: [] });
    expect(Object.keys(r.lines[0]!).sort()).toEqual(['errors', 'file', 'valid', 'warnings']);
  });

  test('an invalid file: exit 1, every error with code, element and message', () => {
    const bad = path.join(tmp, 'bad.bpmn');
    writeFileSync(bad, readFileSync(fixture('sequence_service_tasks'), 'utf8').replace('ggzy:taskType="demo.echo"', 'ggzy:taskType="no.such"').replace('value="a + 1"', 'value="a +"'));
    const r = ggzy('validate', fixture('sequence_service_tasks'), bad);
    expect(r.code).toBe(1);
    expect(r.lines[0]!.valid).toBe(true);
    expect(r.lines[1]!.valid).toBe(false);
    expect(r.lines[1]!.errors.map((e) => `${e.code}@${e.element}`).sort()).toEqual(['BAD_EXPRESSION@b', 'UNKNOWN_TASK_TYPE@a']);
    expect(r.lines[1]!.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    noStackTrace(r);
  });

  test('--lang en gives English messages', () => {
    const r = ggzy('validate', '--lang', 'en', path.join(repoRoot, 'test', 'fixtures', 'foreign', 'camunda7.bpmn'));
    expect(r.code).toBe(1);
    expect(r.lines[0]!.errors.map((e) => e.message)).toContain("Scripts in javascript do not run here: write the script in the platform's expression language (no scriptFormat)");
  });

  test('hostile and non-XML input: reported, no crash, no stack trace', () => {
    const files = {
      'xxe.bpmn': '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
      'binary.bpmn': Buffer.from([0, 1, 2, 255, 254, 80, 75, 3, 4]).toString('latin1'),
      'empty.bpmn': '',
      'truncated.bpmn': readFileSync(fixture('parallel_fork_join'), 'utf8').slice(0, 700),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(tmp, name), content, 'latin1');
    const r = ggzy('validate', ...Object.keys(files).map((f) => path.join(tmp, f)));
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => [path.basename(l.file), l.errors[0]!.code])).toEqual([
      ['xxe.bpmn', 'XML_FORBIDDEN_DTD'], ['binary.bpmn', 'XML_MALFORMED'], ['empty.bpmn', 'NOT_BPMN'], ['truncated.bpmn', 'XML_MALFORMED'],
    ]);
    noStackTrace(r);
  });

  test('usage errors and unreadable files: exit 2', () => {
    const none = ggzy('validate');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: ggzy validate/);
    const badOption = ggzy('validate', '--nope', fixture('sequence_service_tasks'));
    expect(badOption.code).toBe(2);
    const missing = ggzy('validate', fixture('sequence_service_tasks'), path.join(tmp, 'missing.bpmn'), tmp);
    expect(missing.code).toBe(2);
    expect(missing.lines.map((l) => l.errors[0]?.code ?? 'ok')).toEqual(['ok', 'FILE_UNREADABLE', 'FILE_UNREADABLE']);
    expect(ggzy('frobnicate').code).toBe(2);
    noStackTrace(missing);
  });
});
