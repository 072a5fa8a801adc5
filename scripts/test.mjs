// `npm test`: every gate in order — typecheck, lint, unit + integration, build, end-to-end — then one
// closing line with the totals. Later stages still run after a failure so one run shows everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

const stages = [
  ['typecheck (main, preload, shared, tests)', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.node.json']],
  ['typecheck (renderer)', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.web.json']],
  ['lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']],
  ['format', [bin('prettier', 'bin/prettier.cjs'), '--check', '.']],
  ['unit + integration', [bin('vitest', 'vitest.mjs'), 'run']],
  ['build (electron-vite)', [bin('electron-vite', 'bin/electron-vite.js'), 'build']],
  ['end-to-end (Chromium) + Electron smoke', [bin('@playwright/test', 'cli.js'), 'test']],
];

rmSync(join(root, 'test-results'), { recursive: true, force: true });
const failed = [];
for (const [name, args] of stages) {
  if (name.startsWith('end-to-end')) {
    if (failed.some((f) => f.startsWith('build'))) {
      failed.push(`${name} (not run: the build failed)`);
      continue;
    }
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(chromium)) {
      console.log(
        `\n=== ${name} ===\nChromium not found at ${chromium}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
      );
      failed.push(`${name} (not run: no Chromium)`);
      continue;
    }
  }
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) console.log(`--- ${name}: ok (${seconds} s)`);
  else {
    console.log(`--- ${name}: FAILED (${seconds} s)`);
    failed.push(name);
  }
}

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}
let passed = 0;
let failedTests = 0;
let skipped = 0;
const vitest = readJson(join(root, 'test-results', 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failedTests += vitest.numFailedTests ?? 0;
  // A file that fails to load fails no test, but it is a failure all the same.
  failedTests += (vitest.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const playwright = readJson(join(root, 'test-results', 'playwright.json'));
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failedTests += playwright.stats.unexpected ?? 0;
  skipped += playwright.stats.skipped ?? 0;
}

// Say why each skipped end-to-end test was skipped: a skip must never pass silently.
const skips = [];
const walk = (suite) => {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status !== 'skipped') continue;
      const reason = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
      skips.push(`${spec.title}: ${reason}`);
    }
  }
  for (const child of suite.suites ?? []) walk(child);
};
for (const suite of playwright?.suites ?? []) walk(suite);

console.log('');
for (const skip of skips) console.log(`skipped: ${skip}`);
if (failed.length > 0) console.log(`Failed stages: ${failed.join('; ')}`);
if (passed + failedTests === 0) console.log('No test ran.');
console.log(`tests: ${passed} passed, ${failedTests} failed, ${skipped} skipped`);
process.exit(failed.length > 0 || failedTests > 0 || passed === 0 ? 1 : 0);
