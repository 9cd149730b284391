// schemathesis (PyPI), the fuzzer `npm test` runs over /api/openapi.json: installed once into a Python virtual
// environment under .tools/ (python3 -m venv, then pip from PyPI), pinned, reused while its version matches. Without
// python3 and its venv module, or without PyPI, one clear error says what to provide.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, which } from './exec.mjs';
import { toolsDir } from './paths.mjs';
import { SetupError, step } from './report.mjs';

export const SCHEMATHESIS_VERSION = '4.32.5';
const venv = path.join(toolsDir, 'schemathesis');
const binary = path.join(venv, 'bin', 'schemathesis');
const stamp = path.join(venv, 'ggzy-version');

/** The schemathesis command (a path), installed the first time. */
export async function ensureSchemathesis() {
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === SCHEMATHESIS_VERSION) return binary;
  const python = (await which('python3')) ? 'python3' : null;
  if (!python) throw new SetupError('the api fuzzing test needs python3 (with its venv module) to install schemathesis.', 'Install python3 and python3-venv (apt-get install python3 python3-venv).');
  step(`schemathesis: installing ${SCHEMATHESIS_VERSION} from PyPI into .tools/schemathesis (once)`);
  rmSync(venv, { recursive: true, force: true });
  try {
    await run(python, ['-m', 'venv', venv], { quiet: true });
  } catch {
    throw new SetupError('python3 could not make a virtual environment for schemathesis.', 'Install the venv module (apt-get install python3-venv).');
  }
  try {
    await run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], { quiet: true });
  } catch (err) {
    throw new SetupError(`pip could not install schemathesis ${SCHEMATHESIS_VERSION} from PyPI (${String(err?.message ?? err).trim().split('\n').pop()}).`, 'Let the machine reach pypi.org (or set PIP_INDEX_URL to a mirror) and run npm test again.');
  }
  writeFileSync(stamp, `${SCHEMATHESIS_VERSION}\n`);
  return binary;
}
