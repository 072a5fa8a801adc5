import { describe, expect, it } from 'vitest';
import { methodNames } from '../../../src/shared/api/channels.ts';
import { methods } from '../../../src/shared/api/contract.ts';

describe('the API contract', () => {
  it('lists exactly the methods it has schemas for', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(methods).sort());
  });

  it('rejects unknown fields on every method that takes input objects', () => {
    for (const name of methodNames) {
      const result = methods[name].input.safeParse({ surprise: true });
      expect(result.success, name).toBe(false);
    }
  });
});
