// Detection over a large case. `prepare` stores the large scenario's million-plus records as evidence in
// a case file (and reports the ingest); then, in a fresh process so that its peak memory is its own, the
// whole detection pass (load the evidence set, run every detector, decide) is timed on that file.
import { expandGenerated } from '../../src/main/emulator/scenario/generate.ts';
import { loadScenarioFile } from '../../src/main/emulator/scenario/load.ts';
import { detect } from '../../src/main/investigation/detect.ts';
import { loadEvidenceSet } from '../../src/main/investigation/evidence-set.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { report, scenarioSources, storeAsCollection, tempCase, time } from './common.ts';

const [mode, path] = process.argv.slice(2);
if (mode === 'run') {
  const file = CaseFile.open(path!);
  const store = file.investigation;
  const events = store.evidenceCount();
  const detection = time(() =>
    detect(loadEvidenceSet(store, { upn: file.header.upn, blockedAt: file.header.blockedAt })),
  );
  file.close();
  report({
    task: 'detect',
    events,
    detectMs: Math.round(detection.ms),
    verdict: detection.value.verdict.verdict,
    findings: detection.value.findings.length,
    target: 'detect < 5000 ms, peak < 1024 MB',
  });
  process.exit(0);
}

const scenario = expandGenerated(
  loadScenarioFile(new URL('../../resources/scenarios/large.json', import.meta.url).pathname),
);
const bench = tempCase();
const file = bench.file;
const store = bench.file.investigation;
const user = scenario.users[0]!;
let total = 0;
const stored = time(() => {
  total = storeAsCollection(store, String(user.user.id), scenarioSources(scenario));
});
file.close();
report({
  task: 'detect-prepare',
  events: total,
  storeMs: Math.round(stored.ms),
  path: bench.file.path,
  dir: bench.dir,
});
