import { z } from 'zod';

/** Which tenant the app is connected to, as the UI may know it: never a secret, token or endpoint. */
export const TenantInfo = z.object({
  connected: z.boolean(),
  kind: z.enum(['demo', 'profile']).nullable(),
  displayName: z.string().nullable(),
  tenantId: z.string().nullable(),
  /** Verified domains; the first is the default. */
  domains: z.array(z.string()),
  /** For the demo tenant: the scenario it serves. */
  scenario: z.string().nullable(),
});
export type TenantInfo = z.infer<typeof TenantInfo>;

/** One row of Exchange's Restricted entities list (Get-BlockedSenderAddress). */
export const RestrictedSender = z.object({
  senderAddress: z.string(),
  reason: z.string(),
  blockedAt: z.string().nullable(),
  temporary: z.boolean(),
});
export type RestrictedSender = z.infer<typeof RestrictedSender>;

/** How Clearance signs in to a tenant. Certificates are preferred for app-only (no shared secret). */
export const SignInMode = z.enum(['interactive', 'deviceCode', 'appCertificate', 'appSecret']);
export type SignInMode = z.infer<typeof SignInMode>;

const Guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: 'validation.profile.guid' });
const HttpsUrl = z
  .url({ error: 'validation.profile.url' })
  .refine((v) => v.startsWith('https://'), { error: 'validation.profile.url' });

/**
 * Every address a profile sends a token, secret or sign-in to must be https: a bearer token or client
 * secret over http:// is readable by anyone on the path. This covers the OpenID metadata too, whose
 * token endpoint MSAL would otherwise use as given.
 */
const HttpsOnlyMetadata = z
  .string()
  .max(65536)
  .refine(
    (text) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return false;
      }
      const insecure = (v: unknown): boolean =>
        typeof v === 'string'
          ? /^\s*http:/i.test(v)
          : Array.isArray(v)
            ? v.some(insecure)
            : !!v && typeof v === 'object' && Object.values(v).some(insecure);
      return !!parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !insecure(parsed);
    },
    { error: 'validation.profile.metadata' },
  );

/** Endpoints other than Microsoft's public cloud (sovereign cloud, proxy, the emulator); empty means public. */
export const ProfileEndpoints = z
  .object({
    authority: HttpsUrl.optional(),
    /** Hosts MSAL trusts as authorities without instance discovery. */
    knownAuthorities: z
      .array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, { error: 'validation.profile.host' }))
      .max(10)
      .optional(),
    /** OpenID metadata (JSON), so no discovery call is made. */
    authorityMetadata: HttpsOnlyMetadata.optional(),
    graphBaseUrl: HttpsUrl.optional(),
    exchangeBaseUrl: HttpsUrl.optional(),
    /** PEM of an extra CA to trust for these endpoints (TLS-inspecting proxy, the emulator). */
    extraCaPem: z.string().max(65536).optional(),
  })
  .strict();

const ProfileName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'validation.profile.name' });
const Thumbprint = z
  .string()
  .trim()
  .transform((v) => v.replace(/:/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, { error: 'validation.profile.thumbprint' }));

/**
 * A tenant profile: what is needed to connect, minus the secrets (those live in main's vault). The one
 * schema for a profile wherever it comes from: the connect screen, `clearance tenant add`, and the
 * profile store when it reads its file.
 */
export const TenantProfile = z
  .object({
    name: ProfileName,
    tenantId: Guid.transform((v) => v.toLowerCase()),
    clientId: Guid.transform((v) => v.toLowerCase()),
    mode: SignInMode,
    /** Thumbprint (SHA-256, hex) of the app certificate, for appCertificate. */
    certificateThumbprint: Thumbprint.optional(),
    endpoints: ProfileEndpoints.default({}),
  })
  .strict();
export type TenantProfile = z.output<typeof TenantProfile>;
export type TenantProfileInput = z.input<typeof TenantProfile>;

/** A saved profile as the UI sees it: never its secrets. */
export const ProfileSummary = z.object({
  name: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  mode: SignInMode,
  /** Endpoints other than Microsoft's public cloud (sovereign cloud, proxy, the emulator). */
  customEndpoints: z.boolean(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

/**
 * A new profile (the connect screen, `clearance tenant add`): the profile and its secret or key. The
 * secret goes one way, into main's vault; it is never read back out.
 */
export const SaveProfileInput = TenantProfile.extend({
  clientSecret: z.string().max(4096).optional(),
  privateKeyPem: z.string().max(65536).optional(),
})
  .strict()
  .refine((v) => v.mode !== 'appSecret' || !!v.clientSecret?.trim(), {
    error: 'validation.profile.secret',
    path: ['clientSecret'],
  })
  .refine(
    (v) => v.mode !== 'appCertificate' || (!!v.privateKeyPem?.includes('PRIVATE KEY') && !!v.certificateThumbprint),
    {
      error: 'validation.profile.certificate',
      path: ['privateKeyPem'],
    },
  );
export type SaveProfileInput = z.input<typeof SaveProfileInput>;

export const DemoScenario = z.enum(['contoso', 'fabrikam', 'large']);

/** What the connected tenant and the app's permissions allow, per source, and how to fix what they do not. */
export const Capability = z.object({
  source: z.string(),
  available: z.boolean(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  fix: z.string().nullable(),
});
export type Capability = z.infer<typeof Capability>;
