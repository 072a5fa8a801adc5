import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledCase } from '../evaluate.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'graph-docs');

/**
 * Microsoft's Graph documentation examples (tests/fixtures/graph-docs, CC-BY-4.0): ordinary activity with no
 * attack in it, so every record is benign for every detector that reads it, and no case may be called
 * compromised. Each response is imported unchanged as its own case, for the user it is about. The audit log
 * query example is left out: it holds placeholders ("String (timestamp)") that the importer rightly refuses.
 * The message rules come from `/me/mailFolders/inbox/messageRules` in the documentation's tenant, where
 * colleagues are `@contoso.onmicrosoft.com`: the case's user is a user there.
 */
export function graphDocsCases(): LabelledCase[] {
  const cases: Array<[string, string]> = [
    ['signin-list.v1.0.example1.response.json', 'testaccount1@contoso.com'],
    ['signin-list.beta.example1.response.json', 'testaccount1@contoso.com'],
    ['directoryaudit-list.v1.0.example1.response.json', 'bob@wingtiptoysonline.com'],
    ['directoryaudit-list.v1.0.example2.response.json', 'bob@wingtiptoysonline.com'],
    ['mailfolder-list-messagerules.v1.0.example.response.json', 'me@contoso.onmicrosoft.com'],
  ];
  return cases.map(([name, upn]) => ({
    set: 'graph-docs',
    name,
    upn,
    files: [{ name, text: readFileSync(join(DIR, name), 'utf8') }],
    labels: [],
    benign: [{ record: `${name}: every record` }],
    verdict: 'not-compromised',
  }));
}
