import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { dispatchOk } from '../support/investigation.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
let caseId: string;
/** A record of 600,029 code points: 17 of `{"id":"x","pad":"`, 10 emoji (surrogate pairs in JS), 600,000 `a`, `"}`. */
const BIG = { id: 'x', pad: '😀'.repeat(10) + 'a'.repeat(600_000) };
const BIG_TEXT = JSON.stringify(BIG);
const SMALL = { id: 'y', userPrincipalName: 'sara.lund@nordhavn.dk' };

beforeEach(() => {
  tmp = makeTempDir();
  app = createApp({ mode: 'cli', dataDir: join(tmp.dir, 'data'), actor: 'ana@ws1', logger: silentLogger });
  caseId = app.cases.create({ upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', blockedAt: null }).id;
  const store = app.cases.caseFile(caseId).investigation;
  const at = '2026-11-20T10:00:00.000Z';
  const runId = store.startRun({ startedAt: at, windowStart: at, windowEnd: at, userId: null, sources: ['signIns'] });
  store.storePage(
    runId,
    'signIns',
    {
      request: 'GET test',
      fetchedAt: at,
      items: [
        { key: 'big', body: BIG },
        { key: 'small', body: SMALL },
      ],
    },
    null,
  );
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

describe('evidence.get', () => {
  it('returns at most 256 Ki characters of a body, says it is cut and how large it is, and pages on', async () => {
    const [big, small] = await dispatchOk(app, 'evidence.get', { caseId, ids: [1, 2] });
    expect(BIG_TEXT.length).toBe(600_039); // UTF-16 units: the emoji count twice
    expect(big).toMatchObject({ id: 1, offset: 0, end: 262_144, size: 600_029, truncated: true });
    expect([...big!.body]).toHaveLength(262_144);
    expect(small).toMatchObject({ id: 2, offset: 0, truncated: false, body: JSON.stringify(SMALL) });
    expect(small!.end).toBe(small!.size);

    const second = (await dispatchOk(app, 'evidence.get', { caseId, ids: [1], offset: 262_144 }))[0]!;
    expect(second).toMatchObject({ offset: 262_144, end: 524_288, size: 600_029, truncated: true });
    const third = (await dispatchOk(app, 'evidence.get', { caseId, ids: [1], offset: 524_288 }))[0]!;
    expect(third).toMatchObject({ offset: 524_288, end: 600_029, size: 600_029, truncated: false });
    // The slices put together are the record exactly as stored.
    expect(big!.body + second.body + third.body).toBe(BIG_TEXT);
  });
});
