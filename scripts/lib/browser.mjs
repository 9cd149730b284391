// The browser the end-to-end tests drive: Debian's chromium (never a downloaded build), with the CJK fonts the
// Chinese pages need. Installed with apt-get when missing (as root); otherwise one clear error.
import { existsSync } from 'node:fs';
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';

const HELP = 'Install Debian\'s chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk), or run the tests as root so the setup can install them.';
const FONT_DIR = '/usr/share/fonts/opentype/noto';

async function chromiumPath() {
  for (const candidate of ['/usr/bin/chromium', await which('chromium')]) if (candidate && existsSync(candidate)) return candidate;
  return null;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Answers the path of the chromium binary, installing chromium and the CJK fonts first where missing. */
export async function ensureBrowser() {
  const missing = [];
  if (!(await chromiumPath())) missing.push('chromium');
  if (!existsSync(FONT_DIR)) missing.push('fonts-noto-cjk');
  if (missing.length) {
    if (!isRoot()) throw new SetupError(`the browser tests need ${missing.join(' and ')}, which this user cannot install.`, HELP);
    step(`browser: installing Debian's ${missing.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { quiet: true, env }).catch(() => {});
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { quiet: true, env });
  }
  const path = await chromiumPath();
  if (!path) throw new SetupError('chromium was installed but /usr/bin/chromium is missing.', HELP);
  step(`browser: ${path}`);
  return path;
}
