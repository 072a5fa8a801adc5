/**
 * English strings. Every user-visible string goes through here (renderer via i18next, CLI via
 * `translate`). Danish (`da.ts`) must have exactly the same keys; a unit test holds them together.
 */
export const en = {
  app: {
    name: 'Clearance',
    tagline: 'Blocked-sender incident response for Microsoft 365',
    skipToContent: 'Skip to content',
    language: 'Language',
    loading: 'Loading…',
  },
  nav: {
    cases: 'Cases',
  },
  access: {
    title: 'Access key needed',
    body: 'Open Clearance with the address printed by `npm start` or `clearance serve`: it carries a one-time access key for this session.',
  },
  cases: {
    title: 'Cases',
    new: 'New case',
    emptyTitle: 'No cases yet',
    emptyBody:
      'A case follows one account that Microsoft 365 blocked for sending spam, from investigation to unblocking. Start one with “New case”: you need the user principal name and the tenant.',
    columns: {
      upn: 'User',
      tenant: 'Tenant',
      blockedAt: 'Blocked',
      createdAt: 'Opened',
      updatedAt: 'Last activity',
      entries: 'Log entries',
    },
    sortBy: 'Sort by {{column}}',
    notBlockedYet: 'not recorded',
    count_one: '{{count}} case',
    count_other: '{{count}} cases',
  },
  newCase: {
    title: 'New case',
    intro: 'Open a case for one account that was restricted from sending email.',
    upn: 'User principal name',
    upnHint: 'The blocked account, e.g. anna@contoso.com',
    tenant: 'Tenant',
    tenantHint: 'Tenant domain (contoso.onmicrosoft.com) or tenant ID',
    blockedAt: 'Blocked at (optional)',
    blockedAtHint: 'Local time of the block, from the alert or the Restricted entities page',
    submit: 'Create case',
    cancel: 'Cancel',
    creating: 'Creating…',
    fixErrors: 'The case was not created. Correct the marked fields.',
  },
  case: {
    back: 'All cases',
    header: 'Case for {{upn}}',
    tenant: 'Tenant',
    blockedAt: 'Blocked',
    createdAt: 'Opened',
    createdBy: 'Opened by',
    status: 'Status',
    statusValue: { open: 'Open', closed: 'Closed' },
    caseId: 'Case ID',
  },
  log: {
    title: 'Case log',
    intro: 'Everything that happened to this case, in order. Each entry is sealed with the hash of the one before it.',
    seq: '#',
    at: 'Time',
    actor: 'By',
    kind: 'Event',
    details: 'Details',
    hash: 'Hash',
    kinds: { 'case.created': 'Case opened', 'note.added': 'Note' },
    loadMore: 'Load more',
    addNote: 'Add a note',
    notePlaceholder: 'What did you find or decide?',
    saveNote: 'Add note',
    verify: {
      checking: 'Checking the log…',
      intact_one: 'Log intact: {{count}} entry verified, head {{hash}}',
      intact_other: 'Log intact: {{count}} entries verified, head {{hash}}',
      broken: 'Log broken at entry {{seq}}: {{detail}}',
      again: 'Verify again',
    },
    createdDetail: '{{upn}} in {{tenant}}',
  },
  validation: {
    generic: 'This value is not valid.',
    upn: {
      required: 'Enter the user principal name of the blocked account.',
      tooLong: 'A user principal name has at most 113 characters.',
      invalid: 'Enter a user principal name such as anna@contoso.com.',
    },
    tenant: {
      required: 'Enter the tenant.',
      invalid: 'Enter a tenant domain (contoso.onmicrosoft.com) or a tenant ID (a GUID).',
    },
    time: {
      invalid: 'Enter a valid date and time.',
      future: 'The block time cannot be in the future.',
      tooEarly: 'The block time is implausibly early.',
    },
    caseId: { invalid: 'That is not a case ID.' },
    note: { required: 'Write the note first.', tooLong: 'A note has at most 20,000 characters.' },
  },
  errors: {
    unknownMethod: 'Unknown request.',
    invalidInput: 'Some input is not valid.',
    invalidJson: 'The request was not valid JSON.',
    contentType: 'The request must be JSON.',
    tooLarge: 'The request is too large.',
    methodNotAllowed: 'That request method is not allowed.',
    unauthorized: 'Not authorised: the access key is missing or wrong. Open the address printed at start-up.',
    wrongHost: 'Requests must be addressed to this computer.',
    crossOrigin: 'Requests from other sites are refused.',
    caseNotFound: 'There is no such case on this computer.',
    caseFileUnreadable: 'The case file cannot be read as a Clearance case.',
    internal: 'Something went wrong inside Clearance (reference {{ref}}).',
    network: 'Clearance is not reachable. Is it still running?',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof en>;
