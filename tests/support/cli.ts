import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'clearance.mjs');

/** Runs the real `clearance` command in a child process, as an analyst would (`input` goes to stdin). */
export function runClearance(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
