// The CJK font award notices are typeset with: GGZY_CJK_FONT (a file, or path#PostScriptName for a collection), else
// Debian's Noto Sans CJK (fonts-noto-cjk), else a clear error naming what to install.
import { existsSync, readFileSync } from 'node:fs';

export const DEBIAN_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
/** The Simplified Chinese face inside Debian's Noto Sans CJK collection. */
export const DEBIAN_CJK_FACE = 'NotoSansCJKsc-Regular';

export interface CjkFont {
  file: string;
  /** The face to use inside a font collection (.ttc); undefined for a single-face font. */
  face?: string;
  bytes: Buffer;
}

export class CjkFontMissingError extends Error {
  constructor(detail: string) {
    super(`${detail}: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), or set GGZY_CJK_FONT to a .ttf, .otf or .ttc font with Simplified Chinese glyphs (a collection as path#PostScriptName)`);
    this.name = 'CjkFontMissingError';
  }
}

const loaded = new Map<string, Buffer>();

function load(file: string): Buffer {
  let bytes = loaded.get(file);
  if (!bytes) {
    bytes = readFileSync(file);
    loaded.set(file, bytes);
  }
  return bytes;
}

export function resolveCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  const configured = env.GGZY_CJK_FONT?.trim();
  if (configured) {
    const hash = configured.lastIndexOf('#');
    const file = hash > 0 ? configured.slice(0, hash) : configured;
    const named = hash > 0 ? configured.slice(hash + 1) : undefined;
    if (!existsSync(file)) throw new CjkFontMissingError(`GGZY_CJK_FONT names ${file}, which does not exist`);
    const face = named ?? (file === DEBIAN_CJK_FONT ? DEBIAN_CJK_FACE : undefined);
    return { file, face, bytes: load(file) };
  }
  if (existsSync(DEBIAN_CJK_FONT)) return { file: DEBIAN_CJK_FONT, face: DEBIAN_CJK_FACE, bytes: load(DEBIAN_CJK_FONT) };
  throw new CjkFontMissingError(`no CJK font for the award notices (${DEBIAN_CJK_FONT} is missing and GGZY_CJK_FONT is unset)`);
}
