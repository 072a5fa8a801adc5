import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.ts';

export interface EmulatorReady {
  graphBaseUrl: string;
  tenantId: string;
  msal: { authority: string; knownAuthorities: string[]; authorityMetadata: string };
}

/** Runs `clearance emulator … --ready-json` as its own process and waits for its connection details. */
export async function spawnEmulator(args: string[]): Promise<{ child: ChildProcess; ready: EmulatorReady }> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args, '--ready-json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  return { child, ready: JSON.parse(line) as EmulatorReady };
}
