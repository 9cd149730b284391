// The CJK font the award notices (中标通知书) are typeset with: GGZY_CJK_FONT, else Debian's Noto Sans CJK,
// installed here when missing and the script runs as root.
import { existsSync } from 'node:fs';
import { run, which } from './exec.mjs';
import { SetupError, step } from './report.mjs';

export const DEBIAN_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const HELP = 'Install Debian\'s fonts-noto-cjk (apt-get install fonts-noto-cjk), or set GGZY_CJK_FONT to a .ttf/.otf/.ttc font with Simplified Chinese glyphs (a collection as path#PostScriptName).';

/** Answers the font file the documents will use; installs fonts-noto-cjk when nothing is there and we are root. */
export async function ensureCjkFont() {
  const configured = process.env.GGZY_CJK_FONT;
  if (configured) {
    const file = configured.split('#')[0];
    if (!existsSync(file)) throw new SetupError(`GGZY_CJK_FONT names ${file}, which does not exist.`, HELP);
    return file;
  }
  if (existsSync(DEBIAN_CJK_FONT)) return DEBIAN_CJK_FONT;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !(await which('apt-get'))) throw new SetupError(`no CJK font for the award notices (${DEBIAN_CJK_FONT} is missing).`, HELP);
  step('CJK font: installing Debian\'s fonts-noto-cjk');
  await run('apt-get', ['update', '-qq'], { quiet: true }).catch(() => {});
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'fonts-noto-cjk'], { quiet: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!existsSync(DEBIAN_CJK_FONT)) throw new SetupError(`fonts-noto-cjk is installed but ${DEBIAN_CJK_FONT} is not there.`, HELP);
  return DEBIAN_CJK_FONT;
}
