import { describe, expect, it } from 'vitest';
import { NewCaseInput } from '../../../src/shared/domain/case.ts';
import { TenantRef, UserPrincipalName } from '../../../src/shared/domain/identifiers.ts';

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.success ? [] : (result.error?.issues.map((i) => i.message) ?? []);
}

describe('UserPrincipalName', () => {
  it.each(['anna@contoso.com', 'a.b-c_d+e@sub.contoso.co.uk', 'x@contoso.onmicrosoft.com'])('accepts %s', (upn) => {
    expect(UserPrincipalName.safeParse(upn).success).toBe(true);
  });

  it('normalises case and surrounding space', () => {
    expect(UserPrincipalName.parse('  Anna@Contoso.COM ')).toBe('anna@contoso.com');
  });

  it.each([
    ['', 'validation.upn.required'],
    ['anna', 'validation.upn.invalid'],
    ['anna@', 'validation.upn.invalid'],
    ['@contoso.com', 'validation.upn.invalid'],
    ['an..na@contoso.com', 'validation.upn.invalid'],
    ['anna@contoso', 'validation.upn.invalid'],
    ['<script>@contoso.com', 'validation.upn.invalid'],
    [`${'a'.repeat(65)}@contoso.com`, 'validation.upn.invalid'],
    [`a@${'b'.repeat(110)}.com`, 'validation.upn.tooLong'],
  ])('rejects %j with %s', (upn, key) => {
    expect(messages(UserPrincipalName.safeParse(upn))).toContain(key);
  });
});

describe('TenantRef', () => {
  it.each(['contoso.onmicrosoft.com', 'contoso.com', '72F988BF-86F1-41AF-91AB-2D7CD011DB47'])('accepts %s', (t) => {
    expect(TenantRef.safeParse(t).success).toBe(true);
  });
  it.each(['', 'contoso', 'not a tenant', '72f988bf-86f1-41af-91ab', 'https://contoso.com'])('rejects %j', (t) => {
    expect(TenantRef.safeParse(t).success).toBe(false);
  });
});

describe('NewCaseInput', () => {
  it('stores the block time as UTC with milliseconds', () => {
    const parsed = NewCaseInput.parse({ upn: 'a@b.dk', tenant: 'b.dk', blockedAt: '2026-11-20T09:15:00+01:00' });
    expect(parsed.blockedAt).toBe('2026-11-20T08:15:00.000Z');
  });
  it('makes the block time optional', () => {
    expect(NewCaseInput.parse({ upn: 'a@b.dk', tenant: 'b.dk' }).blockedAt).toBeNull();
  });
  it('refuses block times in the future, without an offset, or implausibly early', () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(messages(NewCaseInput.safeParse({ upn: 'a@b.dk', tenant: 'b.dk', blockedAt: future }))).toContain(
      'validation.time.future',
    );
    expect(
      messages(NewCaseInput.safeParse({ upn: 'a@b.dk', tenant: 'b.dk', blockedAt: '2026-11-20T09:15:00' })),
    ).toContain('validation.time.invalid');
    expect(
      messages(NewCaseInput.safeParse({ upn: 'a@b.dk', tenant: 'b.dk', blockedAt: '1999-01-01T00:00:00Z' })),
    ).toContain('validation.time.tooEarly');
  });
  it('refuses unknown fields', () => {
    expect(NewCaseInput.safeParse({ upn: 'a@b.dk', tenant: 'b.dk', extra: 1 }).success).toBe(false);
  });
});
