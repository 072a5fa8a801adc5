import { describe, expect, it } from 'vitest';
import { cursorOf, resumeUrl } from '../../../src/main/graph/page-cursor.ts';

const GRAPH = 'https://graph.microsoft.com/';
const EMULATOR_NOW = 'https://127.0.0.1:40002/';

describe('Graph page cursors', () => {
  it('stores a nextLink as its path and query relative to the Graph base', () => {
    expect(cursorOf('https://graph.microsoft.com/v1.0/users/u1/messages?$skip=10&$top=10', GRAPH)).toBe(
      '/v1.0/users/u1/messages?$skip=10&$top=10',
    );
    expect(
      cursorOf('https://127.0.0.1:40001/beta/auditLogs/signIns?$skiptoken=eyJvIjoxfQ', 'https://127.0.0.1:40001/'),
    ).toBe('/beta/auditLogs/signIns?$skiptoken=eyJvIjoxfQ');
    // A base with a path of its own (a proxy): the cursor is relative to it.
    expect(cursorOf('https://proxy.example/graph/v1.0/users?$skiptoken=x', 'https://proxy.example/graph/')).toBe(
      '/v1.0/users?$skiptoken=x',
    );
  });

  it('refuses a nextLink that leaves this Graph: another host, port, scheme or base path, or no Graph path', () => {
    expect(cursorOf('https://evil.example/v1.0/users?$skiptoken=x', GRAPH)).toBeNull();
    expect(cursorOf('https://127.0.0.1:40001/v1.0/users', EMULATOR_NOW)).toBeNull();
    expect(cursorOf('http://graph.microsoft.com/v1.0/users', GRAPH)).toBeNull();
    expect(cursorOf('https://proxy.example/other/v1.0/users', 'https://proxy.example/graph/')).toBeNull();
    expect(cursorOf('https://graph.microsoft.com/admin/settings', GRAPH)).toBeNull();
    expect(cursorOf('not a url', GRAPH)).toBeNull();
  });

  it('resumes a stored cursor on the current base, after the port changed', () => {
    expect(resumeUrl('/v1.0/users/u1/messages?$skip=10', EMULATOR_NOW)).toBe(
      'https://127.0.0.1:40002/v1.0/users/u1/messages?$skip=10',
    );
  });

  it('keeps only the path of an absolute cursor an older version stored: its host is never contacted', () => {
    expect(resumeUrl('https://127.0.0.1:40001/v1.0/users/u1/messages?$skip=10', EMULATOR_NOW)).toBe(
      'https://127.0.0.1:40002/v1.0/users/u1/messages?$skip=10',
    );
    expect(resumeUrl('https://evil.example/v1.0/users?$skiptoken=x', GRAPH)).toBe(
      'https://graph.microsoft.com/v1.0/users?$skiptoken=x',
    );
    expect(resumeUrl('http://evil.example/v1.0/users', GRAPH)).toBeNull();
  });

  it('refuses a stored cursor that is not a Graph path (a hostile case file)', () => {
    for (const cursor of [
      '//evil.example/v1.0/users',
      '/v1.0/../admin',
      '/v1.0/%2e%2e/%2e%2e/admin',
      '/v1.0/users/./x',
      '/admin/v1.0/users',
      '/v1.0\\users',
      '/v1.0/users\nHost: evil.example',
      '/v1.0/users#frag',
      'v1.0/users',
      '',
      'javascript:alert(1)',
    ]) {
      expect(resumeUrl(cursor, GRAPH), cursor).toBeNull();
    }
  });
});
