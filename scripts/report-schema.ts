// Writes docs/report.schema.json from the report's zod schema (the one source of truth).
// Run after changing src/shared/domain/report.ts: `node scripts/report-schema.ts`; a test fails while stale.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { IncidentReport } from '../src/shared/domain/report.ts';

const schema = z.toJSONSchema(IncidentReport, { target: 'draft-2020-12' });
writeFileSync(new URL('../docs/report.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
