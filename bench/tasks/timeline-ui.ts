// The timeline in the real UI on a million-event case: the large scenario stored as evidence in a case made
// the way the app makes one (CaseService, a collection run, then normalise + detect), served by the real
// `clearance serve`, driven in Debian's Chromium. Measured inside the page: first rows after the case opens,
// filter and search latency, frame times while scrolling; then the memory of the server (main) process and
// of the renderer. The same measurements on the same generator at 1/100 scale are the baseline taken in
// this run, so every figure is also a ratio: keyset paging should keep the timeline's cost flat in case size.
// It measures the renderer as built in out/renderer (built here only when missing: run `npm run build` after
// changing the UI) and reads the page through the timeline's test ids: timeline, timeline-count,
// timeline-rows (rows: .timeline-row, loaded ones with .t-time), timeline-search, timeline-source.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.ts';
import { createApp } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { expandGenerated } from '../../src/main/emulator/scenario/generate.ts';
import { parseScenario } from '../../src/main/emulator/scenario/load.ts';
import { redetect } from '../../src/main/investigation/investigate.ts';
import type { SourceId } from '../../src/shared/domain/investigation.ts';
import { report, scenarioSources, storeAsCollection } from './common.ts';
import { startServer, stopServer } from '../../tests/support/serve.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCENARIO = join(ROOT, 'resources', 'scenarios', 'large.json');
// The large case's generator scale (1: the scenario as written, ~1.04 M events); the baseline is 1/100 of it.
const LARGE_SCALE = Number(process.argv[2] ?? 1);
const SMALL_SCALE = LARGE_SCALE / 100;
const OPENS = 5; // first-rows samples: the first is cold (the server opens the case file), then reloads
const SCROLL_MS = 4000;
const OPEN_TIMEOUT_MS = 60_000; // no rows by then: the task fails, saying what the page showed
const FILTER_TIMEOUT_MS = 30_000; // a filter change still not shown counts as this long
const FILTER_BUDGET_MS = 150_000; // the filter steps stop early past this (a very slow build), saying so
const TASK_TIMEOUT_MS = 9 * 60_000;

// Filter changes, applied in order, one control at a time (the search box or the source select). Every
// resulting filter is new to the page (none repeats, none is the unfiltered list), so no answer comes from
// React Query's cache.
const STEPS: ReadonlyArray<{ search?: string; source?: SourceId | '' }> = [
  { source: 'signIns' },
  { search: 'Copenhagen' },
  { source: '' },
  { search: 'Aarhus' },
  { source: 'signIns' },
  { search: 'Teams' },
  { source: '' },
  { search: 'MailItemsAccessed' },
  { source: 'auditLog' },
  { search: 'SoftDelete' },
  { search: '' },
  { source: 'messageTrace' },
  { search: 'parcel' },
  { source: '' },
  { search: 'forecast' },
  { source: 'sentItems' },
  { search: '' },
  { source: 'directoryAudits' },
  { search: 'license' },
  { source: '' },
  { search: '41.58.102.9' },
  { search: '62.107.50.23' },
];

// ---- cleanup, whatever happens ---------------------------------------------------------------------------

