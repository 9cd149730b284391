// The lint rule that keeps IO out of the workflow sandbox really fires (and lets pure imports through).
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const repoRoot = path.resolve(__dirname, '..', '..');

// The ESLint CLI, as CI runs it, on source text that pretends to live under workflows/src/.
async function lintWorkflowSource(code: string): Promise<string[]> {
  const eslint = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [eslint, '--format', 'json', '--stdin', '--stdin-filename', 'workflows/src/lint-probe.ts'], {
    cwd: repoRoot, input: code, encoding: 'utf8',
  });
  if (!run.stdout) throw new Error(`eslint produced no report: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('workflow import rule', () => {
  test.each([
    ["import { readFileSync } from 'node:fs';"],
    ["import fs from 'fs';"],
    ["import knex from 'knex';"],
    ["import { Client } from '@temporalio/client';"],
    ["import { User } from '@ggzy/db';"],
    ["import { createActivities } from '@ggzy/activities';"],
    ["export { thing } from '@ggzy/api';"],
    ["import { compileBpmn } from '@ggzy/process';"],
  ])('refuses %s', async (code) => {
    const messages = await lintWorkflowSource(`${code}\nexport const x = 1;\n`);
    expect(messages.join('\n')).toMatch(/deterministic sandbox/);
  });

  test('refuses timers, fetch and the environment as globals', async () => {
    const messages = await lintWorkflowSource('export const a = () => setTimeout(() => 1, 1);\nexport const b = () => fetch("x");\nexport const c = () => process.env.X;\n');
    expect(messages).toHaveLength(3);
  });

  test('allows the sandbox SDK, pure packages, type-only imports and its own files', async () => {
    const messages = await lintWorkflowSource([
      "import { sleep } from '@temporalio/workflow';",
      "import { defineSearchAttributeKey } from '@temporalio/common';",
      "import { setup } from 'xstate';",
      "import { evaluateSource } from '@ggzy/process/runtime';",
      "import type { ProcessModel } from '@ggzy/process';",
      "import type { Db } from '@ggzy/db';",
      "import type { PlatformActivities } from '@ggzy/activities';",
      "import { probeWorkflow } from './probe';",
      'export const used = [sleep, defineSearchAttributeKey, setup, probeWorkflow, evaluateSource] as unknown as Db | PlatformActivities | ProcessModel;',
    ].join('\n'));
    expect(messages).toEqual([]);
  });
});
