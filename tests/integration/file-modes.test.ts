import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { ROOT } from '../support/cli.ts';
import { dispatchOk } from '../support/investigation.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let umask: number;
beforeEach(() => {
  tmp = makeTempDir();
  // The most permissive umask there is: the modes must not come from it.
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
  tmp.cleanup();
});

/** Every path under `dir` with its permission bits, as `relative path → octal mode`. */
function modes(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const name = `${prefix}${entry.name}${entry.isDirectory() ? '/' : ''}`;
    out[name] = (statSync(path).mode & 0o777).toString(8);
    if (entry.isDirectory()) Object.assign(out, modes(path, name));
  }
  return out;
}

describe('the data folder is private', () => {
  it('makes the folder 0700 and case files, the index, reports and bundles 0600, whatever the umask', async () => {
    const data = join(tmp.dir, 'data');
    mkdirSync(data, { mode: 0o755 }); // an existing folder, readable by all, is made private too
    const app = createApp({ mode: 'cli', dataDir: data, actor: 'ana@ws1', logger: silentLogger });
    try {
      const { id: caseId } = app.cases.create({ upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', blockedAt: null });
      await dispatchOk(app, 'import.files', {
        caseId,
        paths: [join(ROOT, 'tests/fixtures/exports/entra-signins.csv')],
      });
      await dispatchOk(app, 'report.export', { caseId, format: 'md' });
      await dispatchOk(app, 'cases.exportBundle', { caseId });
    } finally {
      await app.close();
    }
    expect((statSync(data).mode & 0o777).toString(8)).toBe('700');
    const found = modes(data);
    const names = Object.keys(found);
    // What must be there (known names), so the checks below do not pass on an empty folder.
    expect(names).toEqual(
      expect.arrayContaining([
        'cases/',
        'index.sqlite',
        'reports/',
        'exports/',
        expect.stringMatching(/^cases\/.+\.clearance$/),
      ]),
    );
    expect(names.filter((n) => n.startsWith('reports/') && n.endsWith('.md'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('exports/') && n.endsWith('.clearance'))).toHaveLength(1);
    const wrong = Object.entries(found).filter(([name, mode]) => mode !== (name.endsWith('/') ? '700' : '600'));
    expect(wrong).toEqual([]);
  });
});
