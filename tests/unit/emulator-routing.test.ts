import { describe, expect, it } from 'vitest';
import { Router, routablePath } from '../../src/main/emulator/http/router.ts';

describe('emulator routing of encoded path segments', () => {
  const router = new Router<null>().add('DELETE', '/v1.0/users/:id/mailFolders/:folder/messageRules/:ruleId', () => ({
    status: 204,
  }));

  it('keeps an id with an encoded slash as one segment, decoded once as the parameter', () => {
    const path = routablePath('/v1.0/users/adele.vance%40contoso.com/mailFolders/inbox/messageRules/AQAA%2Fx%2BQ%3D');
    expect(path).toBe('/v1.0/users/adele.vance@contoso.com/mailFolders/inbox/messageRules/AQAA%2Fx+Q=');
    const match = router.match('DELETE', path);
    expect(match).not.toBeNull();
    expect(match !== null && match !== 'methodNotAllowed' && match.params).toEqual({
      id: 'adele.vance@contoso.com',
      folder: 'inbox',
      ruleId: 'AQAA/x+Q=',
    });
  });

  it('keeps a literal percent sign literal', () => {
    expect(routablePath('/v1.0/users/a%2525b')).toBe('/v1.0/users/a%2525b');
    expect(routablePath('/v1.0/users/100%25')).toBe('/v1.0/users/100%25');
  });

  it('leaves an undecodable segment as sent', () => {
    expect(routablePath('/v1.0/users/%E0%A4%A')).toBe('/v1.0/users/%E0%A4%A');
  });
});
