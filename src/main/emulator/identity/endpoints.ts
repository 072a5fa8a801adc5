import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import type { EmulatorContext, Grant } from '../context.ts';
import { Router } from '../http/router.ts';
import { escapeHtml, html, json, readForm, type EmuRequest, type EmuResponse } from '../http/types.ts';
import { stableId } from '../scenario/generate.ts';
import type { ScenarioApp, ScenarioUser } from '../scenario/schema.ts';
import { oauthError } from './oauth-errors.ts';
import { OIDC_SCOPES, resolveScopes } from './scopes.ts';
import { EXCHANGE_RESOURCE } from './token-service.ts';

export const FAKE_AUTHORITY_HOST = 'login.emulator.test';
const CODE_TTL_MS = 10 * 60_000;
const DEVICE_CODE_TTL_S = 900;
const REFRESH_TTL_MS = 24 * 3_600_000;

/** MSAL configuration that talks to this emulator with no network discovery (graph-api.md §5.6). */
export function msalAuthority(baseUrl: string, tenantId: string) {
  return {
    authority: `https://${FAKE_AUTHORITY_HOST}/${tenantId}`,
    knownAuthorities: [FAKE_AUTHORITY_HOST],
    authorityMetadata: JSON.stringify(openIdConfiguration(baseUrl, tenantId)),
  };
}

export function openIdConfiguration(baseUrl: string, tenantId: string) {
  return {
    issuer: `https://${FAKE_AUTHORITY_HOST}/${tenantId}/v2.0`,
    authorization_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/authorize`,
    token_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/logout`,
    jwks_uri: `${baseUrl}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    tenant_region_scope: 'EU',
  };
}

function knownTenant(ctx: EmulatorContext, segment: string): boolean {
  const s = segment.toLowerCase();
  return (
    s === ctx.state.tenantId.toLowerCase() || s === 'organizations' || s === 'common' || ctx.state.isVerifiedDomain(s)
  );
}

const tenantNotFound = (segment: string) =>
  oauthError(
    400,
    'invalid_request',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );

function clientInfo(ctx: EmulatorContext, user: ScenarioUser): string {
  return Buffer.from(JSON.stringify({ uid: String(user.user.id), utid: ctx.state.tenantId })).toString('base64url');
}

/** Confidential client authentication by secret or certificate assertion; null for a public client. */
async function authenticateClient(
  req: EmuRequest,
  ctx: EmulatorContext,
  form: URLSearchParams,
  app: ScenarioApp,
): Promise<EmuResponse | 'confidential' | 'public'> {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!app.secret || secret !== app.secret) {
      return oauthError(
        401,
        'invalid_client',
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" +
          app.clientId +
          "'.",
      );
    }
    return 'confidential';
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return oauthError(400, 'invalid_request', 50027, 'Invalid client_assertion_type.');
    }
    const tokenEndpoint = `${ctx.baseUrl}${req.url.pathname}`;
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      return oauthError(401, 'invalid_client', 50027, 'Invalid JWT token. The token is malformed.');
    }
    for (const pem of app.certificates) {
      const cert = new X509Certificate(pem);
      const sha256 = Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
      const sha1 = Buffer.from(cert.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
      if (header['x5t#S256'] !== sha256 && header.x5t !== sha1) continue;
      try {
        const key = await importX509(pem, String(header.alg ?? 'RS256'));
        const { payload } = await jwtVerify(assertion, key, {
          audience: [tokenEndpoint, `https://${FAKE_AUTHORITY_HOST}/${ctx.state.tenantId}/oauth2/v2.0/token`],
          currentDate: new Date(ctx.now()),
          // Entra allows clock skew; MSAL itself sets nbf a second after iat.
          clockTolerance: 300,
        });
        if (payload.iss !== app.clientId || payload.sub !== app.clientId) break;
        return 'confidential';
      } catch {
        break;
      }
    }
    return oauthError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }
  if (app.publicClient) return 'public';
  return oauthError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

