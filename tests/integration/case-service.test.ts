import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/shared/api/contract.ts';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
let events: AppEvent[];
let tick = 0;
const clock = () => new Date(Date.UTC(2026, 10, 26, 10, 0, tick++));

function start(): App {
  const created = createApp({ mode: 'cli', dataDir: tmp.dir, actor: 'ana@ws1', logger: silentLogger, clock });
  created.events.subscribe((e) => events.push(e));
  return created;
}

async function call(method: string, input: unknown): Promise<unknown> {
  const result = await app.dispatch(method, input);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

beforeEach(() => {
  tmp = makeTempDir();
  events = [];
  app = start();
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

describe('cases through the handler table', () => {
  it('creates, lists, reads and survives a restart', async () => {
    const created = (await call('cases.create', {
      upn: 'Anna@Contoso.com',
      tenant: 'contoso.com',
      blockedAt: '2026-11-20T09:00:00+01:00',
    })) as {
      id: string;
    };
    expect(created).toMatchObject({
      upn: 'anna@contoso.com',
      blockedAt: '2026-11-20T08:00:00.000Z',
      createdBy: 'ana@ws1',
      head: { seq: 1 },
    });
    expect(events).toEqual([{ name: 'cases.changed', payload: { caseId: created.id } }]);

    await app.close();
    app = start();
    expect(await call('cases.list', {})).toEqual([expect.objectContaining({ id: created.id })]);
    expect(await call('caseLog.verify', { caseId: created.id })).toMatchObject({ intact: true, entries: 1 });
  });

  it('writes nothing for invalid input', async () => {
    const result = await app.dispatch('cases.create', { upn: 'not-an-upn', tenant: 'contoso.com' });
    expect(result.ok).toBe(false);
    expect(await call('cases.list', {})).toEqual([]);
  });

  it('sorts the list by any column, both ways', async () => {
    await call('cases.create', { upn: 'b@contoso.com', tenant: 'b.com' });
    await call('cases.create', { upn: 'a@contoso.com', tenant: 'c.com', blockedAt: '2026-11-01T00:00:00Z' });
    await call('cases.create', { upn: 'c@contoso.com', tenant: 'a.com', blockedAt: '2026-11-02T00:00:00Z' });
    const upns = async (sort: string, direction: string) =>
      ((await call('cases.list', { sort, direction })) as { upn: string }[]).map((c) => c.upn[0]);
    expect(await upns('upn', 'asc')).toEqual(['a', 'b', 'c']);
    expect(await upns('upn', 'desc')).toEqual(['c', 'b', 'a']);
    expect(await upns('tenant', 'asc')).toEqual(['c', 'b', 'a']);
    expect(await upns('createdAt', 'desc')).toEqual(['c', 'a', 'b']);
    expect(await upns('blockedAt', 'desc')).toEqual(['c', 'a', 'b']); // no block time sorts last
  });

  it('appends notes, emits events and moves the index head', async () => {
    const { id } = (await call('cases.create', { upn: 'a@contoso.com', tenant: 'contoso.com' })) as { id: string };
    const entry = (await call('cases.addNote', { caseId: id, text: '  suspicious rule ".." found  ' })) as {
      seq: number;
      hash: string;
    };
    expect(entry).toMatchObject({ seq: 2, kind: 'note.added', payload: { text: 'suspicious rule ".." found' } });
    expect(events.map((e) => e.name)).toEqual(['cases.changed', 'caseLog.appended', 'cases.changed']);
    expect(await call('cases.get', { caseId: id })).toMatchObject({ head: { seq: 2, hash: entry.hash } });
    expect(await call('caseLog.list', { caseId: id })).toMatchObject({
      entries: [{ seq: 1 }, { seq: 2 }],
      hasMore: false,
    });
  });

  it('answers not_found for an unknown case', async () => {
    const result = await app.dispatch('cases.get', { caseId: '00000000-0000-4000-8000-000000000000' });
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'errors.caseNotFound' } });
  });

  it('rebuilds a lost index from the case files', async () => {
    const { id } = (await call('cases.create', { upn: 'a@contoso.com', tenant: 'contoso.com' })) as { id: string };
    await app.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(tmp.dir, `index.sqlite${suffix}`), { force: true });
    app = start();
    expect(await call('cases.list', {})).toEqual([
      expect.objectContaining({ id, head: expect.objectContaining({ seq: 1 }) }),
    ]);
  });

  it('detects a log cut short behind the app’s back, using the head the index recorded', async () => {
    const { id } = (await call('cases.create', { upn: 'a@contoso.com', tenant: 'contoso.com' })) as { id: string };
    await call('cases.addNote', { caseId: id, text: 'one' });
    await call('cases.addNote', { caseId: id, text: 'two' });
    await app.close();
    const db = new Database(join(tmp.dir, 'cases', `${id}.clearance`));
    db.exec('DROP TRIGGER log_no_delete; DELETE FROM log WHERE seq = 3;');
    db.close();
    app = start();
    expect(await call('caseLog.verify', { caseId: id })).toMatchObject({
      intact: false,
      entries: 2,
      firstBroken: { seq: 3, reason: 'head_mismatch' },
    });
  });
});
