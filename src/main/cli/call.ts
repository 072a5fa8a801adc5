import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { translate } from '../../shared/i18n/index.ts';
import { createApp, type App } from '../app/create-app.ts';
import { localActor } from '../core/data-dir.ts';
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
  const result = await callResult(app, command, output, method, input);
  return result.ok ? result.value : null;
}

/** `call`, answering with the error's code on a refusal, for commands whose exit code depends on it. */
export async function callResult<M extends MethodName>(
  app: App,
  command: string,
  output: Output,
  method: M,
  input: MethodInput<M>,
): Promise<{ ok: true; value: MethodOutput<M> } | { ok: false; code: ErrorCode }> {
  const result = await app.dispatch(method, input);
  if (result.ok) return { ok: true, value: result.value as MethodOutput<M> };
  const { code, message, params, issues, ref } = result.error;
  // An internal error carries its log reference beside the params, and its message names it.
  output.err(`clearance ${command}: ${printable(translate(message, { ...params, ...(ref ? { ref } : {}) }))}`);
  for (const line of describeIssues(issues)) output.err(line);
  return { ok: false, code };
}

/**
 * The app as a CLI command runs it: on `--data-dir` when given, with a tenant when the command needs one.
 * What it writes to a case log is signed "(cli)", so the log says which entries came from the terminal.
 */
export function cliApp(dataDir: string | undefined, tenant?: TenantConnection): App {
  return createApp({
    mode: 'cli',
    actor: `${localActor()} (cli)`,
    ...(tenant ? { tenant } : {}),
    ...(dataDir ? { dataDir } : {}),
  });
}
