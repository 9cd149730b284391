// Locations every script agrees on. Nothing here depends on installed packages.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = path.join(repoRoot, '.tools');
export const toolsBin = path.join(toolsDir, 'bin');

export function dataDir() {
  return path.resolve(repoRoot, process.env.GGZY_DATA_DIR || 'data');
}
