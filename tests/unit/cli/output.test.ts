import { describe, expect, it } from 'vitest';
import { printable, table } from '../../../src/main/cli/output.ts';

describe('CLI output', () => {
  it('neutralises terminal control and bidi override characters in tenant data', () => {
    expect(printable('evil\u001b[2Jname\u202e')).toBe('evil\uFFFD[2Jname\uFFFD');
  });
  it('aligns columns', () => {
    expect(table(['A', 'BB'], [['xxx', 'y']])).toEqual(['A    BB', '---  --', 'xxx  y']);
  });
});

describe('the sink every command prints through', () => {
  it('keeps our line breaks and tabs, and replaces every other control character', async () => {
    const { sanitised } = await import('../../../src/main/cli/output.ts');
    const lines: string[] = [];
    const out = sanitised({ out: (l) => lines.push(l), err: (l) => lines.push(`E ${l}`) });
    out.out('BROKEN: case x\u001b[2K\rintact\n\tnext\u0085line\u2066');
    out.err('bad\u0007');
    expect(lines).toEqual(['BROKEN: case x\uFFFD[2K\uFFFDintact\n\tnext\uFFFDline\uFFFD', 'E bad\uFFFD']);
  });

  it('prints JSON with the characters it would replace escaped, so the values survive', async () => {
    const { jsonText } = await import('../../../src/main/cli/output.ts');
    const value = { upn: 'a\u001b[2K\u0085\u202eb' };
    const text = jsonText(value);
    expect(text).toBe('{\n  "upn": "a\\u001b[2K\\u0085\\u202eb"\n}');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('a refusal from the dispatch', () => {
  it('names the reference of an internal error instead of a literal {{ref}}', async () => {
    const { call } = await import('../../../src/main/cli/call.ts');
    const lines: string[] = [];
    const app = {
      dispatch: () =>
        Promise.resolve({ ok: false, error: { code: 'internal', message: 'errors.internal', ref: 'a1b2c3d4' } }),
    } as unknown as Parameters<typeof call>[0];
    const value = await call(app, 'cases list', { out: () => {}, err: (l) => lines.push(l) }, 'cases.list', {});
    expect(value).toBeNull();
    expect(lines).toEqual(['clearance cases list: Something went wrong inside Clearance (reference a1b2c3d4).']);
  });
});
