import { spawn } from 'node:child_process';
import { SetupError } from './report.mjs';

/** Runs a command with inherited output; rejects with a SetupError naming the command when it fails. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options });
    let output = '';
    if (options.quiet) {
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
    }
    child.on('error', (err) => reject(new SetupError(`cannot run ${cmd}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new SetupError(`${[cmd, ...args].join(' ')} failed (${signal ?? `exit ${code}`})${output ? `:\n${output.slice(-4000)}` : ''}`));
    });
  });
}

export function which(cmd) {
  const dirs = (process.env.PATH || '').split(':');
  return import('node:fs').then(({ existsSync, statSync }) => {
    for (const dir of dirs) {
      const candidate = `${dir}/${cmd}`;
      try {
        if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
      } catch { /* unreadable PATH entry */ }
    }
    return null;
  });
}
