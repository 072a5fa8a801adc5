import { describe, expect, it } from 'vitest';
import { da } from '../../../src/shared/i18n/da.ts';
import { en } from '../../../src/shared/i18n/en.ts';
import { translate } from '../../../src/shared/i18n/index.ts';

function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  const enLeaves = leaves(en);
  const daLeaves = leaves(da);

  it('Danish has exactly the English keys', () => {
    expect([...daLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
  });

  it('no string is empty and placeholders match', () => {
    for (const [key, value] of enLeaves) {
      expect(value.trim(), key).not.toBe('');
      expect(placeholders(daLeaves.get(key) ?? ''), key).toEqual(placeholders(value));
    }
  });

  it('every validation key used by the schemas exists', async () => {
    const sources = await import('node:fs').then((fs) =>
      ['src/shared/domain/identifiers.ts', 'src/shared/domain/case-log.ts']
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n'),
    );
    const keys = [...sources.matchAll(/'(validation\.[\w.]+)'/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(enLeaves.has(key), key).toBe(true);
  });
});

describe('translate', () => {
  it('fills parameters and falls back to the key', () => {
    expect(translate('errors.internal', { ref: 'ab12' })).toBe(
      'Something went wrong inside Clearance (reference ab12).',
    );
    expect(translate('cases.title', {}, 'da')).toBe('Sager');
    expect(translate('no.such.key')).toBe('no.such.key');
  });
});
