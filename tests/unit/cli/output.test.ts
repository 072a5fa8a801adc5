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
