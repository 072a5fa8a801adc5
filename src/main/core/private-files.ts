import { chmodSync, closeSync, fchmodSync, linkSync, lstatSync, mkdirSync, openSync, renameSync } from 'node:fs';

/**
 * Files only the analyst can read, written without following or replacing anything. Case files, the index,
 * reports, bundles and the key file hold evidence or secrets: folders 0700, files 0600, set explicitly after
 * creating them so the process umask does not decide.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Is anything at this path, a symlink (even one pointing nowhere) included? */
export function occupied(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Creates a folder (and its parents) private; an existing data folder is made private too. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/** Makes an existing file private (SQLite creates its files with the umask's mode). */
export function makePrivate(path: string): void {
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Creates an empty private file; fails if anything is at the path (O_EXCL never follows a symlink). */
export function createPrivateFile(path: string): void {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a finished file (written beside the target) to its name without replacing or following anything
 * there. link() fails on any existing name, a dangling symlink too, and never follows one; file systems
 * without hard links (FAT, some network shares) get a checked rename, which replaces a name but never writes
 * through it. The staging name is left for the caller to remove.
 */
export function publishNoClobber(staging: string, target: string): void {
  try {
    linkSync(staging, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (occupied(target)) throw Object.assign(new Error('the target exists'), { code: 'EEXIST' });
    renameSync(staging, target);
  }
}

/** Errors that mean "cannot write there" rather than a fault in Clearance. */
export function isUnwritable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'ENOSPC';
}