const dirs: string[] = [];
const servers: ChildProcess[] = [];
// Playwright closes the browsers it launched when this process exits.
process.on('exit', () => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
setTimeout(() => {
  process.stderr.write(`timeline-ui: gave up after ${TASK_TIMEOUT_MS / 60_000} minutes\n`);
  process.exit(1);
}, TASK_TIMEOUT_MS).unref();

// ---- the case ----------------------------------------------------------------------------------------------

interface Prepared {
  dir: string;
  caseId: string;
  evidence: number;
  events: number;
  prepareMs: number;
}

type Counts = Record<string, unknown>;

/** The large scenario, its generator scaled, stored and normalised into a new case in a fresh data folder. */
async function prepare(scale: number): Promise<Prepared> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'clearance-bench-timeline-'));
  dirs.push(dir);
  const data = JSON.parse(readFileSync(SCENARIO, 'utf8')) as {
    generate: { noise: Counts[]; bursts: Counts[] };
  };
  const scaled = (n: unknown) => (typeof n === 'number' ? Math.max(1, Math.round(n * scale)) : n);
  for (const noise of data.generate.noise)
    for (const key of ['signIns', 'directoryAudits', 'auditRecords', 'messageTraces', 'sentItems'])
      noise[key] = scaled(noise[key]);
  for (const burst of data.generate.bursts) burst.count = scaled(burst.count);
  const scenario = expandGenerated(parseScenario(data, SCENARIO));
  const user = scenario.users[0]!;

  const app = createApp({ mode: 'cli', dataDir: dir, actor: 'bench', logger: silentLogger });
  try {
    const created = await app.dispatch('cases.create', {
      upn: String(user.user.userPrincipalName),
      tenant: 'large.example',
      blockedAt: new Date(scenario.scenario.anchor).toISOString(),
    });
    if (!created.ok) throw new Error(`cases.create: ${JSON.stringify(created.error)}`);
    const caseId = (created.value as { id: string }).id;
    const file = app.cases.caseFile(caseId);
    const store = file.investigation;
    // As a collection run stores what it fetched: pages of evidence per source, then the run finished.
    const evidence = storeAsCollection(store, String(user.user.id), scenarioSources(scenario));
    (globalThis as { gc?: () => void }).gc?.();
    // Then what the app does after a collection or an import: the timeline from the evidence, detection.
    const { events } = redetect(file, 'bench');
    app.cases.noteAppended(caseId);
    return { dir, caseId, evidence, events, prepareMs: Math.round(performance.now() - started) };
  } finally {
    await app.close();
    (globalThis as { gc?: () => void }).gc?.();
  }
}

// ---- the server and the browser -------------------------------------------------------------------------

async function startBenchServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const { server, child } = await startServer(dataDir, ['--no-demo'], 30_000);
  servers.push(child);
  return { child, url: server.url };
}

/** Resident and peak resident memory of a process, in MB, from /proc. */
function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

// ---- in the page -------------------------------------------------------------------------------------------

// Just the DOM this file touches (the node tsconfig has no DOM library); the functions below run in the page.
interface PageElement {
  readonly textContent: string | null;
  readonly className: string;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly offsetHeight: number;
  querySelector(selector: string): PageElement | null;
  dispatchEvent(event: unknown): boolean;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null; body: PageElement };
  location: { hash: string };
  Event: new (type: string, init: { bubbles: boolean }) => unknown;
  HTMLInputElement: { prototype: object };
  HTMLSelectElement: { prototype: object };
  MutationObserver: new (callback: () => void) => {
    observe(target: PageElement, options: { childList: boolean; subtree: boolean; characterData: boolean }): void;
    disconnect(): void;
  };
  PerformanceObserver: new (callback: (list: { getEntries(): Array<{ duration: number }> }) => void) => {
    observe(options: { type: string }): void;
    disconnect(): void;
  };
  requestAnimationFrame(callback: (time: number) => void): number;
}
type Timing = { rowsMs: number; countMs: number; timedOut?: boolean };

/** Opens the case by its route, as a click in the case list does; times first rows and the count. */
function openCase({ hash, timeout }: { hash: string; timeout: number }): Promise<Timing> {
  const w = globalThis as unknown as PageGlobals;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let rowsMs = -1;
    let countMs = -1;
    const check = () => {
      const now = performance.now() - t0;
      if (rowsMs < 0 && w.document.querySelector('[data-testid="timeline-rows"] .timeline-row .t-time')) rowsMs = now;
      if (countMs < 0 && w.document.querySelector('[data-testid="timeline-count"]')?.textContent) countMs = now;
      if (rowsMs >= 0 && countMs >= 0) {
        observer.disconnect();
        clearTimeout(timer);
        resolve({ rowsMs, countMs });
      }
    };
    const observer = new w.MutationObserver(check);
    observer.observe(w.document.body, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      const timeline = w.document.querySelector('[data-testid="timeline"]');
      const shown = timeline
        ? `timeline: "${timeline.textContent?.slice(0, 300)}"`
        : `no timeline: "${w.document.body.textContent?.slice(0, 300)}"`;
      reject(new Error(`no timeline rows ${timeout} ms after opening the case; ${shown}`));
    }, timeout);
    w.location.hash = hash;
  });
}

