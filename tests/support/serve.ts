import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.ts';

/** What `clearance serve --ready-json` prints when it is listening. */
export interface BrowserModeServer {
  origin: string;
  url: string;
  token: string;
  dataDir: string;
}

/**
 * Starts the real `clearance serve` (browser mode) on a data folder and waits until it is ready; `args`
 * go to `serve` as they are, e.g. `['--scenario', file]` or `['--no-demo']`. Shared by the e2e suite and
 * the timeline benchmark, so both drive the app exactly as an analyst starts it.
 */
export async function startServer(
  dataDir: string,
  args: readonly string[] = [],
  timeoutMs = 15_000,
): Promise<{ server: BrowserModeServer; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--no-open', '--ready-json', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = await new Promise<BrowserModeServer>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // a server that never became ready is not left behind
      reject(new Error(`server did not start: ${err}`));
    }, timeoutMs);
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

/** Stops it as Ctrl+C would, and for good after five seconds. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
