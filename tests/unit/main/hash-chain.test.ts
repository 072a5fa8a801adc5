import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, entryHash, genesisHash } from '../../../src/main/store/case-file/hash-chain.ts';

const fields = {
  seq: 1,
  at: '2026-11-26T10:00:00.000Z',
  actor: 'ana@host',
  kind: 'note.added',
  payload: { b: 1, a: 'x' },
};

describe('hash chain', () => {
  it('canonicalises keys in sorted order with no whitespace', () => {
    expect(canonicalEntry(fields)).toBe(
      '{"actor":"ana@host","at":"2026-11-26T10:00:00.000Z","kind":"note.added","payload":{"a":"x","b":1},"seq":1}',
    );
  });

  it('computes sha256(prev_hash || canonical entry)', () => {
    const prev = genesisHash('case-1');
    const expected = createHash('sha256')
      .update(prev + canonicalEntry(fields))
      .digest('hex');
    expect(entryHash(prev, fields)).toBe(expected);
  });

  it('binds the chain to its case', () => {
    expect(genesisHash('case-1')).not.toBe(genesisHash('case-2'));
    expect(entryHash(genesisHash('case-1'), fields)).not.toBe(entryHash(genesisHash('case-2'), fields));
  });

  it('changes with any field', () => {
    const base = entryHash('0'.repeat(64), fields);
    expect(entryHash('0'.repeat(64), { ...fields, seq: 2 })).not.toBe(base);
    expect(entryHash('0'.repeat(64), { ...fields, actor: 'eve@host' })).not.toBe(base);
    expect(entryHash('0'.repeat(64), { ...fields, payload: { a: 'y', b: 1 } })).not.toBe(base);
    expect(entryHash('1'.repeat(64), fields)).not.toBe(base);
  });
});