/**
 * Changes one filter control as the analyst would (the input event React listens to) and times, from that
 * event, until the list shows the new filter's rows (or its "no events" line) and until the count shows.
 * A new filter first empties the list and the count (its query is pending), so the old rows cannot pass.
 */
function applyFilter({
  step,
  timeout,
}: {
  step: { search?: string; source?: string };
  timeout: number;
}): Promise<Timing> {
  const w = globalThis as unknown as PageGlobals;
  const root = w.document.querySelector('[data-testid="timeline"]')!;
  const list = root.querySelector('[data-testid="timeline-rows"]')!;
  const count = root.querySelector('[data-testid="timeline-count"]')!;
  const search = step.search !== undefined;
  const control = root.querySelector(search ? '[data-testid="timeline-search"]' : '[data-testid="timeline-source"]')!;
  const prototype = search ? w.HTMLInputElement.prototype : w.HTMLSelectElement.prototype;
  // The native setter: React's value tracker then sees the change as a user's.
  const setValue = (value: unknown) => Reflect.set(prototype, 'value', value, control);
  return new Promise((resolve) => {
    let rowsCleared = false;
    let countCleared = false;
    let rowsMs = -1;
    let countMs = -1;
    let t0 = 0;
    const check = () => {
      const now = performance.now() - t0;
      const first = list.querySelector('.timeline-row');
      const empty = root.querySelector(':scope > p:not([role]):not([class])'); // "No events match."
      if (!first && !empty) rowsCleared = true;
      else if (rowsCleared && rowsMs < 0 && (empty || first?.querySelector('.t-time'))) rowsMs = now;
      if (!count.textContent) countCleared = true;
      else if (countCleared && countMs < 0) countMs = now;
      if (rowsMs >= 0 && countMs >= 0) {
        observer.disconnect();
        clearTimeout(timer);
        resolve({ rowsMs, countMs });
      }
    };
    const observer = new w.MutationObserver(check);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve({ rowsMs: rowsMs < 0 ? timeout : rowsMs, countMs: countMs < 0 ? timeout : countMs, timedOut: true });
    }, timeout);
    t0 = performance.now();
    setValue(search ? step.search : step.source);
    control.dispatchEvent(new w.Event(search ? 'input' : 'change', { bubbles: true }));
  });
}

/**
 * Scrolls the list for `durationMs`: 300 px a frame (a fast fling, ~530 rows a second), and every 60th frame a
 * jump to the end of what is loaded, which makes the list fetch the next window. Records every frame's
 * interval (requestAnimationFrame timestamps), long tasks, and frames where a not-yet-loaded row was rendered.
 */
function scrollList(durationMs: number): Promise<{
  frames: number[];
  longTasks: number[];
  placeholderFrames: number;
  reachedRow: number;
}> {
  const w = globalThis as unknown as PageGlobals;
  const list = w.document.querySelector('[data-testid="timeline-rows"]')!;
  const longTasks: number[] = [];
  const observer = new w.PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return new Promise((resolve) => {
    const frames: number[] = [];
    let placeholderFrames = 0;
    let start = -1;
    let last = -1;
    let frame = 0;
    const step = (time: number) => {
      if (start < 0) start = time;
      if (last >= 0) frames.push(time - last);
      last = time;
      frame++;
      if (list.querySelector('.timeline-row > .muted')) placeholderFrames++;
      if (time - start >= durationMs) {
        // Long tasks are reported after they end: give the last ones a moment to arrive.
        setTimeout(() => {
          observer.disconnect();
          const rowHeight = list.querySelector('.timeline-row')?.offsetHeight ?? 0;
          resolve({ frames, longTasks, placeholderFrames, reachedRow: Math.round(list.scrollTop / (rowHeight || 1)) });
        }, 200);
        return;
      }
      if (frame % 60 === 0) list.scrollTop = list.scrollHeight;
      else list.scrollTop += 300;
      w.requestAnimationFrame(step);
    };
    w.requestAnimationFrame(step);
  });
}

