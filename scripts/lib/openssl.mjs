// The openssl command line: the certificate tests cross-check the platform's verification with material and
// signatures openssl makes (P-256 and SM2), and have openssl verify the platform's own. Debian's openssl 3 does both;
// installed with apt-get when missing (as root), otherwise one clear error.
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';

export async function ensureOpenssl() {
  if (await which('openssl')) return;
  if (!(typeof process.getuid === 'function' && process.getuid() === 0)) {
    throw new SetupError('the certificate tests need the openssl command line, which this user cannot install.', 'Install it (apt-get install openssl), or run the tests as root so the setup can install it.');
  }
  step('openssl: installing Debian\'s openssl');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { quiet: true, env }).catch(() => {});
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'openssl'], { quiet: true, env });
  if (!(await which('openssl'))) throw new SetupError('openssl was installed but is not on the PATH.');
}
