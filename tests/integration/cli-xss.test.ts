import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runClearance } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { UNPRINTABLE, XSS } from '../support/xss-corpus.ts';
import { PLACED, VICTIM, XSS_SCENARIO } from '../support/xss-scenario.ts';

/** Starts a long-running command, returns what it printed once `until` appears, and stops it. */
function outputUntil(args: string[], until: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`no "${until}" in: ${out}`));
    }, 30_000);
    const read = (d: Buffer) => {
      out += d.toString();
      if (!out.includes(until)) return;
      clearTimeout(timer);
      child.once('exit', () => resolve(out));
      child.kill('SIGTERM');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
}

const unprintableIn = (text: string) => UNPRINTABLE.exec(text)?.[0];

describe('tenant strings from the XSS corpus on the command line', () => {
  it('investigate prints them as inert text: markup literal, control and bidi characters replaced', () => {
    const tmp = makeTempDir();
    try {
      const { code, stdout, stderr } = runClearance([
        'investigate',
        '--user',
        VICTIM.upn,
        '--scenario',
        XSS_SCENARIO,
        '--data-dir',
        tmp.dir,
      ]);
      expect(code, stderr).toBe(3);
      expect(unprintableIn(stdout)).toBeUndefined();
      expect(unprintableIn(stderr)).toBeUndefined();
      expect(stderr).toContain(`in Contoso ${XSS.scriptTag} invoice\uFFFDfdp.exe`);
      expect(stdout).toContain(`Inbox rule “${PLACED.forwardRule}” forwards mail outside the organisation`);
      expect(stdout).toContain(`“${PLACED.markReadRule}” hides incoming mail`);
    } finally {
      tmp.cleanup();
    }
  }, 60_000);

  it('serve and emulator name the scenario and tenant without passing control characters through', async () => {
    const tmp = makeTempDir();
    try {
      const serve = await outputUntil(
        ['serve', '--no-open', '--scenario', XSS_SCENARIO, '--data-dir', tmp.dir],
        'Press Ctrl+C',
      );
      expect(serve).toContain('Demo tenant: Contoso');
      expect(unprintableIn(serve)).toBeUndefined();
      const emulator = await outputUntil(['emulator', '--scenario', XSS_SCENARIO], 'Press Ctrl+C');
      expect(emulator).toContain('Microsoft 365 emulator: "XSS corpus');
      expect(unprintableIn(emulator)).toBeUndefined();
    } finally {
      tmp.cleanup();
    }
  }, 60_000);

  it('import prints a received file’s name and its unknown columns as inert text', () => {
    const tmp = makeTempDir();
    try {
      // A folder from someone else: the file's name and its header are theirs.
      const folder = join(tmp.dir, 'received');
      mkdirSync(folder);
      writeFileSync(join(folder, 'log\u001b[2J\u202egpj.csv'), '\u001b]0;owned\u0007When,\u202eWho\r\n1,2\r\n');
      const file = join(folder, 'log\u001b[2J\u202egpj.csv');
      // Named directly (refused as an unknown layout) and inside a folder (listed as not read).
      for (const target of [file, folder]) {
        const { stdout, stderr } = runClearance([
          'import',
          target,
          '--user',
          'anna@contoso.com',
          '--tenant',
          'contoso.com',
          '--data-dir',
          join(tmp.dir, 'data'),
        ]);
        expect(unprintableIn(stdout)).toBeUndefined();
        expect(unprintableIn(stderr)).toBeUndefined();
        expect(stdout).toContain('log\uFFFD[2J\uFFFDgpj.csv');
        // Column names are quoted as JSON strings: escapes spelled out, never sent to the terminal.
        expect(stdout).toContain('"\\u001b]0;owned\\u0007When", "\uFFFDWho"');
      }
    } finally {
      tmp.cleanup();
    }
  }, 60_000);
});
