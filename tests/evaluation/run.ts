// `npm run eval`: runs every labelled public record set through the importers and detection and prints the
// table docs/detectors.md shows; `npm run eval -- --write` puts it there (formatted as prettier formats docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { allCases } from './cases.ts';
import { evaluate } from './evaluate.ts';
import { evaluationMarkdown, section } from './table.ts';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'detectors.md');

const markdown = evaluationMarkdown(await evaluate(allCases()));
if (process.argv.includes('--write')) {
  const document = readFileSync(DOC, 'utf8');
  const current = section(document);
  if (current === null) {
    console.error(`docs/detectors.md has no evaluation section to replace (${DOC})`);
    process.exit(1);
  }
  writeFileSync(DOC, await format(document.replace(current, markdown), { filepath: DOC }));
  console.log('docs/detectors.md: evaluation section updated');
} else {
  console.log(markdown);
}
