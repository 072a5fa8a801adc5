import { connectProfile } from '../auth/connect.ts';
import { DEFAULT_DEMO_SCENARIO } from '../emulator/scenario/resolve.ts';
import { builtInScenarioFor } from '../emulator/scenario/for-user.ts';
import { openInDefaultBrowser } from '../server/open-browser.ts';
import { startDemoTenant } from '../tenant/demo-tenant.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { profileStore } from './commands/tenant.ts';
import { printable, type Output } from './output.ts';

/**
 * The tenant a command works on: "demo" starts the built-in emulator (the user's own scenario unless one
 * is named), anything else is a saved profile, signed in with prompts on stderr. When there is no such
 * profile or the sign-in fails, the reason is printed and the answer says which.
 */
export async function connectTenant(
  command: string,
  options: { tenant: string; scenario?: string; dataDir?: string; user: string },
  output: Output,
): Promise<TenantConnection | 'no-profile' | 'failed'> {
  if (options.tenant === 'demo')
    return startDemoTenant(options.scenario ?? builtInScenarioFor(options.user) ?? DEFAULT_DEMO_SCENARIO);
  const store = profileStore(options.dataDir);
  const profile = store.get(options.tenant);
  if (!profile) {
    output.err(
      `clearance ${command}: no tenant profile "${options.tenant}" (see \`clearance tenant list\`), and it is not "demo"`,
    );
    return 'no-profile';
  }
  try {
    return await connectProfile(profile, store, {
      openBrowser: (url) => {
        output.err(`Sign in: ${url}`);
        openInDefaultBrowser(url);
        return Promise.resolve();
      },
      onDeviceCode: (message) => output.err(message),
    });
  } catch (error) {
    output.err(
      `clearance ${command}: could not connect to ${options.tenant}: ${printable(error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unknown error')}`,
    );
    return 'failed';
  }
}
