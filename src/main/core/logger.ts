/**
 * The main-process log: one JSON line per record on stderr. Callers pass codes and ids, never request
 * bodies, headers or tokens; `redact` is a second line of defence for strings that slip through.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const REDACTIONS: Array<[RegExp, string]> = [
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/\b(token|secret|password|client_secret|refresh_token|access_token|code_verifier)=[^&\s"]+/gi, '$1=[redacted]'],
];

export function redact(text: string): string {
  return REDACTIONS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  minLevel: LogLevel = 'info',
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  return {
    log(level, message, fields) {
      if (order.indexOf(level) < order.indexOf(minLevel)) return;
      const record = { t: new Date().toISOString(), level, message, ...fields };
      write(redact(JSON.stringify(record)));
    },
  };
}

export const silentLogger: Logger = { log() {} };
