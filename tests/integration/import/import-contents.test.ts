import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { createLogger } from '../../../src/main/core/logger.ts';
import { ROOT } from '../../support/cli.ts';
import { dispatchOk } from '../../support/investigation.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** Every file below holds this; none of it may reach the case log or the main-process log. */
const SECRET = 'hunter2-9f3a';

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
let logged: string[];
let caseId: string;

function file(name: string, text: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
}

async function everyLogEntry(): Promise<string> {
  const page = await dispatchOk(app, 'caseLog.list', { caseId, afterSeq: 0, limit: 500 });
  return JSON.stringify(page.entries);
}

beforeEach(() => {
  tmp = makeTempDir();
  logged = [];
  app = createApp({
    mode: 'cli',
    dataDir: join(tmp.dir, 'data'),
    actor: 'ana@ws1',
    logger: createLogger((line) => logged.push(line), 'debug'),
  });
  caseId = app.cases.create({ upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', blockedAt: null }).id;
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

describe('importing a file that is not an export', () => {
  it('keeps the file name, hash and reason in the case log, never what the file holds', async () => {
    const paths = [
      file('.env', `SECRET=${SECRET}\nAPI_KEY=abc\n`),
      file('quoted.env', `TOKEN="${SECRET}\n`), // a quote never closed: csv-parse's own message quotes the text
      file('opening.csv', `a${SECRET}"x,b\n1,2\n`), // a quote inside an unquoted field
      file('settings.json', `{"${SECRET}": true}\n`),
      file('broken.json', `{"password": ${SECRET}}\n`),
      file('zone.csv', `"TimeGenerated [${SECRET}UTC]","b"\n"x","y"\n`),
    ];
    const result = await dispatchOk(app, 'import.files', { caseId, paths });
    // Every file refused, each with a reason.
    expect(result.files.map((f) => [f.file, f.imported, typeof f.fatal])).toEqual([
      ['.env', 0, 'string'],
      ['quoted.env', 0, 'string'],
      ['opening.csv', 0, 'string'],
      ['settings.json', 0, 'string'],
      ['broken.json', 0, 'string'],
      ['zone.csv', 0, 'string'],
    ]);
    // The analyst is shown what was seen at import time…
    expect(result.files[0]!.fatal).toContain(`"SECRET=${SECRET}"`);
    // …and the permanent log keeps the reason with it elided.
    const log = await everyLogEntry();
    expect(log).toContain('unrecognised CSV columns \\"…\\"');
    expect(log).toContain('.env');
    expect(log).toContain(result.files[0]!.sha256);
    expect(log).not.toContain(SECRET);
    expect(logged.join('\n')).not.toContain(SECRET);
  });

  it('logs a row problem of a real export without the values they quote', async () => {
    const fixture = readFileSync(join(ROOT, 'tests/fixtures/exports/entra-signins.csv'), 'utf8').split('\n');
    // Row 2's sign-in error code (the 14th column) holds the secret instead of a number.
    fixture[1] = fixture[1]!.replace('"Success","0"', `"Success","${SECRET}"`);
    const path = file('signins.csv', fixture.join('\n'));
    const result = await dispatchOk(app, 'import.files', { caseId, paths: [path] });
    expect(result.files[0]!.problems).toContainEqual({
      line: 2,
      reason: `Sign-in error code "${SECRET}" is not an error code`,
    });
    expect(result.files[0]!.imported).toBeGreaterThan(10);
    const log = await everyLogEntry();
    expect(log).toContain('Sign-in error code \\"…\\" is not an error code');
    expect(log).not.toContain(SECRET);
    expect(logged.join('\n')).not.toContain(SECRET);
  });
});
