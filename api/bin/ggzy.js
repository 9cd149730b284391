#!/usr/bin/env node
'use strict';
// Entry of `npx ggzy`. Prints results, never a stack trace; exit codes are part of the contract.
const path = require('node:path');
const fs = require('node:fs');

const compiled = path.join(__dirname, '..', 'dist', 'cli', 'ggzy.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('ggzy: the platform is not built yet; run `npm run build` (or npm start / npm test) first\n');
  process.exit(2);
}
process.stdout.on('error', () => process.exit(process.exitCode ?? 0)); // a closed pipe is not a crash

const io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
require(compiled)
  .main(process.argv.slice(2), io)
  .then((code) => { process.exitCode = code; })
  .catch((err) => {
    process.stderr.write(`ggzy: internal error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 2;
  });
