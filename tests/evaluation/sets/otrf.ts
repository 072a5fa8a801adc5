import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledCase } from '../evaluate.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'otrf-golden-saml');
const file = (name: string) => ({ name, text: readFileSync(join(DIR, name), 'utf8') });

/**
 * OTRF's recorded golden-SAML lab attack (tests/fixtures/otrf-golden-saml, MIT): the attacker, holding a
 * forged token for the admin pgustavo, adds a secret to the app SimuLandApp, grants it Mail.ReadWrite for
 * everyone, and reads pgustavo's mail through Graph as the app. The three exports an analyst would hold
 * (Sentinel AuditLogs and OfficeActivity rows, Defender XDR CloudAppEvents rows) are imported unchanged into
 * one case for pgustavo. The MailItemsAccessed row appears in two of them; Clearance stores it once.
 */
export function otrfCases(): LabelledCase[] {
  const consent = (op: string) => (b: Record<string, unknown>) => b.activityDisplayName === op || b.operation === op;
  return [
    {
      set: 'otrf-golden-saml',
      name: 'GoldenSAMLADFSMailAccess',
      upn: 'pgustavo@simulandlabs.com',
      files: [file('AADAuditEvents.jsonl'), file('OfficeActivityEvents.jsonl'), file('CloudAppEvents.jsonl')],
      labels: [
        {
          record: 'AuditLogs: Add delegated permission grant (User.Read Mail.ReadWrite)',
          match: consent('Add delegated permission grant'),
          detector: 'oauth-consent-audit',
          expected: true,
        },
        {
          record: 'CloudAppEvents: Add delegated permission grant. (Permissions: User.Read Mail.ReadWrite)',
          match: consent('Add delegated permission grant.'),
          detector: 'oauth-consent-audit',
          expected: true,
        },
        {
          record: 'OfficeActivity / CloudAppEvents: MailItemsAccessed by SimuLandApp',
          match: (b) => b.operation === 'MailItemsAccessed',
          detector: 'mail-use-suspect-address',
          expected: true,
          note: 'the detector that reads what was done with the access; it follows addresses other findings tie to the attacker',
        },
      ],
      benign: [
        {
          record: "AuditLogs: the admin's Update application (a secret and a permission added to SimuLandApp)",
          match: (b) =>
            typeof b.activityDisplayName === 'string' && b.activityDisplayName.startsWith('Update application'),
        },
      ],
      verdict: 'compromised',
    },
  ];
}