// ---- one case, measured -----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

interface Measured {
  firstRowsColdMs: number;
  firstRowsP50Ms: number;
  firstRowsMaxMs: number;
  firstCountP50Ms: number;
  filterP50Ms: number;
  filterP95Ms: number;
  filterMaxMs: number;
  filterSlowest: string;
  filterCountP50Ms: number;
  filterCountP95Ms: number;
  filters: number;
  filterTimeouts: number;
  frames: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  longFrames: number;
  longTasks: number;
  longTaskMaxMs: number;
  placeholderFrames: number;
  scrolledRows: number;
  mainRssMb: number;
  mainPeakMb: number;
  rendererRssMb: number;
  rendererPeakMb: number;
  jsHeapMb: number;
  /** The machine's 1-minute load average when this case's measurements ended: other work skews timings. */
  load: number;
}

async function measure(prepared: Prepared): Promise<Measured> {
  const { child, url } = await startBenchServer(prepared.dir);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(OPEN_TIMEOUT_MS);
    // Each measurement starts with no API call in flight (the last one's slowest query is not charged to
    // the next); the event stream (/api/events) stays open and is not counted.
    let inFlight = 0;
    const isCall = (request: { url(): string }) => request.url().includes('/api/call/');
    page.on('request', (r) => void (isCall(r) && inFlight++));
    page.on('requestfinished', (r) => void (isCall(r) && inFlight--));
    page.on('requestfailed', (r) => void (isCall(r) && inFlight--));
    const quiet = async () => {
      const start = Date.now();
      let idleSince = Date.now();
      while (Date.now() - start < OPEN_TIMEOUT_MS) {
        if (inFlight > 0) idleSince = Date.now();
        else if (Date.now() - idleSince >= 300) return;
        await sleep(50);
      }
    };
    const caseLink = page.locator(`a[href="#/cases/${prepared.caseId}"]`);
    const hash = `#/cases/${prepared.caseId}`;

    // First rows: the case opened from the case list, cold (the server has not opened the case file yet),
    // then after reloads of the app (a new renderer state, the server's file warm).
    const opens: Timing[] = [];
    for (let i = 0; i < OPENS; i++) {
      if (i === 0) await page.goto(url);
      else {
        await page.evaluate(() => ((globalThis as unknown as PageGlobals).location.hash = '#/cases'));
        await page.reload();
      }
      await caseLink.waitFor();
      await quiet();
      opens.push(await page.evaluate(openCase, { hash, timeout: OPEN_TIMEOUT_MS }));
      await quiet();
    }

    // Filter and search latency.
    const filters: Timing[] = [];
    const filtersStarted = Date.now();
    for (const step of STEPS) {
      if (Date.now() - filtersStarted > FILTER_BUDGET_MS) break;
      filters.push(await page.evaluate(applyFilter, { step, timeout: FILTER_TIMEOUT_MS }));
      await quiet();
    }
    // Back to the whole case (a cached filter: the list shows at once and refreshes behind).
    await page.getByTestId('timeline-search').fill('');
    await page.getByTestId('timeline-source').selectOption('');
    await page.locator('[data-testid="timeline-rows"] .timeline-row .t-time').first().waitFor();
    await quiet();

    // Scrolling.
    const scroll = await page.evaluate(scrollList, SCROLL_MS);
    await sleep(500);

    // Memory with the case open, filtered and scrolled: the server (main) process and the page's renderer
    // (of Chromium's renderer processes, the largest: the others are spare or utility frames), after a
    // garbage collection so that the figure is what the open case holds, not what a scroll left behind.
    // Peaks (VmHWM) are reported beside it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(1000);
    await cdp.send('Performance.enable');
    const metrics = await cdp.send('Performance.getMetrics');
    const jsHeap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const info = await (await browser.newBrowserCDPSession()).send('SystemInfo.getProcessInfo');
    const renderers = info.processInfo
      .filter((p) => p.type === 'renderer' && existsSync(`/proc/${p.id}/status`))
      .map((p) => memory(p.id));
    const renderer = renderers.sort((a, b) => b.rssMb - a.rssMb)[0] ?? { rssMb: NaN, peakMb: NaN };
    const main = memory(child.pid!);

    const rows = filters.map((f) => f.rowsMs);
    const slowest = rows.indexOf(Math.max(...rows));
    const slowestStep = Object.entries(STEPS[slowest]!)
      .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
      .join(', ');
    const counts = filters.map((f) => f.countMs);
    const firsts = opens.map((o) => o.rowsMs);
    return {
      firstRowsColdMs: round(firsts[0]!),
      firstRowsP50Ms: round(percentile(firsts, 50)),
      firstRowsMaxMs: round(Math.max(...firsts)),
      firstCountP50Ms: round(
        percentile(
          opens.map((o) => o.countMs),
          50,
        ),
      ),
      filterP50Ms: round(percentile(rows, 50)),
      filterP95Ms: round(percentile(rows, 95)),
      filterMaxMs: round(Math.max(...rows)),
      filterSlowest: slowestStep,
      filterCountP50Ms: round(percentile(counts, 50)),
      filterCountP95Ms: round(percentile(counts, 95)),
      filters: filters.length,
      filterTimeouts: filters.filter((f) => f.timedOut).length,
      frames: scroll.frames.length,
      frameP50Ms: round(percentile(scroll.frames, 50)),
      frameP95Ms: round(percentile(scroll.frames, 95)),
      frameMaxMs: round(Math.max(...scroll.frames)),
      longFrames: scroll.frames.filter((f) => f > 50).length,
      longTasks: scroll.longTasks.length,
      longTaskMaxMs: round(Math.max(0, ...scroll.longTasks)),
      placeholderFrames: scroll.placeholderFrames,
      scrolledRows: scroll.reachedRow,
      mainRssMb: main.rssMb,
      mainPeakMb: main.peakMb,
      rendererRssMb: renderer.rssMb,
      rendererPeakMb: renderer.peakMb,
      jsHeapMb: Math.round(jsHeap / 1024 / 1024),
      load: round(loadavg()[0]!),
    };
  } finally {
    await browser.close();
    await stopServer(child);
  }
}

