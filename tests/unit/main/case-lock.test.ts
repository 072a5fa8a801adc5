import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/main/core/app-error.ts';
import { CaseLock, lockPathOf } from '../../../src/main/store/case-lock.ts';
import { translate } from '../../../src/shared/i18n/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let casePath: string;
beforeEach(() => {
  tmp = makeTempDir();
  casePath = join(tmp.dir, 'c.clearance');
});
afterEach(() => tmp.cleanup());

/** A pid that certainly belongs to no process: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the case lock', () => {
  it('refuses a second holder after the wait, saying who holds it, for what and since when', async () => {
    const first = await CaseLock.acquire(casePath, { actor: 'anna@contoso.com', what: 'import' });
    const holder = JSON.parse(readFileSync(lockPathOf(casePath), 'utf8')) as { since: string };
    const error = await refusal(
      CaseLock.acquire(casePath, { actor: 'bo@contoso.com', what: 'investigation' }, { waitMs: 300, pollMs: 50 }),
    );
    expect(error.code).toBe('case_busy');
    expect(error.params).toEqual({
      who: `anna@contoso.com (pid ${process.pid} on ${hostname()})`,
      what: 'import',
      since: holder.since,
    });
    expect(translate(error.message, error.params ?? {})).toBe(
      `The case is in use by anna@contoso.com (pid ${process.pid} on ${hostname()}), importing logs since ${holder.since}. Try again when that is done.`,
    );
    expect(translate(error.message, error.params ?? {}, 'da')).toBe(
      `Sagen bruges af anna@contoso.com (pid ${process.pid} on ${hostname()}), som importerer logfiler siden ${holder.since}. Prøv igen, når det er færdigt.`,
    );
    first.release();
    expect(existsSync(lockPathOf(casePath))).toBe(false);
    const second = await CaseLock.acquire(casePath, { actor: 'bo@contoso.com', what: 'investigation' }, { waitMs: 0 });
    second.release();
  });

  it('waits for the holder to finish rather than refusing at once', async () => {
    const first = await CaseLock.acquire(casePath, { actor: 'anna', what: 'import' });
    setTimeout(() => first.release(), 300);
    const second = await CaseLock.acquire(casePath, { actor: 'bo', what: 'detection' }, { waitMs: 5_000, pollMs: 50 });
    expect(JSON.parse(readFileSync(lockPathOf(casePath), 'utf8'))).toMatchObject({ actor: 'bo', what: 'detection' });
    second.release();
  });

  it('takes over a lock whose process is gone on this host', async () => {
    writeFileSync(
      lockPathOf(casePath),
      JSON.stringify({
        pid: deadPid(),
        host: hostname(),
        actor: 'crashed',
        what: 'import',
        since: '2026-01-01T00:00:00.000Z',
      }),
    );
    const lock = await CaseLock.acquire(casePath, { actor: 'bo', what: 'import' }, { waitMs: 0 });
    expect(JSON.parse(readFileSync(lockPathOf(casePath), 'utf8'))).toMatchObject({ pid: process.pid, actor: 'bo' });
    lock.release();
  });

  it('never presumes a lock from another host dead, nor one of a live process', async () => {
    const other = { pid: deadPid(), host: `not-${hostname()}`, actor: 'remote', what: 'import', since: 'x' };
    writeFileSync(lockPathOf(casePath), JSON.stringify(other));
    expect((await refusal(CaseLock.acquire(casePath, { actor: 'bo', what: 'import' }, { waitMs: 0 }))).code).toBe(
      'case_busy',
    );
    const live = { pid: process.ppid, host: hostname(), actor: 'parent', what: 'import', since: 'y' };
    writeFileSync(lockPathOf(casePath), JSON.stringify(live));
    expect((await refusal(CaseLock.acquire(casePath, { actor: 'bo', what: 'import' }, { waitMs: 0 }))).code).toBe(
      'case_busy',
    );
    expect(JSON.parse(readFileSync(lockPathOf(casePath), 'utf8'))).toEqual(live);
  });

  it('shows no control characters from the lock file in the refusal', async () => {
    const live = { pid: process.pid, host: hostname(), actor: 'a\u001b[2Kb\u202e', what: 'import\u0007', since: 'z' };
    writeFileSync(lockPathOf(casePath), JSON.stringify(live));
    const error = await refusal(CaseLock.acquire(casePath, { actor: 'bo', what: 'import' }, { waitMs: 0 }));
    expect(error.params).toMatchObject({ who: `a[2Kb (pid ${process.pid} on ${hostname()})`, what: 'import' });
  });
});
