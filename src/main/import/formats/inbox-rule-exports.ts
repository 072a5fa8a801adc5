import type { CsvFormat, RowResult } from './format.ts';
import { booleanCell, get, jsonCell, numberCell } from './columns.ts';
import { quoted } from '../quoted.ts';

/**
 * Inbox rules as the collectors save them (`Get-InboxRule` underneath): Microsoft-Extractor-Suite's
 * `Get-MailboxRules` (`Output/Rules/MailboxRules.csv`, two layouts), and `Get-InboxRule | Export-Csv` or
 * `ConvertTo-Json` (Hawk's `InboxRules_<user>.csv/.json`).
 *
 * They are stored as Graph `messageRule`s (the `inboxRules` source), not as `mailboxRules`: detectors take a
 * rule that only `mailboxRules` holds for one Graph cannot see (hidden), and these exports list the ordinary,
 * visible rules. The owner's mailbox is kept in `mailboxOwnerId` for tenant-wide exports.
 */

/** An address as Exchange writes it (`"Name" [SMTP:a@b]`, `[EX:/o=…]`, or bare) as a Graph recipient. */
function recipient(value: string): { emailAddress: { name: string; address: string } } {
  const typed = /^\s*(?:"([^"]*)"\s*)?\[(?:SMTP|smtp):([^\]]+)\]\s*$/.exec(value);
  if (typed) return { emailAddress: { name: typed[1] ?? '', address: typed[2]!.trim() } };
  const legacy = /^\s*(?:"([^"]*)"\s*)?\[EX:([^\]]+)\]\s*$/.exec(value);
  if (legacy) return { emailAddress: { name: legacy[1] ?? '', address: legacy[2]!.trim() } };
  return { emailAddress: { name: '', address: value.trim().replace(/^"|"$/g, '') } };
}

