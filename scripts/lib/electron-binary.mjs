// Finds the Electron binary without triggering Electron's lazy download (requiring the `electron`
// package would try to fetch it, which hangs or fails on machines with no access to its host).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {string | null} the executable, or null when this machine has none */
export function electronBinaryPath(root = process.cwd(), env = process.env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = join(pkg, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

export const NO_ELECTRON_REASON =
  'Electron binary not present: node_modules/electron/dist is missing (Electron downloads it on first use; ' +
  'run `npx install-electron` on a machine that can reach its download host)';
