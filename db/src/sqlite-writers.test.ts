// Two processes on one SQLite file (the embedded platform's api and worker): transactions that read and then write no
// longer fail with SQLITE_BUSY when the other process wrote meanwhile — each takes the write lock as it begins and the
// other waits its turn under the busy timeout. (Separate processes: better-sqlite3 waits synchronously, so two
// connections of one process would only wait on themselves. The writers run the built package, as the platform does.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './connection';

const WRITER = `
const { openDatabase } = require(process.env.DB_MODULE);
(async () => {
  const db = openDatabase({ client: 'sqlite', filename: process.env.DB_FILE });
  const failures = [];
  for (let i = 0; i < 15; i++) {
    try {
      await db.transaction(async (trx) => {
        const { n } = await trx('counter').where('id', 1).first();
        await new Promise((r) => setTimeout(r, 5)); // the other process writes meanwhile
        await trx('counter').where('id', 1).update({ n: n + 1 });
      });
    } catch (err) { failures.push(err.code || err.message); }
  }
  await db.destroy();
  process.stdout.write(JSON.stringify(failures));
})();
`;

function writer(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', WRITER], { env: { ...process.env, DB_FILE: file, DB_MODULE: path.join(__dirname, '..', 'dist', 'index.js') }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`writer exited ${code}`))));
  });
}

test('read-then-write transactions from two processes at once all commit, and none loses an update', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-sqlite-writers-'));
  const file = path.join(dir, 'shared.sqlite');
  const db = openDatabase({ client: 'sqlite', filename: file });
  try {
    await db.schema.createTable('counter', (t) => { t.integer('id').primary(); t.integer('n').notNullable(); });
    await db('counter').insert({ id: 1, n: 0 });
    const failures = await Promise.all([writer(file), writer(file)]);
    expect(failures.flat()).toEqual([]);
    expect((await db('counter').where('id', 1).first())!.n).toBe(30);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
