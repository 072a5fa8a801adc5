import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src/shared/api/contract.ts';
import { ADELE, scenario } from '../support/emulator.ts';
import { bench, type Bench, dispatchOk, investigatedCase } from '../support/investigation.ts';

let b: Bench;
let caseId: string;

const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatchOk(b.app, method, input);

beforeAll(async () => {
  b = await bench(scenario());
  caseId = await investigatedCase(b, ADELE.upn);
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

describe('recipient notification', () => {
  it('lists who received the spam from the case’s message trace, internal first, with counts that add up', async () => {
    const list = await call('notify.recipients', { caseId, limit: 5000 });
    // The scenario's burst: ~2,400 invoice messages, almost all outside contoso.com.
    expect(list.messages).toBeGreaterThan(2000);
    expect(list.recipients.reduce((n, r) => n + r.messages, 0)).toBe(list.messages);
    expect(list.internal + list.external).toBe(list.recipients.length);
    expect(list.external).toBeGreaterThan(list.internal);
    expect(list.recipients.every((r) => r.internal === r.domain.endsWith('contoso.com'))).toBe(true);
    const firstExternal = list.recipients.findIndex((r) => !r.internal);
    expect(list.recipients.slice(firstExternal).every((r) => !r.internal)).toBe(true);
    expect(list.recipients[0]!.subjects[0]).toContain('Invoice');
    // Inside the spam window only.
    expect(list.recipients.every((r) => r.first >= list.from! && r.last <= list.to!)).toBe(true);

    const short = await call('notify.recipients', { caseId, limit: 10 });
    expect(short.recipients).toHaveLength(10);
    expect(short.messages).toBe(list.messages);
  });

  it('fills the notification text in English and Danish, and exports every recipient as CSV', async () => {
    const en = await call('notify.recipients', { caseId, language: 'en' });
    expect(en.template.subject).toBe(`Security notice: messages sent from ${ADELE.upn}`);
    expect(en.template.body).toContain('Invoice 4471');
    expect(en.template.body).toMatch(/Between \d{4}-\d\d-\d\d \d\d:\d\d UTC and/);
    const da = await call('notify.recipients', { caseId, language: 'da' });
    expect(da.template.subject).toContain('Sikkerhedsmeddelelse');
    expect(da.template.body).toContain('Mellem');

    const written = await call('report.export', { caseId, format: 'recipients' });
    expect(written.path).toMatch(/\.recipients\.csv$/);
    const lines = readFileSync(written.path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('address,domain,internal,messages,first,last,subjects');
    expect(lines).toHaveLength(en.internal + en.external + 1);
  });

  it('says there is nothing to list for a case without message trace', async () => {
    const empty = b.app.cases.create({ upn: 'nobody@contoso.com', tenant: 'contoso.com', blockedAt: null });
    const list = await call('notify.recipients', { caseId: empty.id });
    expect(list).toMatchObject({ messages: 0, recipients: [], from: null });
  });
});
