// Processes started at once each generate a secret into the same file: every one of them reads the same whole secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const run = (file: string, mine: string) => new Promise<string>((resolve, reject) => {
  const child = spawn(process.execPath, ['-e', `process.stdout.write(require('@ggzy/db').secretFileOnce(${JSON.stringify(file)}, () => ${JSON.stringify(mine)}))`], { cwd: path.resolve(__dirname, '..', '..') });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
});

test('eight processes creating the same secret file at once all read one whole secret, and no draft is left', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-secret-'));
  try {
    const file = path.join(dir, 'keys', 'secret');
    // given eight processes, each with a secret of its own, 4 KiB long (a half-written file would show)
    const secrets = Array.from({ length: 8 }, (_, i) => `${String(i).repeat(4096)}\n`);
    // when they start at once
    const read = await Promise.all(secrets.map((s) => run(file, s)));
    // then they all read the same, one of theirs, whole; the file is private and the drafts are gone
    expect(new Set(read).size).toBe(1);
    expect(secrets).toContain(read[0]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['secret']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
