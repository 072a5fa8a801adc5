import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../core/paths.ts';

/** Built-in scenarios by name (`contoso`, `fabrikam`, `large`), or any path to a scenario file. */
export function resolveScenarioPath(nameOrPath: string): string {
  const builtIn = join(packageRoot(), 'resources', 'scenarios', `${nameOrPath}.json`);
  if (/^[a-z0-9-]+$/i.test(nameOrPath) && existsSync(builtIn)) return builtIn;
  return resolve(nameOrPath);
}

export const DEFAULT_DEMO_SCENARIO = 'contoso';
