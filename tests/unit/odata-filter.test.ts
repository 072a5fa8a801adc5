import { describe, expect, it } from 'vitest';
import {
  caps,
  checkSupported,
  evaluate,
  FilterSyntaxError,
  parseFilter,
  UnsupportedFilterError,
} from '../../src/main/emulator/graph/odata/filter.ts';

const item = {
  userId: '26BE570A-AE82-4189-B4E2-A37C6808512D',
  createdDateTime: '2026-11-20T08:00:00.000Z',
  appDisplayName: 'Graph Explorer',
  status: { errorCode: 50126 },
  targetResources: [{ id: 'abc', userPrincipalName: 'AdeleV@contoso.com' }],
  subject: "Invoice 4471 overdue - it's urgent",
};

describe('OData $filter', () => {
  it.each([
    ["userId eq '26be570a-ae82-4189-b4e2-a37c6808512d'", true],
    ['createdDateTime ge 2026-11-20T00:00:00Z and createdDateTime le 2026-11-21T00:00:00Z', true],
    ['createdDateTime gt 2026-11-20T08:00:00Z', false],
    ["startswith(appDisplayName, 'graph')", true],
    ['status/errorCode eq 50126', true],
    ["targetResources/any(t: t/userPrincipalName eq 'adelev@contoso.com')", true],
    ["targetResources/any(t: t/id eq 'nope')", false],
    ["appDisplayName eq 'x' or status/errorCode eq 50126", true],
    ["not (appDisplayName eq 'Graph Explorer')", false],
    ["contains(subject, 'it''s urgent')", true],
  ])('%s → %s', (filter, expected) => {
    expect(evaluate(parseFilter(filter), item)).toBe(expected);
  });

  it.each(["userId eq '", 'userId eq', "userId xx 'a'", "(userId eq 'a'", "userId eq 'a' and", '%'])(
    'rejects the syntax of %j',
    (filter) => {
      expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
    },
  );

  it('refuses property/operator pairs the endpoint does not declare', () => {
    const supported = caps('userId:eq', 'createdDateTime:ge', 'targetResources/any/id:eq');
    expect(() =>
      checkSupported(parseFilter("userId eq 'a' and createdDateTime ge 2026-01-01T00:00:00Z"), supported),
    ).not.toThrow();
    expect(() => checkSupported(parseFilter("userId ne 'a'"), supported)).toThrow(UnsupportedFilterError);
    expect(() => checkSupported(parseFilter("title eq 'x'"), supported)).toThrow(UnsupportedFilterError);
    expect(() => checkSupported(parseFilter("targetResources/any(t: t/id eq 'x')"), supported)).not.toThrow();
    expect(() => checkSupported(parseFilter("targetResources/any(t: t/type eq 'x')"), supported)).toThrow(
      UnsupportedFilterError,
    );
    expect(() =>
      checkSupported(parseFilter("userId eq 'a' or userId eq 'b'"), supported, '', undefined, false),
    ).toThrow(UnsupportedFilterError);
  });
});
