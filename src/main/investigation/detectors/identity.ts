import type { Finding } from '../../../shared/domain/investigation.ts';
import { at, periodName, str, suspiciousFrom, type Rec } from '../evidence-set.ts';
import { ipOf } from '../../network/ip-address.ts';
import { signInOutcome } from '../sign-in-status.ts';
import type { Detector, DetectorFinding } from './detector.ts';

const METHOD_NAMES: Record<string, string> = {
  '#microsoft.graph.phoneAuthenticationMethod': 'phone',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'Microsoft Authenticator',
  '#microsoft.graph.fido2AuthenticationMethod': 'FIDO2 key',
  '#microsoft.graph.emailAuthenticationMethod': 'e-mail',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'authenticator app (OATH)',
};
const MFA_AUDIT =
  /user registered security info|add authentication method|registered security info|update user.*strongauthentication|user changed default security info/i;

export const mfaMethodAdded: Detector = {
  id: 'mfa-method-added',
  detect(set) {
    const from = suspiciousFrom(set);
    const findings: Finding[] = [];
    for (const rec of set.records.authMethods) {
      const kind = METHOD_NAMES[str(rec.body['@odata.type'])];
      const created = at(rec.body.createdDateTime);
      if (!kind || Number.isNaN(created) || created < from) continue;
      const detail = str(rec.body.phoneNumber) || str(rec.body.displayName);
      findings.push({
        detector: this.id,
        severity: 'high',
        weight: 'moderate',
        title: `New ${kind} method registered${detail ? `: ${detail}` : ''}`,
        explanation:
          'An authentication method was added during the week before the block. Attackers register their own phone or app to pass MFA and keep access after a password reset; confirm it with the user.',
        evidenceIds: [rec.id],
        at: new Date(created).toISOString(),
      });
    }
    if (findings.length === 0) {
      const audits = set.records.directoryAudits.filter(
        (r) => MFA_AUDIT.test(str(r.body.activityDisplayName)) && at(r.body.activityDateTime) >= from,
      );
      if (audits.length > 0) {
        findings.push({
          detector: this.id,
          severity: 'high',
          weight: 'moderate',
          title: `Security info changed (${[...new Set(audits.map((a) => str(a.body.activityDisplayName)))].join(', ')})`,
          explanation:
            "The directory audit log shows the user's authentication methods changing during the week before the block.",
          evidenceIds: audits.map((a) => a.id),
          at: str(audits[0]!.body.activityDateTime) || null,
        });
      }
    }
    return findings;
  },
};

const MAIL_SCOPES =
  /\b(mail\.read|mail\.readwrite|mail\.send|mail\.readbasic|full_access_as_user|ews\.accessasuser\.all|imap\.accessasuser\.all|pop\.accessasuser\.all|smtp\.send|mailboxsettings\.readwrite)\b/i;

const CONSENT = /^(consent to application|add delegated permission grant|add app role assignment grant to user)\.?$/i;

