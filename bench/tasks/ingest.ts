// Ingest: normalise and store N sign-in events through the case file's own path, as a ratio to raw
// better-sqlite3 inserts of the same event rows measured in the same process.
import { expandGenerated } from '../../src/main/emulator/scenario/generate.ts';
import { parseScenario } from '../../src/main/emulator/scenario/load.ts';
import { normalise } from '../../src/main/investigation/normalise.ts';
import { report, tempCase, time } from './common.ts';
import { databaseOf } from '../../src/main/store/case-file/raw-database.ts';

const N = Number(process.argv[2] ?? 200_000);
const scenario = expandGenerated(
  parseScenario({
    scenario: { name: 'bench', anchor: '2026-11-20T09:00:00Z', shiftToNow: false },
    tenant: {
      id: '5e8a1c3f-7b2d-4f6e-9a0c-3d5f7b9e1a2c',
      displayName: 'Bench',
      verifiedDomains: [{ name: 'large.example', isDefault: true }],
    },
    users: [
      {
        user: {
          id: '7a1b3c5d-9e2f-4a6b-8c0d-1e3f5a7b9c2d',
          userPrincipalName: 'bulk.user@large.example',
          displayName: 'Bulk User',
        },
      },
    ],
    generate: { seed: 7, noise: [{ userPrincipalName: 'bulk.user@large.example', days: 30, signIns: N }] },
  }),
);
const records = scenario.signIns.map((body, i) => ({ id: i + 1, source: 'signIns' as const, runId: 1, body }));
const events = [...normalise(records)];

// Baseline: the same event rows, prepared in advance, inserted raw in one transaction.
const raw = tempCase();
const insert = databaseOf(raw.file).prepare(
  'INSERT INTO event (at, source, kind, actor, ip, country, client, user_agent, summary, severity, evidence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
databaseOf(raw.file).exec(
  "INSERT INTO evidence (id, source, record_key, request, fetched_at, body, sha256) VALUES (1, 'signIns', 'k', 'r', 'f', '{}', 'h')",
);
databaseOf(raw.file).pragma('foreign_keys = OFF');
const baseline = time(() =>
  databaseOf(raw.file).transaction(() => {
    for (const e of events)
      insert.run(e.at, e.source, e.kind, e.actor, e.ip, e.country, e.client, e.userAgent, e.summary, e.severity, 1);
  })(),
);
raw.done();

// Clearance: normalisation included, through InvestigationStore.replaceEvents, from evidence records.
const ours = tempCase();
const store = ours.file.investigation;
databaseOf(ours.file).pragma('foreign_keys = OFF');
const measured = time(() => store.replaceEvents(normalise(records)));
ours.done();

report({
  task: 'ingest',
  events: N,
  baselineMs: Math.round(baseline.ms),
  clearanceMs: Math.round(measured.ms),
  ratio: Number((baseline.ms / measured.ms).toFixed(2)),
  target: '≥ 0.5',
});
