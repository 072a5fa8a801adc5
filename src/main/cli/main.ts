import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../app/create-app.ts';
import { registerCasesCommands } from './commands/cases.ts';
import { registerEmulatorCommand } from './commands/emulator.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerDetectCommand } from './commands/detect.ts';
import { registerInvestigateCommand } from './commands/investigate.ts';
import { registerTenantCommands } from './commands/tenant.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerRespondCommands } from './commands/respond.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerChecklistCommand } from './commands/checklist.ts';
import { consoleOutput, sanitised, type Output } from './output.ts';

/** Builds the `clearance` command line; tests call `runCli` with their own output sink. */
export function buildProgram(sink: Output, setExit: (code: number) => void): Command {
  // Every command prints through this, so every line reaching the terminal is sanitised (see `sanitised`).
  const output = sanitised(sink);
  const program = new Command('clearance')
    .description('Clearance: incident response for Microsoft 365 accounts blocked for sending spam')
    .version(APP_VERSION)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) })
    .exitOverride();
  registerCasesCommands(program, output, setExit);
  registerVerifyCommand(program, output, setExit);
  registerServeCommand(program, output);
  registerEmulatorCommand(program, output, setExit);
  registerInvestigateCommand(program, output, setExit);
  registerImportCommand(program, output, setExit);
  registerDetectCommand(program, output, setExit);
  registerTenantCommands(program, output, setExit);
  registerRespondCommands(program, output, setExit);
  registerReportCommands(program, output, setExit);
  registerChecklistCommand(program, output, setExit);
  for (const command of program.commands) command.exitOverride();
  for (const command of program.commands.flatMap((c) => c.commands)) command.exitOverride();
  return program;
}

export async function runCli(argv: string[], sink: Output = consoleOutput): Promise<number> {
  const output = sanitised(sink);
  let exitCode = 0;
  const program = buildProgram(output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    output.err(`clearance: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}
