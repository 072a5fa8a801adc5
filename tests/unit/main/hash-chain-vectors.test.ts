import { describe, expect, it } from 'vitest';
import { canonicalEntry, entryHash, genesisHash } from '../../../src/main/store/case-file/hash-chain.ts';

/*
 * Known-answer vectors for the case-log chain. The expected values were computed outside this code, in a
 * shell (bash, GNU coreutils), so a change to the canonical form or the hash input shows up here even when
 * the code under test would agree with itself:
 *
 *   CASE=3f2c1a9e-4b7d-4e8a-9c21-5d6e7f809a1b
 *   G=$(printf '%s' "clearance:case-log:v1:$CASE" | sha256sum | cut -d' ' -f1)
 *   C='{"actor":"ana@værksted","at":"2026-11-26T10:00:00.000Z","kind":"note.added","payload":{"Z":0,"a":1e+21,"b":[100000000000000000000,1e-7,1.5,-2],"q":"tab\there \"quoted\" back\\slash \u0001","é":"Ærø ☃","😀":"emoji key","ﬁ":"ligature key"},"seq":7}'
 *   printf '%s%s' "$G" "$C" | sha256sum
 *
 * C is RFC 8785 written by hand: numbers as ECMAScript prints them (1e21 → 1e+21, -0 → 0, 1e20 in full),
 * strings UTF-8 with only ", \ and control characters escaped, keys sorted by UTF-16 code units (so the
 * emoji, a surrogate pair starting 0xD83D, sorts before U+FB01 "ﬁ", the reverse of code-point order).
 */
const CASE_ID = '3f2c1a9e-4b7d-4e8a-9c21-5d6e7f809a1b';
const GENESIS = '970abddb6fac6a2cf0fc99398a9cd1d98c57d91eb117731f44071969dd6e7d3b';
const CANONICAL =
  '{"actor":"ana@værksted","at":"2026-11-26T10:00:00.000Z","kind":"note.added","payload":{"Z":0,"a":1e+21,' +
  '"b":[100000000000000000000,1e-7,1.5,-2],"q":"tab\\there \\"quoted\\" back\\\\slash \\u0001",' +
  '"é":"Ærø ☃","😀":"emoji key","ﬁ":"ligature key"},"seq":7}';
const ENTRY_HASH = 'c70dfaeec6534d0e4af6af429f6964b14f6f116a6d7082a19fece2a5552e6d34';

// Keys in an order unlike the canonical one, so the test sees the sorting being done.
const fields = {
  kind: 'note.added',
  seq: 7,
  payload: {
    ﬁ: 'ligature key',
    '😀': 'emoji key',
    é: 'Ærø ☃',
    q: 'tab\there "quoted" back\\slash \u0001',
    b: [1e20, 1e-7, 1.5, -2],
    a: 1e21,
    Z: -0,
  },
  actor: 'ana@værksted',
  at: '2026-11-26T10:00:00.000Z',
};

describe('hash chain known answers', () => {
  it('genesis hash of a case id matches sha256sum', () => {
    expect(genesisHash(CASE_ID)).toBe(GENESIS);
  });

  it('canonical entry matches the hand-written RFC 8785 text', () => {
    expect(canonicalEntry(fields)).toBe(CANONICAL);
  });

  it('entry hash over the genesis matches sha256sum', () => {
    expect(entryHash(GENESIS, fields)).toBe(ENTRY_HASH);
  });

  it('a different case id or one changed character gives a different known answer', () => {
    expect(genesisHash(CASE_ID.toUpperCase())).not.toBe(GENESIS);
    expect(entryHash(GENESIS, { ...fields, actor: 'ana@vaerksted' })).not.toBe(ENTRY_HASH);
  });
});