/** PowerShell's name for a list it could not write (Export-Csv of an ArrayList), in place of its items. */
const TYPE_NAME = /^System\.[\w.`]+(\[\])?$|^Deserialized\./;

/** A list cell: JSON (from ConvertTo-Json), Exchange addresses (`"A" [SMTP:a], "B" [SMTP:b]`), or `a, b`. */
function list(raw: string): string[] | null {
  // A rule names a handful of addresses or words; 16 KB is hundreds of them, and bounds the patterns below
  // (received text: a cell of repeated "[a:" made the address pattern backtrack).
  const t = raw.slice(0, 16_384).trim();
  if (t === '') return [];
  if (TYPE_NAME.test(t)) return null;
  if (t.startsWith('[')) {
    const cell = jsonCell(t);
    if (cell.ok && Array.isArray(cell.value)) return cell.value.map((v) => String(v)).filter(Boolean);
  }
  const typed = t.match(/(?:"[^"]*"\s*)?\[[A-Za-z]+:[^\]]+\]/g);
  if (typed) return typed;
  return t
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

interface RuleFields {
  owner: string;
  name: string;
  identity: string;
  enabled: boolean;
  priority: number | undefined;
  lists: Record<'forwardTo' | 'redirectTo' | 'forwardAsAttachmentTo' | 'from', string>;
  words: Record<'subjectContains' | 'bodyOrSubjectContains' | 'bodyContains', string>;
  moveToFolder: string;
  copyToFolder: string;
  deletes: boolean;
  softDeletes: boolean;
  marksRead: boolean;
  stops: boolean;
  hasAttachments: boolean | undefined;
  importance?: string;
  categories?: string;
  description: string;
}

const LIST_COLUMNS = {
  forwardTo: 'ForwardTo',
  redirectTo: 'RedirectTo',
  forwardAsAttachmentTo: 'ForwardAsAttachmentTo',
};

/** A rule as Graph's `messageRule`, with the export's own description and owner beside it. */
function messageRule(f: RuleFields): RowResult {
  const recipients: Record<string, Array<ReturnType<typeof recipient>>> = {};
  for (const [key, column] of Object.entries({ ...LIST_COLUMNS, from: 'From' })) {
    const items = list(f.lists[key as keyof RuleFields['lists']]);
    if (items === null)
      return {
        ok: false,
        reason: `${column} holds ${quoted(f.lists[key as keyof RuleFields['lists']], 40)}, the type name Export-Csv writes for a list, not its addresses: import the JSON export of the rules instead`,
      };
    recipients[key] = items.map(recipient);
  }
  const words = (raw: string) => list(raw) ?? [];
  const conditions: Record<string, unknown> = {};
  if (recipients.from!.length > 0) conditions.fromAddresses = recipients.from;
  if (words(f.words.subjectContains).length > 0) conditions.subjectContains = words(f.words.subjectContains);
  if (words(f.words.bodyOrSubjectContains).length > 0)
    conditions.bodyOrSubjectContains = words(f.words.bodyOrSubjectContains);
  if (words(f.words.bodyContains).length > 0) conditions.bodyContains = words(f.words.bodyContains);
  if (f.hasAttachments) conditions.hasAttachments = true;
  const actions: Record<string, unknown> = {};
  if (recipients.forwardTo!.length > 0) actions.forwardTo = recipients.forwardTo;
  if (recipients.redirectTo!.length > 0) actions.redirectTo = recipients.redirectTo;
  if (recipients.forwardAsAttachmentTo!.length > 0) actions.forwardAsAttachmentTo = recipients.forwardAsAttachmentTo;
  if (f.moveToFolder) actions.moveToFolder = f.moveToFolder;
  if (f.copyToFolder) actions.copyToFolder = f.copyToFolder;
  // DeleteMessage moves to Deleted Items (Graph `delete`); SoftDeleteMessage skips it (`permanentDelete`).
  if (f.deletes) actions.delete = true;
  if (f.softDeletes) actions.permanentDelete = true;
  if (f.marksRead) actions.markAsRead = true;
  if (f.stops) actions.stopProcessingRules = true;
  if (f.importance) actions.markImportance = f.importance.toLowerCase();
  if (f.categories && words(f.categories).length > 0) actions.assignCategories = words(f.categories);
  return {
    ok: true,
    record: {
      id: f.identity,
      displayName: f.name,
      sequence: f.priority ?? null,
      isEnabled: f.enabled,
      conditions,
      actions,
      mailboxOwnerId: f.owner,
      description: f.description,
    },
  };
}

const flag = (raw: string) => booleanCell(raw) === true;

/** A rule from Get-InboxRule's own column names, which Extractor-Suite's current layout keeps too. */
function inboxRuleColumns(row: Record<string, string>, owner: string, name: string, identity: string): RowResult {
  return messageRule({
    owner,
    name,
    identity,
    enabled: booleanCell(get(row, 'Enabled')) !== false,
    priority: numberCell(get(row, 'Priority')),
    lists: {
      forwardTo: get(row, 'ForwardTo'),
      redirectTo: get(row, 'RedirectTo'),
      forwardAsAttachmentTo: get(row, 'ForwardAsAttachmentTo'),
      from: get(row, 'From'),
    },
    words: {
      subjectContains: get(row, 'SubjectContainsWords'),
      bodyOrSubjectContains: get(row, 'SubjectOrBodyContainsWords'),
      bodyContains: get(row, 'BodyContainsWords'),
    },
    moveToFolder: get(row, 'MoveToFolder'),
    copyToFolder: get(row, 'CopyToFolder'),
    deletes: flag(get(row, 'DeleteMessage')),
    softDeletes: flag(get(row, 'SoftDeleteMessage')),
    marksRead: flag(get(row, 'MarkAsRead')),
    stops: flag(get(row, 'StopProcessingRules')),
    hasAttachments: booleanCell(get(row, 'HasAttachment')),
    importance: get(row, 'MarkImportance'),
    categories: get(row, 'ApplyCategory'),
    description: get(row, 'Description'),
  });
}

/** Extractor-Suite's `Get-MailboxRules` (Show-MailboxRules), the layout since 2024: one row per rule and mailbox. */
export const extractorSuiteMailboxRules: CsvFormat = {
  id: 'extractor-suite-mailboxrules-csv',
  label: 'Microsoft-Extractor-Suite Get-MailboxRules (MailboxRules.csv)',
  source: 'inboxRules',
  signature: ['username', 'rulename', 'ruleidentity', 'enabled'],
  columns: [
    'UserName',
    'RuleName',
    'Enabled',
    'Priority',
    'RuleIdentity',
    'StopProcessingRules',
    'CopyToFolder',
    'MoveToFolder',
    'RedirectTo',
    'ForwardTo',
    'ForwardAsAttachmentTo',
    'ApplyCategory',
    'MarkImportance',
    'MarkAsRead',
    'DeleteMessage',
    'SoftDeleteMessage',
    'From',
    'SubjectContainsWords',
    'SubjectOrBodyContainsWords',
    'BodyContainsWords',
    'HasAttachment',
    'Description',
    'InError',
    'ErrorType',
  ],
  convert(row) {
    const owner = get(row, 'UserName');
    const name = get(row, 'RuleName');
    const ruleId = get(row, 'RuleIdentity');
    if (!owner || !ruleId) return { ok: false, reason: 'no UserName or RuleIdentity' };
    return inboxRuleColumns(row, owner.toLowerCase(), name, `${owner.toLowerCase()}\\${ruleId}`);
  },
};

/** Extractor-Suite's first `Get-MailboxRules` layout (2023): UserName, RuleName, RuleEnabled, …, TextDescription. */
export const extractorSuiteMailboxRulesV1: CsvFormat = {
  id: 'extractor-suite-mailboxrules-2023-csv',
  label: 'Microsoft-Extractor-Suite Get-MailboxRules, 2023 layout (CSV)',
  source: 'inboxRules',
  signature: ['username', 'rulename', 'ruleenabled'],
  columns: [
    'UserName',
    'RuleName',
    'RuleEnabled',
    'CopytoFolder',
    'MovetoFolder',
    'RedirectTo',
    'ForwardTo',
    'TextDescription',
  ],
  convert(row) {
    const owner = get(row, 'UserName');
    const name = get(row, 'RuleName');
    if (!owner || !name) return { ok: false, reason: 'no UserName or RuleName' };
    const description = get(row, 'TextDescription');
    return messageRule({
      owner: owner.toLowerCase(),
      name,
      // This layout has no rule id: the owner and name stand for it.
      identity: `${owner.toLowerCase()}\\${name}`,
      enabled: booleanCell(get(row, 'RuleEnabled')) !== false,
      priority: undefined,
      lists: {
        forwardTo: get(row, 'ForwardTo'),
        redirectTo: get(row, 'RedirectTo'),
        forwardAsAttachmentTo: '',
        from: '',
      },
      words: { subjectContains: '', bodyOrSubjectContains: '', bodyContains: '' },
      moveToFolder: get(row, 'MovetoFolder'),
      copyToFolder: get(row, 'CopytoFolder'),
      // Only the description says whether the rule deletes or marks read.
      deletes: /delete the message/i.test(description),
      softDeletes: false,
      marksRead: /mark the message as read/i.test(description),
      stops: /stop processing more rules/i.test(description),
      hasAttachments: undefined,
      description,
    });
  },
};

/** `Get-InboxRule | Export-Csv` or `ConvertTo-Json` (Hawk's InboxRules and _Investigate_InboxRules files). */
export const getInboxRuleExport: CsvFormat = {
  id: 'get-inboxrule-csv',
  label: 'Get-InboxRule | Export-Csv or ConvertTo-Json (Hawk InboxRules)',
  source: 'inboxRules',
  signature: ['name', 'enabled', 'identity', 'ruleidentity'],
  columns: [
    'Name',
    'Enabled',
    'Identity',
    'RuleIdentity',
    'Priority',
    'MailboxOwnerId',
    'Description',
    'ForwardTo',
    'ForwardAsAttachmentTo',
    'RedirectTo',
    'DeleteMessage',
    'SoftDeleteMessage',
    'MarkAsRead',
    'MoveToFolder',
    'CopyToFolder',
    'StopProcessingRules',
    'From',
    'SubjectContainsWords',
    'SubjectOrBodyContainsWords',
    'BodyContainsWords',
    'HasAttachment',
  ],
  jsonRows: true,
  convert(row) {
    const identity = get(row, 'Identity');
    const name = get(row, 'Name');
    if (!identity) return { ok: false, reason: 'no Identity' };
    const owner = get(row, 'MailboxOwnerId') || identity.slice(0, Math.max(0, identity.lastIndexOf('\\')));
    return inboxRuleColumns(row, owner.toLowerCase(), name, identity);
  },
};

export const INBOX_RULE_FORMATS: readonly CsvFormat[] = [
  extractorSuiteMailboxRules,
  extractorSuiteMailboxRulesV1,
  getInboxRuleExport,
];