async function delegatedTokens(
  ctx: EmulatorContext,
  app: ScenarioApp,
  user: ScenarioUser,
  requested: string[],
  nonce?: string,
): Promise<EmuResponse> {
  const scopes = resolveScopes(requested, app, 'delegated');
  if ('error' in scopes) return oauthError(400, scopes.error, scopes.code, scopes.message);
  if (user.user.accountEnabled === false)
    return oauthError(400, 'invalid_grant', 50057, 'The user account is disabled.');
  const claims = {
    aud: scopes.resource,
    appid: app.clientId,
    oid: String(user.user.id),
    sub: String(user.user.id),
    upn: String(user.user.userPrincipalName),
    name: String(user.user.displayName),
    scp: scopes.granted.join(' '),
    idtyp: 'user',
  };
  const access = await ctx.tokens.accessToken(claims);
  const refresh = randomBytes(48).toString('base64url');
  ctx.pending.refreshTokens.set(refresh, {
    clientId: app.clientId,
    userId: String(user.user.id),
    scopes: requested,
    expires: ctx.now() + REFRESH_TTL_MS,
  });
  const oidc = requested.filter((s) => OIDC_SCOPES.has(s.toLowerCase()));
  return json(200, {
    token_type: 'Bearer',
    scope: [...scopes.echoed, ...oidc].join(' '),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
    refresh_token: refresh,
    id_token: await ctx.tokens.idToken({
      aud: app.clientId,
      oid: String(user.user.id),
      upn: String(user.user.userPrincipalName),
      name: String(user.user.displayName),
      ...(nonce ? { nonce } : {}),
    }),
    client_info: clientInfo(ctx, user),
  });
}

function userFor(ctx: EmulatorContext, grant: Grant): ScenarioUser | undefined {
  return ctx.state.user(grant.userId);
}

async function token(req: EmuRequest, ctx: EmulatorContext): Promise<EmuResponse> {
  if (!knownTenant(ctx, req.params.tenant ?? '')) return tenantNotFound(req.params.tenant ?? '');
  const form = readForm(req);
  const clientId = form.get('client_id') ?? '';
  const app = ctx.state.app(clientId);
  if (!app) {
    return oauthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${ctx.state.scenario.tenant.displayName}'.`,
    );
  }
  const auth = await authenticateClient(req, ctx, form, app);
  if (typeof auth !== 'string') return auth;
  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const grantType = form.get('grant_type');

  switch (grantType) {
    case 'client_credentials': {
      if (auth !== 'confidential')
        return oauthError(
          400,
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      const scopes = resolveScopes(requested, app, 'application');
      if ('error' in scopes) return oauthError(400, scopes.error, scopes.code, scopes.message);
      const access = await ctx.tokens.accessToken({
        aud: scopes.resource,
        appid: app.clientId,
        oid: stableId('sp', app.clientId),
        sub: stableId('sp', app.clientId),
        roles: scopes.granted,
        idtyp: 'app',
      });
      return json(200, {
        token_type: 'Bearer',
        expires_in: access.expiresIn,
        ext_expires_in: access.expiresIn,
        access_token: access.token,
      });
    }
    case 'authorization_code': {
      const code = ctx.pending.codes.get(form.get('code') ?? '');
      if (!code || code.clientId !== app.clientId)
        return oauthError(
          400,
          'invalid_grant',
          54005,
          'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        );
      ctx.pending.codes.delete(form.get('code') ?? '');
      if (code.expires < ctx.now())
        return oauthError(
          400,
          'invalid_grant',
          70008,
          'The provided authorization code or refresh token has expired due to inactivity.',
        );
      if (code.redirectUri !== form.get('redirect_uri'))
        return oauthError(
          400,
          'invalid_grant',
          50148,
          'The redirect_uri does not match the one used in the authorization request.',
        );
      if (code.codeChallenge) {
        const verifier = form.get('code_verifier') ?? '';
        const computed = code.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
        if (computed !== code.codeChallenge)
          return oauthError(
            400,
            'invalid_grant',
            501481,
            'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          );
      }
      const user = userFor(ctx, code);
      if (!user) return oauthError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
      return delegatedTokens(ctx, app, user, requested.length > 0 ? requested : code.scopes, code.nonce);
    }
    case 'device_code':
    case 'urn:ietf:params:oauth:grant-type:device_code': {
      const deviceCode = form.get('device_code') ?? form.get('code') ?? '';
      const pending = ctx.pending.deviceCodes.get(deviceCode);
      if (!pending || pending.clientId !== app.clientId)
        return oauthError(
          400,
          'invalid_grant',
          70000,
          'The provided value for the input parameter device_code is not valid.',
        );
      if (pending.expires < ctx.now()) {
        ctx.pending.deviceCodes.delete(deviceCode);
        return oauthError(400, 'expired_token', 70019, 'Verification code expired.');
      }
      if (!pending.approvedUserId)
        return oauthError(
          400,
          'authorization_pending',
          70016,
          'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
        );
      ctx.pending.deviceCodes.delete(deviceCode);
      const user = ctx.state.user(pending.approvedUserId);
      if (!user) return oauthError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
      return delegatedTokens(ctx, app, user, requested.length > 0 ? requested : pending.scopes);
    }
    case 'refresh_token': {
      const presented = form.get('refresh_token') ?? '';
      const grant = ctx.pending.refreshTokens.get(presented);
      if (!grant || grant.clientId !== app.clientId)
        return oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      ctx.pending.refreshTokens.delete(presented);
      if (grant.expires < ctx.now())
        return oauthError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
      const user = userFor(ctx, grant);
      if (!user) return oauthError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
      // Revoked sessions invalidate refresh tokens issued before the revocation.
      const validFromRaw = user.user.signInSessionsValidFromDateTime;
      const validFrom = typeof validFromRaw === 'string' ? Date.parse(validFromRaw) : NaN;
      if (!Number.isNaN(validFrom) && grant.expires - REFRESH_TTL_MS < validFrom) {
        return oauthError(
          400,
          'invalid_grant',
          50173,
          'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
        );
      }
      return delegatedTokens(ctx, app, user, requested.length > 0 ? requested : grant.scopes);
    }
    default:
      return oauthError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType ?? ''}'.`,
      );
  }
}

