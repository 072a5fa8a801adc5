import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../src/main/core/logger.ts';

describe('logger', () => {
  it('redacts bearer tokens, JWTs and secret parameters', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm5hIn0.c2lnbmF0dXJl';
    const text = redact(`Authorization: Bearer abc.def-123 token=s3cr3t&x=1 ${jwt} client_secret=hunter2`);
    expect(text).not.toContain('abc.def-123');
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(jwt);
    expect(text).toContain('x=1');
  });

  it('writes one JSON line per record, redacted', () => {
    const lines: string[] = [];
    createLogger((l) => lines.push(l)).log('warn', 'failed', { detail: 'Bearer abcdef' });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, string>;
    expect(record.level).toBe('warn');
    expect(record.detail).not.toContain('abcdef');
  });
});
