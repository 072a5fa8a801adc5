// `npm start`: the desktop app when the Electron binary is here, otherwise browser mode, said plainly.
// `npm run start:browser` (or `--browser`) goes straight to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from './lib/electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`Clearance needs Node.js 24 or newer; this is ${process.version}. See README.md, "Install".`);
  process.exit(1);
}

function build() {
  console.log('Building the user interface…');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) {
    console.error('The build failed; see the errors above.');
    process.exit(result.status ?? 1);
  }
}

/** Runs a child in the foreground, passing Ctrl+C and termination through. */
function runForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = forceBrowser ? null : electronBinaryPath(root);
build();
if (electron) {
  console.log('Starting the Clearance desktop app…');
  runForeground(electron, ['.', ...passThrough]);
} else {
  if (!forceBrowser) {
    console.log(
      'Electron is not available on this machine (its binary was never downloaded); starting Clearance in browser mode instead.',
    );
  }
  runForeground(process.execPath, [join(root, 'bin', 'clearance.mjs'), 'serve', ...passThrough]);
}