// ---- the run ---------------------------------------------------------------------------------------------

if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('timeline-ui: building the renderer (electron-vite build)…\n');
  const build = spawn('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((r) => build.on('exit', r));
  if (code !== 0) throw new Error(`electron-vite build failed (exit ${code})`);
}

const large = await prepare(LARGE_SCALE);
const small = await prepare(SMALL_SCALE);
const baseline = await measure(small);
const measured = await measure(large);

type Figure = { [K in keyof Measured]: Measured[K] extends number ? K : never }[keyof Measured];
const ratio = (key: Figure) => (baseline[key] > 0 ? Number((measured[key] / baseline[key]).toFixed(2)) : null);
const prefixed = (prefix: string, m: Measured) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));

report({
  task: 'timeline-ui',
  events: large.events,
  evidence: large.evidence,
  prepareMs: large.prepareMs,
  baselineEvents: small.events,
  cpus: availableParallelism(),
  ...measured,
  ...prefixed('baseline', baseline),
  firstRowsRatio: ratio('firstRowsP50Ms'),
  filterP95Ratio: ratio('filterP95Ms'),
  frameP95Ratio: ratio('frameP95Ms'),
  mainRssRatio: ratio('mainRssMb'),
  rendererRssRatio: ratio('rendererRssMb'),
  meetsFirstRows: measured.firstRowsMaxMs < 200,
  meetsFilter: measured.filterP95Ms < 150,
  meetsScroll: measured.longFrames === 0,
  meetsMemory: measured.mainRssMb < 500 && measured.rendererRssMb < 300,
  target:
    'first rows < 200 ms after the case opens; filter/search < 150 ms p95; no frames > 50 ms while scrolling; main < 500 MB, renderer < 300 MB',
});
process.exit(0);
