import { runClearance } from './cli.ts';

/** Whom an import is for and where its cases go: the options `clearance import` takes for a user. */
export interface ImportFor {
  user: string;
  tenant: string;
  dataDir: string;
  blockedAt?: string;
  /** Further options as an analyst would type them (`--new-case`). */
  more?: string[];
}

/** Runs the real `clearance import <paths> --user … --tenant … --data-dir …` in a child process. */
export function runImport(paths: string[], options: ImportFor): { code: number; stdout: string; stderr: string } {
  return runClearance([
    'import',
    ...paths,
    '--user',
    options.user,
    '--tenant',
    options.tenant,
    ...(options.blockedAt === undefined ? [] : ['--blocked-at', options.blockedAt]),
    ...(options.more ?? []),
    '--data-dir',
    options.dataDir,
  ]);
}

/** The same with `--json`: its exit code, stderr, and stdout read as the result shape the caller names. */
export function runImportJson<T>(paths: string[], options: ImportFor): { code: number; stderr: string; result: T } {
  const { code, stdout, stderr } = runImport(paths, { ...options, more: [...(options.more ?? []), '--json'] });
  let result: T;
  try {
    result = JSON.parse(stdout) as T;
  } catch {
    // Say what the command said, not only that its output was not JSON.
    throw new Error(`clearance import exited ${code} without a JSON result: ${stderr || stdout}`);
  }
  return { code, stderr, result };
}
