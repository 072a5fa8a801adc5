import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import { translate } from '../../shared/i18n/index.ts';
import { createApp, type App } from '../app/create-app.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { describeIssues, printable, type Output } from './output.ts';

/**
 * Calls the app through the same validated dispatch as the UI, so the CLI gets the same checks and
 * errors. A refusal is printed in words (`clearance <command>: …`) and answered with null.
 */
export async function call<M extends MethodName>(
  app: App,
  command: string,
  output: Output,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M> | null> {
  const result = await app.dispatch(method, input);
  if (result.ok) return result.value as MethodOutput<M>;
  const { message, params, issues, ref } = result.error;
  // An internal error carries its log reference beside the params, and its message names it.
  output.err(`clearance ${command}: ${printable(translate(message, { ...params, ...(ref ? { ref } : {}) }))}`);
  for (const line of describeIssues(issues)) output.err(line);
  return null;
}

/** The app as a CLI command runs it: on `--data-dir` when given, with a tenant when the command needs one. */
export function cliApp(dataDir: string | undefined, tenant?: TenantConnection): App {
  return createApp({ mode: 'cli', ...(tenant ? { tenant } : {}), ...(dataDir ? { dataDir } : {}) });
}
