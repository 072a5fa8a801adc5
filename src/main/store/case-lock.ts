import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../core/app-error.ts';

/** What a long operation is doing to a case, as "in use by …" says it. */
const CASE_WORK = ['import', 'investigation', 'detection'] as const;
export type CaseWork = (typeof CASE_WORK)[number];

export interface LockHolder {
  pid: number;
  host: string;
  actor: string;
  what: string;
  since: string;
}

/** The lock of a case file sits beside it: `<id>.clearance.lock`. */
export function lockPathOf(casePath: string): string {
  return `${casePath}.lock`;
}

// The file is written by processes on this machine, but it is still shown to a user: keep it to plain text.
function plain(value: unknown, max = 200): string {
  return typeof value === 'string' ? value.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, max) : '';
}

export function readLock(casePath: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(lockPathOf(casePath), 'utf8');
  } catch {
    return null;
  }
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    return {
      pid: typeof raw.pid === 'number' ? raw.pid : 0,
      host: plain(raw.host),
      actor: plain(raw.actor),
      what: plain(raw.what, 40),
      since: plain(raw.since, 40),
    };
  } catch {
    // Half-written (its writer died between create and write) or not ours: it holds nobody.
    return { pid: 0, host: hostname(), actor: '', what: '', since: '' };
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** A lock whose process is gone, on this machine: its holder crashed or was killed, so it can be taken over. */
function stale(holder: LockHolder): boolean {
  return holder.host === hostname() && !alive(holder.pid);
}

/**
 * One writer per case across processes: a lock file created with O_EXCL beside the case file, holding who
 * holds it and for what. Long operations (import, investigation, detection) hold it from start to end;
 * short appends (notes, checklist) do not take it — they wait on SQLite's write lock between the long
 * operation's slices, which are short transactions. A lock left by a process that died on this machine is
 * taken over; one from another host (a shared folder) is never presumed dead.
 */
export class CaseLock {
  private released = false;
  private readonly path: string;
  private readonly since: string;

  private constructor(path: string, since: string) {
    this.path = path;
    this.since = since;
  }

  /** Takes the lock, waiting up to `waitMs` for its holder; then refuses with `case_busy` naming the holder. */
  static async acquire(
    casePath: string,
    holder: { actor: string; what: CaseWork },
    options: { waitMs?: number; pollMs?: number } = {},
  ): Promise<CaseLock> {
    const waitMs = options.waitMs ?? 15_000;
    const pollMs = options.pollMs ?? 200;
    const deadline = Date.now() + waitMs;
    const path = lockPathOf(casePath);
    for (;;) {
      const since = CaseLock.tryCreate(path, holder);
      if (since) return new CaseLock(path, since);
      const current = readLock(casePath);
      if (current && stale(current)) {
        CaseLock.takeOver(path, current);
        continue;
      }
      if (Date.now() >= deadline) {
        // The operation in words of the analyst's language (a known one), else as the lock file names it.
        const known = current && (CASE_WORK as readonly string[]).includes(current.what);
        throw new AppError('case_busy', known ? `errors.caseBusyBy.${current.what}` : 'errors.caseBusy', {
          who: current ? `${current.actor} (pid ${current.pid} on ${current.host})` : '?',
          what: current?.what ?? '?',
          since: current?.since ?? '?',
        });
      }
      await sleep(pollMs);
    }
  }

  /** Creates the lock file if there is none (O_EXCL): the time it was taken, or null when it is held. */
  private static tryCreate(path: string, holder: { actor: string; what: CaseWork }): string | null {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw error;
    }
    const since = new Date().toISOString();
    try {
      const body: LockHolder = { pid: process.pid, host: hostname(), actor: holder.actor, what: holder.what, since };
      writeSync(fd, JSON.stringify(body));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return since;
  }

  /**
   * Moves the stale lock aside under a name of our own, then checks it is still the one judged stale: if
   * another process took it over and created a live lock meanwhile, that one is put back untouched.
   */
  private static takeOver(path: string, judged: LockHolder): void {
    const aside = `${path}.stale-${process.pid}-${Date.now()}`;
    try {
      renameSync(path, aside);
    } catch {
      return; // someone else moved it first
    }
    let moved: LockHolder | null;
    try {
      const raw = JSON.parse(readFileSync(aside, 'utf8')) as Partial<LockHolder>;
      moved = { pid: raw.pid ?? 0, host: raw.host ?? '', actor: '', what: '', since: raw.since ?? '' };
    } catch {
      moved = null;
    }
    const same = moved === null || (moved.pid === judged.pid && moved.since === judged.since);
    if (!same) {
      try {
        // A live lock taken meanwhile: put it back, unless yet another one was created in its place (link
        // fails then, where rename would replace it).
        linkSync(aside, path);
      } catch {
        /* another lock holds the name now */
      }
      rmSync(aside, { force: true });
      return;
    }
    rmSync(aside, { force: true });
  }

  /** Removes the lock file, if it is still ours (never one another process took over). */
  release(): void {
    if (this.released) return;
    this.released = true;
    let raw: Partial<LockHolder>;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<LockHolder>;
    } catch {
      return;
    }
    if (raw.pid === process.pid && raw.since === this.since) rmSync(this.path, { force: true });
  }
}
