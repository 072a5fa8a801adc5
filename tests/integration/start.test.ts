import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('npm start without an Electron binary', () => {
  it('says so in one line, then serves a working UI in browser mode', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-open'], {
      cwd: ROOT,
      // An empty override folder stands for "no binary", also on machines that have one.
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: tmp.dir, CLEARANCE_DATA_DIR: join(tmp.dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 60_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.test(out)) {
            clearTimeout(timer);
            resolve(out);
          }
        });
        child.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${out}`)));
      });
      const fallback = output.split('\n').filter((l) => l.includes('Electron is not available'));
      expect(fallback).toEqual([
        'Electron is not available on this machine (its binary was never downloaded); starting Clearance in browser mode instead.',
      ]);
      const url = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(output)!;
      const page = await fetch(`${url[1]}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
      const info = await fetch(`${url[1]}/api/call/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${url[2]}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(((await info.json()) as { value: { mode: string } }).value.mode).toBe('browser');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
