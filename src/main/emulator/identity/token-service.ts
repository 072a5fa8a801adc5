import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  appid: string;
  oid: string;
  /** Delegated: space-separated scopes. */
  scp?: string;
  /** App-only: application permissions. */
  roles?: string[];
  upn?: string;
  name?: string;
}

export type VerifyOutcome =
  { ok: true; claims: AccessTokenClaims } | { ok: false; reason: 'invalid' | 'expired' | 'audience' };

/**
 * Signs and checks the emulator's tokens: RS256 JWTs shaped like Entra's v1 access tokens, with a key
 * made at start and published at the JWKS endpoint. `expireAll` makes every token issued so far fail as
 * expired, to test token expiry in the middle of a collection.
 */
export class TokenService {
  /** Token ids issued since the last `expireAll`, and those it expired. */
  private issued = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly kid = randomUUID();

  private readonly privateKey: CryptoKey;
  private readonly publicJwk: JWK;
  private readonly publicKey: CryptoKey;
  readonly tenantId: string;
  readonly lifetimeSeconds: number;
  private readonly now: () => number;

  private constructor(
    keys: { privateKey: CryptoKey; publicKey: CryptoKey; jwk: JWK },
    tenantId: string,
    lifetimeSeconds: number,
    now: () => number,
  ) {
    this.privateKey = keys.privateKey;
    this.publicKey = keys.publicKey;
    this.publicJwk = keys.jwk;
    this.tenantId = tenantId;
    this.lifetimeSeconds = lifetimeSeconds;
    this.now = now;
  }

  static async create(tenantId: string, lifetimeSeconds: number, now: () => number = Date.now): Promise<TokenService> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    return new TokenService({ privateKey, publicKey, jwk }, tenantId, lifetimeSeconds, now);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk, kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  async accessToken(
    claims: Omit<AccessTokenClaims, 'tid'> & { aud: string },
  ): Promise<{ token: string; expiresIn: number }> {
    const nowSec = Math.floor(this.now() / 1000);
    const uti = randomUUID();
    this.issued.add(uti);
    const token = await new SignJWT({ ...claims, tid: this.tenantId, ver: '1.0', uti })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setIssuedAt(nowSec)
      .setNotBefore(nowSec - 300)
      .setExpirationTime(nowSec + this.lifetimeSeconds)
      .sign(this.privateKey);
    return { token, expiresIn: this.lifetimeSeconds };
  }

  async idToken(claims: { aud: string; oid: string; upn: string; name: string; nonce?: string }): Promise<string> {
    const nowSec = Math.floor(this.now() / 1000);
    return new SignJWT({
      oid: claims.oid,
      sub: claims.oid,
      tid: this.tenantId,
      preferred_username: claims.upn,
      name: claims.name,
      ver: '2.0',
      ...(claims.nonce ? { nonce: claims.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(`https://login.microsoftonline.com/${this.tenantId}/v2.0`)
      .setAudience(claims.aud)
      .setIssuedAt(nowSec)
      .setNotBefore(nowSec - 300)
      .setExpirationTime(nowSec + this.lifetimeSeconds)
      .sign(this.privateKey);
  }

  async verify(token: string, audiences: readonly string[]): Promise<VerifyOutcome> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        currentDate: new Date(this.now()),
        clockTolerance: 0,
      });
      const claims = payload as AccessTokenClaims;
      if (typeof payload.aud !== 'string' || !audiences.includes(payload.aud)) return { ok: false, reason: 'audience' };
      if (claims.tid !== this.tenantId) return { ok: false, reason: 'invalid' };
      if (typeof payload.uti === 'string' && this.expired.has(payload.uti)) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    } catch (error) {
      return { ok: false, reason: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
  }

  /** Every token issued up to now is treated as expired from now on. */
  expireAll(): void {
    for (const uti of this.issued) this.expired.add(uti);
    this.issued = new Set();
  }
}