function signInPage(ctx: EmulatorContext, params: URLSearchParams, message = ''): EmuResponse {
  const users = ctx.state.users().filter((u) => u.password !== undefined);
  const hint = (params.get('login_hint') ?? '').toLowerCase();
  const hidden = [...params]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const options = users
    .map((u) => {
      const upn = String(u.user.userPrincipalName);
      return `<option value="${escapeHtml(upn)}"${upn.toLowerCase() === hint ? ' selected' : ''}>${escapeHtml(String(u.user.displayName))} (${escapeHtml(upn)})</option>`;
    })
    .join('');
  return html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in (emulator)</title></head>
<body style="font-family:system-ui;max-width:32rem;margin:3rem auto">
<h1>Sign in to ${escapeHtml(ctx.state.scenario.tenant.displayName)}</h1>
<p>This is the Clearance Microsoft 365 emulator, not Microsoft. Demo users' password is in the scenario file.</p>
${message ? `<p role="alert" style="color:#a00">${escapeHtml(message)}</p>` : ''}
<form method="post">${hidden}
<label>Account <select name="emulator_user">${options}</select></label><br><br>
<label>Password <input type="password" name="emulator_password" autocomplete="off"></label><br><br>
<button type="submit">Sign in</button></form></body></html>`);
}

function formPost(redirectUri: string, fields: Record<string, string>): EmuResponse {
  const nonce = randomBytes(12).toString('base64');
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    headers: {
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(redirectUri).origin}`,
    },
    body: `<!doctype html><html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form><script nonce="${nonce}">document.forms[0].submit();</script></body></html>`,
  };
}

function isLoopback(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/** The authorize endpoint: a sign-in page for scenario users, then a form_post back to the loopback. */
function authorize(req: EmuRequest, ctx: EmulatorContext, options: { autoSignIn: boolean }): EmuResponse {
  if (!knownTenant(ctx, req.params.tenant ?? '')) return tenantNotFound(req.params.tenant ?? '');
  const params = req.method === 'POST' ? readForm(req) : req.url.searchParams;
  const app = ctx.state.app(params.get('client_id') ?? '');
  if (!app) return html('<h1>AADSTS700016: Application not found in the directory.</h1>', 400);
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!isLoopback(redirectUri) || !app.publicClient)
    return html(
      '<h1>AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.</h1>',
      400,
    );
  if (params.get('response_type') !== 'code')
    return html(
      '<h1>AADSTS900144: The request body must contain the following parameter: response_type=code.</h1>',
      400,
    );

  let user: ScenarioUser | undefined;
  if (req.method === 'POST') {
    user = ctx.state.user(params.get('emulator_user') ?? '');
    if (!user || user.password === undefined || user.password !== params.get('emulator_password')) {
      const keep = new URLSearchParams([...params].filter(([k]) => !k.startsWith('emulator_')));
      return signInPage(ctx, keep, 'Your account or password is incorrect.');
    }
  } else if (options.autoSignIn && params.get('login_hint')) {
    user = ctx.state.user(params.get('login_hint') ?? '');
  }
  if (!user) return signInPage(ctx, params);

  const code = randomBytes(32).toString('base64url');
  ctx.pending.codes.set(code, {
    clientId: app.clientId,
    userId: String(user.user.id),
    scopes: (params.get('scope') ?? '').split(' ').filter(Boolean),
    redirectUri,
    codeChallenge: params.get('code_challenge'),
    method: params.get('code_challenge_method'),
    expires: ctx.now() + CODE_TTL_MS,
    ...(params.get('nonce') ? { nonce: params.get('nonce')! } : {}),
  });
  const fields: Record<string, string> = { code, client_info: clientInfo(ctx, user), session_state: randomUUID() };
  const state = params.get('state');
  if (state !== null) fields.state = state;
  return formPost(redirectUri, fields);
}

