import { describe, expect, it } from 'vitest';
import { ftsQuery } from '../../src/main/store/case-file/timeline-store.ts';

describe('timeline search words as an FTS5 query', () => {
  it('quotes every word so punctuation and operators are literal, the last one as a prefix', () => {
    expect(ftsQuery('Authenticated SMTP')).toBe('"Authenticated" AND "SMTP"*');
    expect(ftsQuery('185.220.101')).toBe('"185.220.101"*');
    expect(ftsQuery('a OR b NOT c')).toBe('"a" AND "OR" AND "b" AND "NOT" AND "c"*');
    expect(ftsQuery('say "hi"')).toBe('"say" AND """hi"""*');
    expect(ftsQuery('   ')).toBeNull();
  });
});
