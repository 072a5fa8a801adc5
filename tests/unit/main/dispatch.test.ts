import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/main/core/app-error.ts';
import { createDispatch, type HandlerTable } from '../../../src/main/app/dispatch.ts';
import type { Logger } from '../../../src/main/core/logger.ts';

const summary = {
  id: '3f2b9c1e-8d4a-4f6b-9a7e-2c1d0e9f8a7b',
  upn: 'anna@contoso.com',
  tenant: 'contoso.com',
  blockedAt: null,
  createdAt: '2026-11-26T10:00:00.000Z',
  createdBy: 'ana@host',
  updatedAt: '2026-11-26T10:00:00.000Z',
  status: 'open' as const,
  head: { seq: 1, hash: 'a'.repeat(64) },
};

function table(overrides: Partial<HandlerTable> = {}): HandlerTable {
  const notUsed = () => {
    throw new Error('not used');
  };
  return {
    'app.info': () => ({ version: '0', mode: 'browser', dataDir: '/x' }),
    'cases.list': () => [],
    'cases.create': notUsed,
    'cases.get': notUsed,
    'cases.addNote': notUsed,
    'caseLog.list': notUsed,
    'caseLog.verify': notUsed,
    'report.export': notUsed,
    'remediation.queue': notUsed,
    'remediation.candidates': notUsed,
    'remediation.executeMany': notUsed,
    'remediation.outbox': notUsed,
    'remediation.discard': notUsed,
    'notify.recipients': notUsed,
    'unblock.verifySending': notUsed,
    'cases.exportBundle': notUsed,
    'cases.verifyFile': notUsed,
    'tenant.vaultStatus': notUsed,
    'checklist.get': notUsed,
    'checklist.update': notUsed,
    'checklist.addNote': notUsed,
    'timeline.histogram': notUsed,
    'timeline.facets': notUsed,
    'timeline.annotations': notUsed,
    'timeline.pin': notUsed,
    'timeline.addNote': notUsed,
    'tenant.profiles': notUsed,
    'tenant.saveProfile': notUsed,
    'tenant.removeProfile': notUsed,
    'tenant.connect': notUsed,
    'tenant.connectDemo': notUsed,
    'tenant.disconnect': notUsed,
    'tenant.capabilities': notUsed,
    'import.files': notUsed,
    'import.forUser': notUsed,
    'cases.openFile': notUsed,
    'remediation.plan': notUsed,
    'remediation.execute': notUsed,
    'remediation.revert': notUsed,
    'unblock.status': notUsed,
    'unblock.release': notUsed,
    'unblock.recordManual': notUsed,
    'tenant.info': notUsed,
    'tenant.restrictedSenders': notUsed,
    'investigation.start': notUsed,
    'investigation.cancel': notUsed,
    'investigation.summary': notUsed,
    'investigation.redetect': notUsed,
    'timeline.window': notUsed,
    'timeline.count': notUsed,
    'evidence.get': notUsed,
    'investigation.overrideVerdict': notUsed,
    ...overrides,
  };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (_level, message, fields) => lines.push(JSON.stringify({ message, ...fields })) };
}

describe('dispatch', () => {
  it('refuses unknown methods, including prototype names', async () => {
    const dispatch = createDispatch(table(), recordingLogger());
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42]) {
      expect(await dispatch(name, {})).toEqual({
        ok: false,
        error: { code: 'unknown_method', message: 'errors.unknownMethod' },
      });
    }
  });

  it('validates input before the handler runs and reports field issues as message keys', async () => {
    let called = false;
    const dispatch = createDispatch(
      table({
        'cases.create': () => {
          called = true;
          return summary;
        },
      }),
      recordingLogger(),
    );
    const result = await dispatch('cases.create', { upn: 'nobody', tenant: '' });
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'upn', message: 'validation.upn.invalid' },
        { path: 'tenant', message: 'validation.tenant.required' },
      ]),
    );
  });

  it('passes a handler the parsed input, defaults applied', async () => {
    let seen: unknown;
    const dispatch = createDispatch(
      table({
        'cases.list': (input) => {
          seen = input;
          return [];
        },
      }),
      recordingLogger(),
    );
    await dispatch('cases.list', undefined);
    expect(seen).toEqual({ sort: 'updatedAt', direction: 'desc' });
  });

  it('shapes output through the contract, dropping undeclared fields', async () => {
    const dispatch = createDispatch(
      table({ 'cases.get': () => ({ ...summary, fileName: '/home/ana/secret/path.clearance' }) as typeof summary }),
      recordingLogger(),
    );
    const result = await dispatch('cases.get', { caseId: summary.id });
    expect(result).toEqual({ ok: true, value: summary });
  });

  it('passes AppErrors through as typed errors', async () => {
    const dispatch = createDispatch(
      table({
        'cases.get': () => {
          throw new AppError('not_found', 'errors.caseNotFound');
        },
      }),
      recordingLogger(),
    );
    expect(await dispatch('cases.get', { caseId: summary.id })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'errors.caseNotFound' },
    });
  });

  it('never lets an internal error message, stack or path reach the caller', async () => {
    const logger = recordingLogger();
    const dispatch = createDispatch(
      table({
        'cases.get': () => {
          throw new Error('SQLITE_CANTOPEN: /home/ana/.local/share/clearance/cases/x.clearance');
        },
      }),
      logger,
    );
    const result = await dispatch('cases.get', { caseId: summary.id });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toBe('errors.internal');
    expect(JSON.stringify(result)).not.toContain('/home/ana');
    expect(result.error.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(logger.lines.join('\n')).toContain(result.error.ref!);
  });
});
