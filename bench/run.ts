// `npm run bench`: each task in its own process (so its peak memory is its own), a readable table, and
// the same figures as JSON in bench/results/latest.json. Figures are ratios against baselines measured
// in the same run, never absolute timings asserted in tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Result = Record<string, string | number | boolean | null>;

const here = import.meta.dirname;
const allTasks: Array<[string, string[]]> = [
  ['ingest', ['200000']],
  ['collect', ['60']],
  ['collect-large', ['40', '2']],
  ['detect', ['prepare']],
  ['timeline-ui', ['1']],
  ['ip-intel', ['1000000']],
];
// `node bench/run.ts timeline-ui detect` (or `npm run bench -- timeline-ui`): just those tasks.
const only = process.argv.slice(2);
const unknown = only.filter((name) => !allTasks.some(([task]) => task === name));
if (unknown.length > 0) {
  console.error(`unknown task: ${unknown.join(', ')} (tasks: ${allTasks.map(([t]) => t).join(', ')})`);
  process.exit(2);
}
const tasks = only.length > 0 ? allTasks.filter(([task]) => only.includes(task)) : allTasks;

const results: Array<Result> = [];
const run = (task: string, args: string[]) =>
  spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--expose-gc', join(here, 'tasks', `${task}.ts`), ...args],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
for (const [task, args] of tasks) {
  process.stderr.write(`running ${task}…\n`);
  const parseLast = (out: ReturnType<typeof run>, name: string): Result => {
    try {
      return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as Result;
    } catch {
      return { task: name, error: (out.stderr || `exit ${out.status}`).trim().split('\n').slice(-3).join(' ') };
    }
  };
  const result = parseLast(run(task, args), task);
  if (result.task === 'detect-prepare') {
    // Detection runs in its own process on the prepared case file, so its peak memory is its own.
    const detection = parseLast(run('detect', ['run', String(result.path)]), 'detect');
    rmSync(String(result.dir), { recursive: true, force: true });
    results.push({ ...detection, storeMs: result.storeMs ?? null, prepareEvents: result.events ?? null });
  } else {
    results.push(result);
  }
}

const meets = (ok: unknown) => (ok === true ? 'meets target' : 'misses target');
const rows = results.flatMap((r): string[][] => {
  switch (r.task) {
    case 'ingest':
      return [
        [
          'ingest',
          `${r.events} events`,
          `${r.clearanceMs} ms vs raw ${r.baselineMs} ms`,
          `ratio ${r.ratio}`,
          String(r.target),
          `${r.peakRssMb} MB`,
        ],
      ];
    case 'collect':
      return [
        [
          'collect',
          `${r.records} records / ${r.pages} pages, ${r.latencyMs} ms latency`,
          `${r.clearanceMs} ms vs naive ${r.naiveMs} ms`,
          `${r.speedup}× faster`,
          String(r.target),
          `${r.peakRssMb} MB`,
        ],
      ];
    case 'collect-large':
      return [
        [
          'collect (large)',
          `${r.records} records / ${r.requests} requests, ${r.days} days, ${r.latencyMs} ms latency`,
          `${r.clearanceMs} ms; ideal ${r.idealMs} ms; naive ${r.naiveMs} ms`,
          `${r.vsIdeal}× ideal, ${r.vsNaive}× faster than naive`,
          String(r.target),
          `${r.peakRssMb} MB`,
        ],
      ];
    case 'detect':
      return [
        [
          'detect',
          `${r.events} evidence records → ${r.findings} findings (${r.verdict})`,
          `${r.detectMs} ms (storing them took ${r.storeMs} ms)`,
          Number(r.detectMs) < 5000 && Number(r.peakRssMb) < 1024 ? 'meets target' : 'misses target',
          String(r.target),
          `${r.peakRssMb} MB`,
        ],
      ];
    case 'timeline-ui':
      return [
        [
          'timeline: first rows',
          `${r.events} events; baseline ${r.baselineEvents}; load ${r.baselineLoad} → ${r.load} on ${r.cpus} CPUs`,
          `cold ${r.firstRowsColdMs} ms, p50 ${r.firstRowsP50Ms} ms, max ${r.firstRowsMaxMs} ms; baseline p50 ${r.baselineFirstRowsP50Ms} ms`,
          `ratio ${r.firstRowsRatio}, ${meets(r.meetsFirstRows)}`,
          '< 200 ms after the case opens',
          '',
        ],
        [
          'timeline: filter',
          `${r.filters} filter/search changes${Number(r.filterTimeouts) > 0 ? `, ${r.filterTimeouts} not shown in 30 s` : ''}`,
          `rows p50 ${r.filterP50Ms} / p95 ${r.filterP95Ms} ms (count p95 ${r.filterCountP95Ms} ms); baseline p95 ${r.baselineFilterP95Ms} ms; slowest: ${r.filterSlowest}`,
          `ratio ${r.filterP95Ratio}, ${meets(r.meetsFilter)}`,
          '< 150 ms at p95',
          '',
        ],
        [
          'timeline: scroll',
          `${r.frames} frames, to row ${r.scrolledRows}`,
          `p95 ${r.frameP95Ms} ms, max ${r.frameMaxMs} ms, ${r.longFrames} > 50 ms, ${r.longTasks} long tasks; baseline p95 ${r.baselineFrameP95Ms} ms, ${r.baselineLongFrames} > 50 ms`,
          `ratio ${r.frameP95Ratio}, ${meets(r.meetsScroll)}`,
          'no frames > 50 ms',
          '',
        ],
        [
          'timeline: memory',
          'case open, filtered, scrolled',
          `main ${r.mainRssMb} MB, renderer ${r.rendererRssMb} MB (JS heap ${r.jsHeapMb} MB); baseline ${r.baselineMainRssMb} / ${r.baselineRendererRssMb} MB`,
          `ratios ${r.mainRssRatio} / ${r.rendererRssRatio}, ${meets(r.meetsMemory)}`,
          'main < 500 MB, renderer < 300 MB',
          `main ${r.mainPeakMb} / renderer ${r.rendererPeakMb} MB`,
        ],
      ];
    case 'ip-intel':
      return [
        [
          'ip-intel',
          `${r.lookups} uncached lookups (${r.withAsn} with an ASN); data loaded in ${r.loadMs} ms`,
          `${r.lookupMs} ms (${r.perLookupUs} µs each) vs a Map lookup ${r.baselineMs} ms`,
          `ratio ${r.ratio}, ${meets(r.meets)}`,
          String(r.target),
          `${r.peakRssMb} MB`,
        ],
      ];
    default:
      return [[String(r.task), 'FAILED', String(r.error ?? 'failed'), '', '', '']];
  }
});
const headers = ['task', 'workload', 'time', 'result', 'target', 'peak RSS'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(headers));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

mkdirSync(join(here, 'results'), { recursive: true });
const latest = join(here, 'results', 'latest.json');
// A run of some tasks replaces just their results: the others' stay (each task has its own baseline).
let kept: Result[] = [];
if (only.length > 0) {
  try {
    const ran = new Set(results.map((r) => r.task));
    kept = (JSON.parse(readFileSync(latest, 'utf8')) as { results: Result[] }).results.filter((r) => !ran.has(r.task));
  } catch {
    kept = [];
  }
}
writeFileSync(
  latest,
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results: [...kept, ...results] }, null, 2)}\n`,
);
console.log(`\nwritten: bench/results/latest.json`);
