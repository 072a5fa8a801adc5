import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/paths.ts';

/** The built-in scenario whose tenant has the user's domain (so `--tenant demo --user x@fabrikam.com` just works). */
export function builtInScenarioFor(upn: string): string | null {
  const domain = upn.split('@')[1]?.toLowerCase();
  if (!domain) return null;
  const dir = join(packageRoot(), 'resources', 'scenarios');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    try {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        tenant?: { verifiedDomains?: Array<{ name?: string }> };
      };
      if (data.tenant?.verifiedDomains?.some((d) => d.name?.toLowerCase() === domain))
        return file.replace(/\.json$/, '');
    } catch {
      // not a scenario: skip
    }
  }
  return null;
}
