// `npm run bench`: each task in its own process (so its peak memory is its own), a readable table, and
// the same figures as JSON in bench/results/latest.json. Figures are ratios against baselines measured
// in the same run, never absolute timings asserted in tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Result = Record<string, string | number | boolean | null>;

const here = import.meta.dirname;
const tasks: Array<[string, string[]]> = [
  ['ingest', ['200000']],
  ['collect', ['60']],
  ['collect-large', ['40', '2']],
  ['detect', ['prepare']],
];

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

const rows = results.map((r) => {
  switch (r.task) {
    case 'ingest':
      return [
        'ingest',
        `${r.events} events`,
        `${r.clearanceMs} ms vs raw ${r.baselineMs} ms`,
        `ratio ${r.ratio}`,
        String(r.target),
        `${r.peakRssMb} MB`,
      ];
    case 'collect':
      return [
        'collect',
        `${r.records} records / ${r.pages} pages, ${r.latencyMs} ms latency`,
        `${r.clearanceMs} ms vs naive ${r.naiveMs} ms`,
        `${r.speedup}× faster`,
        String(r.target),
        `${r.peakRssMb} MB`,
      ];
    case 'collect-large':
      return [
        'collect (large)',
        `${r.records} records / ${r.requests} requests, ${r.days} days, ${r.latencyMs} ms latency`,
        `${r.clearanceMs} ms; ideal ${r.idealMs} ms; naive ${r.naiveMs} ms`,
        `${r.vsIdeal}× ideal, ${r.vsNaive}× faster than naive`,
        String(r.target),
        `${r.peakRssMb} MB`,
      ];
    case 'detect':
      return [
        'detect',
        `${r.events} evidence records → ${r.findings} findings (${r.verdict})`,
        `${r.detectMs} ms (storing them took ${r.storeMs} ms)`,
        Number(r.detectMs) < 5000 && Number(r.peakRssMb) < 1024 ? 'meets target' : 'misses target',
        String(r.target),
        `${r.peakRssMb} MB`,
      ];
    default:
      return [String(r.task), 'FAILED', String(r.error ?? 'failed'), '', '', ''];
  }
});
const headers = ['task', 'workload', 'time', 'result', 'target', 'peak RSS'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(headers));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
console.log(`\nwritten: bench/results/latest.json`);
