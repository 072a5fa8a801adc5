import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.ts';
import { LONG, XSS } from './xss-corpus.ts';

/**
 * The XSS scenario: Contoso's compromised Adele Vance, with the corpus (tests/support/xss-corpus.ts) in
 * every tenant-controlled string the app shows. The JSON file is committed so that it can be served like
 * any scenario (`clearance serve --scenario tests/fixtures/scenarios/xss.json`); this module writes it
 * (`node tests/support/xss-scenario.ts`) and tests/unit/xss-scenario.test.ts checks the two agree.
 */
export const XSS_SCENARIO = join(ROOT, 'tests', 'fixtures', 'scenarios', 'xss.json');

export const VICTIM = { upn: 'adele.vance@contoso.com', id: '4d2a9c1e-6b3f-4e8a-a1d5-0c7e9b2f3a11' } as const;

/** Where each payload sits in the scenario, so tests can look for exactly what the tenant said. */
export const PLACED = {
  scenarioName: `XSS corpus ${XSS.ansi}`,
  tenantName: `Contoso ${XSS.scriptTag} ${XSS.rtl}`,
  displayName: `Adele ${XSS.imgOnerror} Vance ${XSS.zeroWidth}`,
  jobTitle: XSS.template,
  /** The Graph rule forwarding outside the organisation (also named in the New-InboxRule audit record). */
  forwardRule: XSS.scriptTag,
  forwardRecipientName: XSS.anchor,
  /** The "." rule deleting bounces, renamed. */
  hidingRule: XSS.zeroWidth,
  /** A rule marking security warnings read. */
  markReadRule: XSS.svgOnload,
  /** A hidden (Exchange-only) rule forwarding outside: 100 KiB name in finding titles and verdict reasons. */
  hiddenRule: LONG,
  burstSubject: `Invoice 4471 ${XSS.imgOnerror} overdue`,
  sentSubjects: [
    XSS.javascriptUrl,
    XSS.anchor,
    XSS.iframe,
    XSS.styleBreak,
    XSS.entities,
    XSS.templateLiteral,
    XSS.rtl,
    XSS.zalgo,
    XSS.ansi,
    LONG,
  ],
  appName: `Mail Sync Pro ${XSS.imgOnerror}`,
  /** The consented app's verified publisher: shown in the consent finding's explanation. */
  publisherName: LONG,
  /** The legacy-protocol sign-in's user agent, in the finding's evidence. */
  userAgent: LONG,
  browser: XSS.template,
  operatingSystem: XSS.zalgo,
  city: XSS.rtl,
  phone: `+234 803 ${XSS.svgOnload}`,
  alertTitle: `${XSS.iframe} Suspicious email sending patterns detected`,
  blockReason: `${XSS.styleBreak} OutboundSpamLast24Hours=2402 ${XSS.template} ${XSS.javascriptUrl}`,
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Exact string values replaced wherever they occur in the kept records. */
const RENAMES: Record<string, string> = {
  'Adele Vance': PLACED.displayName,
  'Invoice copies': PLACED.forwardRule,
  'adele.vance\\Invoice copies': `adele.vance\\${PLACED.forwardRule}`,
  'Invoice Archive': PLACED.forwardRecipientName,
  'Mail Sync Pro': PLACED.appName,
  Lagos: PLACED.city,
  'Chrome 130.0.0': PLACED.browser,
  '+234 8031550147': PLACED.phone,
  'Invoice 4471 overdue - action required': PLACED.burstSubject,
  'Suspicious email sending patterns detected': PLACED.alertTitle,
};

function rename(value: Json): Json {
  if (typeof value === 'string') return RENAMES[value] ?? value;
  if (Array.isArray(value)) return value.map(rename);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
  return value;
}

const obj = (value: Json | undefined): Obj => value as Obj;
const list = (value: Json | undefined): Obj[] => (value ?? []) as Obj[];
const mentionsVictim = (item: Obj) => {
  const text = JSON.stringify(item);
  return text.includes(VICTIM.upn) || text.includes(VICTIM.id);
};

export function buildXssScenario(): Obj {
  const contoso = JSON.parse(readFileSync(join(ROOT, 'resources', 'scenarios', 'contoso.json'), 'utf8')) as Obj;
  const s: Obj = { ...contoso };
  s.scenario = {
    ...obj(contoso.scenario),
    name: PLACED.scenarioName,
    description:
      'Contoso reduced to its compromised user, with the XSS corpus (tests/support/xss-corpus.ts) in rule names, subjects, display names, user agents and app names. Written by tests/support/xss-scenario.ts: do not edit by hand.',
  };
  s.tenant = { ...obj(contoso.tenant), displayName: PLACED.tenantName };
  s.users = list(contoso.users).filter((u) => obj(u.user).userPrincipalName === VICTIM.upn);
  for (const key of [
    'signIns',
    'directoryAudits',
    'roleAssignments',
    'oauth2PermissionGrants',
    'riskyUsers',
    'riskDetections',
    'alerts',
    'auditRecords',
    'messageTraces',
    'blockedSenders',
  ])
    s[key] = list(contoso[key]).filter(mentionsVictim);
  const generate = obj(contoso.generate);
  s.generate = {
    ...generate,
    noise: list(generate.noise).filter((n) => n.userPrincipalName === VICTIM.upn),
    bursts: list(generate.bursts).filter((b) => b.userPrincipalName === VICTIM.upn),
  };

  const out = rename(s) as Obj;
  const user = list(out.users)[0]!;
  obj(user.user).jobTitle = PLACED.jobTitle;
  const mailbox = obj(user.mailbox);
  const rules = list(mailbox.messageRules);
  rules.find((r) => r.displayName === '.')!.displayName = PLACED.hidingRule;
  rules.push({
    id: 'AQAAAFhTU3N2Zz0=',
    displayName: PLACED.markReadRule,
    sequence: 4,
    isEnabled: true,
    hasError: false,
    isReadOnly: false,
    conditions: { subjectContains: ['security', 'password', 'unusual sign-in'] },
    actions: { markAsRead: true, moveToFolder: 'RSS Subscriptions', stopProcessingRules: true },
  });
  mailbox.hiddenRules = [
    {
      Name: PLACED.hiddenRule,
      Priority: 5,
      Enabled: true,
      Description: `If the message:\r\n\tincludes '${XSS.scriptTag}'\r\nTake the following actions:\r\n\tforward the message`,
      Identity: '7b1c5e2a-4d3f-4a9b-8c6e-2f1a3b5c7d90\\17361288475029012481',
      MailboxOwnerId: '7b1c5e2a-4d3f-4a9b-8c6e-2f1a3b5c7d90',
      ForwardTo: [`"${XSS.imgOnerror}" [SMTP:drop.box@evil-archive.example]`],
      RedirectTo: null,
      ForwardAsAttachmentTo: null,
      DeleteMessage: false,
      MoveToFolder: null,
      MarkAsRead: false,
      StopProcessingRules: false,
    },
  ];
  const sent = list(mailbox.sentItems);
  PLACED.sentSubjects.forEach((subject, i) => {
    const at = `2026-11-20T06:${String(10 + i * 3).padStart(2, '0')}:00Z`;
    sent.push({
      id: `AAMkAGXssSentItem${String(i).padStart(3, '0')}=`,
      createdDateTime: at,
      sentDateTime: at,
      subject,
      bodyPreview: XSS.scriptTag,
      from: null,
      toRecipients: [{ emailAddress: { name: XSS.imgOnerror, address: `xss.${i}@fourthcoffee.example` } }],
      ccRecipients: [],
      bccRecipients: [],
    });
  });
  mailbox.sentItems = sent;

  for (const signIn of list(out.signIns)) {
    const device = obj(signIn.deviceDetail);
    if (signIn.clientAppUsed === 'Authenticated SMTP' && obj(signIn.status).errorCode === 0) {
      // The legacy-protocol success: a 100 KiB user agent in the finding's evidence.
      signIn.userAgent = PLACED.userAgent;
      device.browser = XSS.svgOnload;
    } else if (device.operatingSystem === 'Windows10') {
      device.operatingSystem = PLACED.operatingSystem;
    }
  }
  for (const sp of list(out.servicePrincipals))
    if (sp.displayName === PLACED.appName)
      sp.verifiedPublisher = {
        displayName: PLACED.publisherName,
        verifiedPublisherId: '5412368',
        addedDateTime: '2026-11-19T10:00:00Z',
      };
  // The audit log names the "." rule where it was made: renamed there too.
  for (const record of list(out.auditRecords)) {
    const data = obj(record.auditData);
    const name = list(data.Parameters).find((p) => p.Name === 'Name' && p.Value === '.');
    if (!name) continue;
    name.Value = PLACED.hidingRule;
    record.objectId = data.ObjectId = `adele.vance\\${PLACED.hidingRule}`;
  }
  for (const block of list(out.blockedSenders)) block.Reason = PLACED.blockReason;
  return out;
}

if (import.meta.main) {
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(XSS_SCENARIO);
  const text = await prettier.format(JSON.stringify(buildXssScenario()), { ...options, parser: 'json' });
  writeFileSync(XSS_SCENARIO, text);
  console.log(`wrote ${XSS_SCENARIO}`);
}
