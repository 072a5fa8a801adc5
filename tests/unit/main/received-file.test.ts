import { describe, expect, it } from 'vitest';
import { deadlineFor, visible } from '../../../src/main/store/case-file/received-file.ts';

describe('received-file helpers', () => {
  it('shows control, zero-width and bidi characters as escapes, and cuts long names', () => {
    expect(visible('a\u0000b\u001b[2Jc\n\u007f\u0085\u202e\u200bd')).toBe(
      'a\\u0000b\\u001b[2Jc\\u000a\\u007f\\u0085\\u202e\\u200bd',
    );
    expect(visible('plain name.clearance')).toBe('plain name.clearance');
    expect(visible('x'.repeat(500))).toBe(`${'x'.repeat(119)}…`);
  });

  it('gives 30 s plus 120 s per GiB, unless a fixed deadline is set', () => {
    expect(deadlineFor({ maxBytes: 1 }, 10_000)).toBe(30_002);
    expect(deadlineFor({ maxBytes: 1 }, 1024 ** 3)).toBe(150_000);
    expect(deadlineFor({ maxBytes: 1 }, 4 * 1024 ** 3)).toBe(510_000);
    expect(deadlineFor({ maxBytes: 1, timeoutMs: 5 }, 4 * 1024 ** 3)).toBe(5);
  });
});
