import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import type { InvestigationStore } from '../../src/main/store/case-file/investigation-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// Detection reads the large sources through projections (SQLite extracts the named properties); what it
// gets back must be exactly what the stored JSON says, whatever the value's type or absence.

let tmp: ReturnType<typeof makeTempDir>;
let file: CaseFile;
let store: InvestigationStore;
beforeEach(() => {
  tmp = makeTempDir();
  file = CaseFile.create(join(tmp.dir, 'p.clearance'), {
    id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    upn: 'anna@contoso.com',
    tenant: 'contoso.com',
    blockedAt: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    createdBy: 'test',
    status: 'open',
  });
  store = file.investigation;
  const run = store.startRun({
    startedAt: '2026-11-20T09:00:00.000Z',
    windowStart: '2026-11-01T00:00:00.000Z',
    windowEnd: '2026-11-20T09:00:00.000Z',
    userId: null,
    sources: ['auditLog'],
  });
  const items = [
    {
      id: 'a',
      operation: 'New-InboxRule',
      clientIp: '2603:10b6:5:345::11',
      status: { errorCode: 50126, nested: { deep: 'x' } },
      toRecipients: [{ emailAddress: { address: 'b@fabrikam.example' } }],
      flag: true,
      auditData: { Parameters: [{ Name: 'Name', Value: '.' }] },
    },
    { id: 'b', operation: 'MailItemsAccessed', clientIp: null, auditData: { Big: 'not loaded' } },
  ];
  store.storePage(
    run,
    'auditLog',
    { request: 'test', fetchedAt: '2026-11-20T09:00:00.000Z', items: items.map((body) => ({ key: body.id, body })) },
    null,
  );
});
afterEach(() => {
  file.close();
  tmp.cleanup();
});

describe('projected evidence', () => {
  it('returns each named property as stored, nested by its path; absent and null properties are left out', () => {
    const bodies = [
      ...store.projectedEvidence(
        'auditLog',
        ['operation', 'clientIp', 'status.errorCode', 'status.nested.deep', 'toRecipients*', 'flag', 'missing.key'],
        ['New-InboxRule'],
      ),
    ].map((r) => r.body);
    expect(bodies).toEqual([
      {
        operation: 'New-InboxRule',
        clientIp: '2603:10b6:5:345::11',
        status: { errorCode: 50126, nested: { deep: 'x' } },
        toRecipients: [{ emailAddress: { address: 'b@fabrikam.example' } }],
        flag: true,
        auditData: { Parameters: [{ Name: 'Name', Value: '.' }] },
      },
      { operation: 'MailItemsAccessed' },
    ]);
  });

  it('a single key reads the same as one of many', () => {
    expect([...store.projectedEvidence('auditLog', ['toRecipients*'])].map((r) => r.body)).toEqual([
      { toRecipients: [{ emailAddress: { address: 'b@fabrikam.example' } }] },
      {},
    ]);
    expect([...store.projectedEvidence('auditLog', ['operation'])].map((r) => r.body)).toEqual([
      { operation: 'New-InboxRule' },
      { operation: 'MailItemsAccessed' },
    ]);
  });

  it('refuses a key that is not a plain property path', () => {
    expect(() => [...store.projectedEvidence('auditLog', ["x') --"])]).toThrow(/invalid projection key/);
  });
});
