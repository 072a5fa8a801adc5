import type { App } from '../app/create-app.ts';
import { DEFAULT_DEMO_SCENARIO } from '../emulator/scenario/resolve.ts';
import { builtInScenarioFor } from '../emulator/scenario/for-user.ts';
import { startDemoTenant } from '../tenant/demo-tenant.ts';
import { callResult, cliApp } from './call.ts';
import type { Output } from './output.ts';

/** Prints the sign-in prompts (a device code, the address opened) as the app asks; returns the unsubscribe. */
export function printSignIn(app: App, output: Output): () => void {
  return app.events.subscribe((event) => {
    if (event.name !== 'tenant.signIn') return;
    const { message, url } = event.payload;
    if (message) output.err(message);
    if (url) output.err(`Sign in: ${url}`);
  });
}

/**
 * The app a command works on a tenant with. "demo" composes it with the built-in emulator (the user's
 * own scenario unless one is named); anything else is a saved profile, connected through the dispatch
 * (`tenant.connect`) exactly as the UI connects, sign-in prompts on stderr. When there is no such
 * profile (or the profile schema refuses it) or the sign-in fails, the reason is printed and the answer
 * says which.
 */
export async function openTenantApp(
  command: string,
  options: { tenant: string; scenario?: string; dataDir?: string; user: string },
  output: Output,
): Promise<App | 'no-profile' | 'failed'> {
  if (options.tenant === 'demo')
    return cliApp(
      options.dataDir,
      await startDemoTenant(options.scenario ?? builtInScenarioFor(options.user) ?? DEFAULT_DEMO_SCENARIO),
    );
  const app = cliApp(options.dataDir);
  const stop = printSignIn(app, output);
  const connected = await callResult(app, command, output, 'tenant.connect', { name: options.tenant });
  stop();
  if (connected.ok) return app;
  await app.close();
  return connected.code === 'not_found' || connected.code === 'invalid_input' ? 'no-profile' : 'failed';
}