/** The app a consent record names: the target's display name, as directory and unified audit logs write it. */
function consentedApp(rec: Rec): string {
  // A permission grant's target is the API (Microsoft Graph); the client app is in its modified properties.
  if (/permission grant|role assignment grant/i.test(str(rec.body.activityDisplayName) || str(rec.body.operation))) {
    const client = /"ServicePrincipal\.(?:DisplayName|ObjectID)","oldValue":[^,]*,"newValue":"\\"([^"\\]+)\\""/.exec(
      JSON.stringify(rec.body),
    );
    if (client) return client[1]!;
  }
  const targets = (rec.body.targetResources ?? (rec.body.auditData as { Target?: unknown } | undefined)?.Target) as
    Array<{ displayName?: unknown; ID?: unknown; Type?: unknown }> | undefined;
  const named = (Array.isArray(targets) ? targets : []).map((t) => str(t.displayName)).find(Boolean);
  return named || str((rec.body.auditData as { ObjectId?: unknown } | undefined)?.ObjectId) || 'an application';
}

/**
 * Consent given during the period under suspicion, from the directory or unified audit log: the trace a
 * consent leaves even when the grant snapshot was not collected (an import) or was revoked since. Mail
 * scopes are moderate (illicit consent keeps access after a password reset); other scopes are context.
 */
export const consentFromAudit: Detector = {
  id: 'oauth-consent-audit',
  detect(set) {
    const from = suspiciousFrom(set);
    const records = [
      ...set.records.directoryAudits
        .filter((r) => CONSENT.test(str(r.body.activityDisplayName).trim()))
        .map((r) => ({
          rec: r,
          t: at(r.body.activityDateTime),
          ip: ipOf((r.body.initiatedBy as { user?: { ipAddress?: unknown } } | undefined)?.user?.ipAddress),
        })),
      ...set.records.auditLog
        .filter((r) => CONSENT.test(str(r.body.operation).trim()))
        .map((r) => ({ rec: r, t: at(r.body.createdDateTime), ip: ipOf(r.body.clientIp) })),
    ].filter((c) => !Number.isNaN(c.t) && c.t >= from);
    return records.map<DetectorFinding>(({ rec, t, ip }) => {
      const scopes = JSON.stringify(rec.body);
      const mail = MAIL_SCOPES.test(scopes);
      const app = consentedApp(rec);
      return {
        detector: this.id,
        severity: mail ? 'high' : 'medium',
        weight: mail ? 'moderate' : 'context',
        title: `Consent given to “${app}”${mail ? ' with mail permissions' : ''}${ip ? ` from ${ip}` : ''}`,
        explanation: `The audit log records consent to ${app} in ${periodName(set)}.${mail ? ' Its permissions include reading or sending mail: an attacker’s app keeps that access after a password reset until the consent is revoked.' : ' Check that the user meant to give it.'}`,
        evidenceIds: [rec.id],
        at: new Date(t).toISOString(),
        ...(mail && ip ? { addresses: [ip] } : {}),
      };
    });
  },
};

export const riskyConsent: Detector = {
  id: 'oauth-mail-consent',
  detect(set) {
    const apps = new Map(set.records.oauthGrants.filter((r) => 'appId' in r.body).map((r) => [str(r.body.id), r]));
    return set.records.oauthGrants
      .filter((r) => 'scope' in r.body && MAIL_SCOPES.test(str(r.body.scope)))
      .map<Finding>((grant) => {
        const app = apps.get(str(grant.body.clientId));
        const name = app ? str(app.body.displayName) : str(grant.body.clientId);
        const verified = app
          ? str((app.body.verifiedPublisher as { displayName?: unknown } | null | undefined)?.displayName)
          : '';
        const offline = /\boffline_access\b/i.test(str(grant.body.scope));
        return {
          detector: this.id,
          severity: 'high',
          weight: 'moderate',
          title: `The user consented to “${name}” reading or sending mail`,
          explanation: `Scopes:${str(grant.body.scope)}.${offline ? ' With offline_access the app keeps access after a password reset until the consent is revoked.' : ''} ${verified ? `Publisher verified as ${verified}.` : 'The publisher is not verified.'} Illicit consent is a common way to keep access to a mailbox.`,
          evidenceIds: [grant.id, ...(app ? [app.id] : [])],
          at: null,
        };
      });
  },
};

export const adminRoles: Detector = {
  id: 'admin-role-held',
  detect(set) {
    return set.records.roleAssignments.map<Finding>((rec) => {
      const role = (rec.body.roleDefinition ?? {}) as { displayName?: unknown };
      return {
        detector: this.id,
        severity: 'high',
        weight: 'context',
        title: `The account holds an admin role: ${str(role.displayName) || str(rec.body.roleDefinitionId)}`,
        explanation:
          'A compromised administrator can change the whole tenant: if the account is compromised, treat the incident as tenant-wide and check the directory audit log for changes it made.',
        evidenceIds: [rec.id],
        at: null,
      };
    });
  },
};

/** A sign-in's risk as Graph names it; Defender XDR's AADSignInEventsBeta writes 0, 10, 50, 100. */
function riskLevel(raw: unknown): string {
  const level = (typeof raw === 'number' ? String(raw) : str(raw)).toLowerCase();
  return { '100': 'high', '50': 'medium', '10': 'low', '0': 'none' }[level] ?? level;
}

/** Risk states in which Microsoft or an admin has since cleared the sign-in. */
const CLEARED = new Set(['dismissed', 'remediated', 'confirmedsafe']);

/**
 * Identity Protection's verdicts: the user's risk state (collected through Graph) and each sign-in's own
 * risk (riskLevelDuringSignIn / riskState, in every sign-in export). Confirmed compromise is strong; a
 * high-risk sign-in not since cleared is moderate; a medium one is context.
 */
export const entraRisk: Detector = {
  id: 'entra-risk',
  detect(set) {
    const findings: Finding[] = [];
    for (const rec of set.records.riskyUser) {
      const level = str(rec.body.riskLevel);
      const state = str(rec.body.riskState);
      if (state === 'confirmedCompromised' || (state === 'atRisk' && (level === 'high' || level === 'medium'))) {
        findings.push({
          detector: this.id,
          severity: level === 'high' || state === 'confirmedCompromised' ? 'high' : 'medium',
          weight: state === 'confirmedCompromised' ? 'strong' : 'moderate',
          title: `Microsoft Entra ID Protection rates the user ${state === 'confirmedCompromised' ? 'confirmed compromised' : `at ${level} risk`}`,
          explanation:
            "Microsoft's own risk signals (leaked credentials, unfamiliar sign-in properties, anonymous IPs…) flag this user.",
          evidenceIds: [rec.id, ...set.records.riskDetections.map((d) => d.id)],
          at: str(rec.body.riskLastUpdatedDateTime) || null,
        });
      }
    }
    return [...findings, ...riskySignIns(set, this.id)];
  },
};

function riskySignIns(set: Parameters<Detector['detect']>[0], detector: string): DetectorFinding[] {
  const groups = { confirmed: [] as Rec[], high: [] as Rec[], medium: [] as Rec[] };
  for (const rec of set.records.signIns) {
    const state = str(rec.body.riskState).toLowerCase();
    const level = riskLevel(rec.body.riskLevelDuringSignIn);
    if (signInOutcome((rec.body.status as { errorCode?: unknown } | null)?.errorCode) === 'failure') continue;
    if (state === 'confirmedcompromised') groups.confirmed.push(rec);
    else if (CLEARED.has(state)) continue;
    else if (level === 'high') groups.high.push(rec);
    else if (level === 'medium') groups.medium.push(rec);
  }
  const texts = {
    confirmed: { severity: 'high', weight: 'strong', what: 'confirmed compromised' },
    high: { severity: 'high', weight: 'moderate', what: 'high risk' },
    medium: { severity: 'medium', weight: 'context', what: 'medium risk' },
  } as const;
  return (Object.keys(groups) as Array<keyof typeof groups>)
    .filter((g) => groups[g].length > 0)
    .map((g) => {
      const time = (r: Rec) => at(r.body.createdDateTime) || 0; // NaN sorts first
      const list = groups[g].sort((a, b) => time(a) - time(b));
      const first = at(list[0]!.body.createdDateTime);
      const addresses = [...new Set(list.map((r) => ipOf(r.body.ipAddress)).filter(Boolean))];
      return {
        detector,
        severity: texts[g].severity,
        weight: texts[g].weight,
        title: `${list.length} sign-in(s) Microsoft Entra ID Protection rated ${texts[g].what}${addresses.length > 0 ? ` (${addresses.slice(0, 3).join(', ')})` : ''}`,
        explanation: `Microsoft's risk engine rated ${list.length === 1 ? 'this sign-in' : 'these sign-ins'} ${texts[g].what} when ${list.length === 1 ? 'it was' : 'they were'} made, and neither Microsoft nor an admin has cleared ${list.length === 1 ? 'it' : 'them'} since (risk state not dismissed or remediated). The sign-in log's risk fields say why (riskEventTypes).`,
        evidenceIds: list.slice(0, 200).map((r) => r.id),
        at: Number.isNaN(first) ? null : new Date(first).toISOString(),
        ...(g === 'medium' ? {} : { addresses }),
      } satisfies DetectorFinding;
    });
}
