#!/usr/bin/env node
// The `clearance` command. Runs the TypeScript sources directly with Node's built-in type stripping,
// so it works straight after `npm ci` with no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `clearance: Node.js 24 or newer is required (this is ${process.version}). ` +
      'See README.md, "Install", for how to get Node 24.\n',
  );
  process.exit(2);
}
const { runCli } = await import('../src/main/cli/main.ts');
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
