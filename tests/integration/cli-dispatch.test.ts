import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
beforeEach(() => {
  tmp = makeTempDir();
  data = join(tmp.dir, 'data');
});
afterEach(() => tmp.cleanup());

async function clearance(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--data-dir', data], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('CLI commands refused by the dispatch’s rules say so as usage errors, before anything is written', () => {
  it('import takes at most 50 paths, as the import API does, and names the way round it', async () => {
    const paths = Array.from({ length: 51 }, (_, i) => {
      const path = join(tmp.dir, `export-${i}.csv`);
      writeFileSync(path, 'x\n');
      return path;
    });
    const refused = await clearance(['import', ...paths, '--user', 'anna@contoso.com', '--tenant', 'contoso.com']);
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual([
      'clearance import: at most 50 files or folders at once (51 given); give the folder that holds them',
    ]);
    expect((await clearance(['cases', 'list', '--json'])).out).toEqual(['[]']);
  });

  it('investigate refuses a --since that is no time before connecting or opening a case', async () => {
    const refused = await clearance(['investigate', '--user', 'adele.vance@contoso.com', '--since', 'last week']);
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual(['clearance investigate: --since: Enter a valid date and time.']);
    expect((await clearance(['cases', 'list', '--json'])).out).toEqual(['[]']);
  });
});
