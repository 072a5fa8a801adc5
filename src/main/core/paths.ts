import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function isClearancePackage(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'clearance';
  } catch {
    return false;
  }
}

/**
 * The folder holding Clearance's package.json, found by walking up from this module, so paths to the
 * built renderer and resources are right whether the code runs from source, from `out/`, or installed.
 */
export function packageRoot(from: string = import.meta.dirname): string {
  let dir = from;
  while (!isClearancePackage(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Clearance package root');
    dir = parent;
  }
  return dir;
}

export function rendererDir(root: string = packageRoot()): string {
  return join(root, 'out', 'renderer');
}
