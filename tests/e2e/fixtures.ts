import { spawn, type ChildProcess } from 'node:child_process';
import { test as base, expect } from '@playwright/test';
import { CLI } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';

export interface BrowserModeServer {
  origin: string;
  url: string;
  token: string;
  dataDir: string;
}

/**
 * Starts the real `clearance serve` (browser mode) on a fresh data folder and waits until it is ready;
 * `args` go to `serve` as they are, e.g. `['--scenario', file]`.
 */
export async function startServer(
  dataDir: string,
  args: readonly string[] = [],
): Promise<{ server: BrowserModeServer; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--no-open', '--ready-json', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = await new Promise<BrowserModeServer>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready":true'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as BrowserModeServer);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  return { server, child };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const test = base.extend<{ server: BrowserModeServer; dataDir: string; serveArgs: readonly string[] }>({
  /** Extra `clearance serve` arguments for a file's tests: `test.use({ serveArgs: ['--scenario', file] })`. */
  serveArgs: [[], { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern
  dataDir: async ({}, use) => {
    const tmp = makeTempDir('clearance-e2e-');
    await use(tmp.dir);
    tmp.cleanup();
  },
  server: async ({ dataDir, serveArgs }, use) => {
    const { server, child } = await startServer(dataDir, serveArgs);
    await use(server);
    await stopServer(child);
  },
});

export { expect };
