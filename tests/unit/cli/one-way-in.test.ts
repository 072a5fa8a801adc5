import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const COMMANDS = join(import.meta.dirname, '..', '..', '..', 'src', 'main', 'cli', 'commands');

/**
 * `serve` starts a transport (the HTTP bridge) and `emulator` a separate program: neither calls a
 * service, and both are what other code is dispatched through or against.
 */
const LAUNCHERS = new Set(['serve.ts', 'emulator.ts']);

/** What a command may import at run time: the dispatch, the printing, the shared contract and domain. */
function allowed(specifier: string): boolean {
  return (
    specifier === 'commander' ||
    specifier.startsWith('node:') ||
    /^\.\.\/(call|output|import-progress|connect-tenant)\.ts$/.test(specifier) ||
    /^\.\/[a-z-]+\.ts$/.test(specifier) ||
    specifier.startsWith('../../../shared/')
  );
}

/** The run-time imports of a module (`import type` erases, so it reaches no service). */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm))
    if (!match[1]) found.push(match[2]!);
  for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(match[1]!);
  return found;
}

function forbiddenIn(source: string): string[] {
  return runtimeImports(source).filter((s) => !allowed(s));
}

describe('one way in: CLI commands reach the app only through the validated dispatch', () => {
  it('no command module imports a service, a store or the composition root', () => {
    const files = readdirSync(COMMANDS).filter((f) => f.endsWith('.ts') && !LAUNCHERS.has(f));
    expect(files).toEqual(expect.arrayContaining(['investigate.ts', 'import.ts', 'verify.ts', 'tenant.ts']));
    const offending = files.flatMap((f) =>
      forbiddenIn(readFileSync(join(COMMANDS, f), 'utf8')).map((specifier) => `${f}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('catches a service import, a store import and a dynamic import, and lets type imports pass', () => {
    const source = [
      "import type { App } from '../../app/create-app.ts';",
      "import { investigate } from '../../investigation/investigate.ts';",
      "import {\n  verifyCaseFile,\n} from '../../store/case-file/verify.ts';",
      "import { call } from '../call.ts';",
      "import { CaseId } from '../../../shared/domain/identifiers.ts';",
      "const { ProfileStore } = await import('../../auth/profiles.ts');",
    ].join('\n');
    expect(forbiddenIn(source)).toEqual([
      '../../investigation/investigate.ts',
      '../../store/case-file/verify.ts',
      '../../auth/profiles.ts',
    ]);
  });
});