function deviceCode(req: EmuRequest, ctx: EmulatorContext, interval: number): EmuResponse {
  if (!knownTenant(ctx, req.params.tenant ?? '')) return tenantNotFound(req.params.tenant ?? '');
  const form = readForm(req);
  const app = ctx.state.app(form.get('client_id') ?? '');
  if (!app)
    return oauthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`,
    );
  if (!app.publicClient)
    return oauthError(
      400,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  const userCode = randomBytes(6).toString('hex').toUpperCase().slice(0, 9);
  const code = randomBytes(32).toString('base64url');
  ctx.pending.deviceCodes.set(code, {
    clientId: app.clientId,
    userId: '',
    scopes: (form.get('scope') ?? '').split(' ').filter(Boolean),
    userCode,
    approvedUserId: null,
    expires: ctx.now() + DEVICE_CODE_TTL_S * 1000,
    lastPoll: 0,
  });
  const verificationUri = `${ctx.baseUrl}/devicelogin`;
  return json(200, {
    user_code: userCode,
    device_code: code,
    verification_uri: verificationUri,
    expires_in: DEVICE_CODE_TTL_S,
    interval,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  });
}

/** Approves a pending device code for a user: what the device-login page does, callable by tests. */
export function approveDeviceCode(ctx: EmulatorContext, userCode: string, userRef: string): boolean {
  const user = ctx.state.user(userRef);
  if (!user) return false;
  for (const pending of ctx.pending.deviceCodes.values()) {
    if (pending.userCode === userCode.toUpperCase()) {
      pending.approvedUserId = String(user.user.id);
      return true;
    }
  }
  return false;
}

function deviceLogin(req: EmuRequest, ctx: EmulatorContext): EmuResponse {
  let message = '';
  if (req.method === 'POST') {
    const form = readForm(req);
    const user = ctx.state.user(form.get('user') ?? '');
    if (!user || user.password === undefined || user.password !== form.get('password'))
      message = 'Your account or password is incorrect.';
    else if (!approveDeviceCode(ctx, form.get('code') ?? '', String(user.user.id)))
      message = 'That code is not valid or has expired.';
    else return html('<!doctype html><title>Signed in</title><h1>You have signed in. You can close this window.</h1>');
  }
  return html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Enter code (emulator)</title></head>
<body style="font-family:system-ui;max-width:32rem;margin:3rem auto"><h1>Enter code</h1>
${message ? `<p role="alert" style="color:#a00">${escapeHtml(message)}</p>` : ''}
<form method="post"><label>Code <input name="code"></label><br><br><label>Account <input name="user"></label><br><br>
<label>Password <input type="password" name="password"></label><br><br><button type="submit">Next</button></form></body></html>`);
}

export interface IdentityOptions {
  /** Sign in the `login_hint` user without showing the page (tests, scripted demos). */
  autoSignIn: boolean;
  /** Seconds between device-code polls that the emulator asks for. */
  deviceCodeInterval: number;
}

export function identityRouter(options: IdentityOptions): Router<EmulatorContext> {
  return new Router<EmulatorContext>()
    .add('GET', '/:tenant/v2.0/.well-known/openid-configuration', (req, ctx) =>
      knownTenant(ctx, req.params.tenant ?? '')
        ? json(200, openIdConfiguration(ctx.baseUrl, ctx.state.tenantId))
        : tenantNotFound(req.params.tenant ?? ''),
    )
    .add('GET', '/:tenant/discovery/v2.0/keys', (_req, ctx) => json(200, ctx.tokens.jwks()))
    .add('GET', '/:tenant/oauth2/v2.0/authorize', (req, ctx) => authorize(req, ctx, options))
    .add('POST', '/:tenant/oauth2/v2.0/authorize', (req, ctx) => authorize(req, ctx, options))
    .add('POST', '/:tenant/oauth2/v2.0/token', token)
    .add('POST', '/:tenant/oauth2/v2.0/devicecode', (req, ctx) => deviceCode(req, ctx, options.deviceCodeInterval))
    .add('GET', '/devicelogin', deviceLogin)
    .add('POST', '/devicelogin', deviceLogin);
}

export { EXCHANGE_RESOURCE };
