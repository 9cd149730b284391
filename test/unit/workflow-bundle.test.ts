// The workflow bundle carries the interpreter but never the compiler (bpmn-moddle) or anything with IO.
import { readFileSync } from 'node:fs';
import { bundlePath } from '../support/platform';

test('the workflow bundle contains the interpreter and not bpmn-moddle, knex or node built-ins', () => {
  const code = readFileSync(bundlePath(), 'utf8');
  expect(code).toContain('processWorkflow');
  expect(code).toContain('evaluateSource');
  expect(code).toContain('node_modules/xstate/'); // module paths are in the bundle, so the checks below can see one
  for (const forbidden of ['bpmn-moddle', 'moddle-xml', 'saxen', 'knex', 'better-sqlite3', 'objection']) {
    expect({ forbidden, found: code.includes(`node_modules/${forbidden}/`) }).toEqual({ forbidden, found: false });
  }
  expect(code.length).toBeLessThan(3 * 1024 * 1024);
});

test('failures raised by workflow code move their message and stack into an encoded payload; the codec itself stays outside', () => {
  const code = readFileSync(bundlePath(), 'utf8');
  expect(code).toContain('failure-converter');
  expect(code).toMatch(/encodeCommonAttributes:\s*true/);
  // the codec runs in the worker's main thread: neither it nor node's crypto is in the sandbox's bundle
  for (const forbidden of ['payload-cipher', 'createCipheriv', 'node:crypto', 'require("crypto")']) {
    expect({ forbidden, found: code.includes(forbidden) }).toEqual({ forbidden, found: false });
  }
});
