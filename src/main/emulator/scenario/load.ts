import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { Scenario } from './schema.ts';
import { shiftTimes } from './time-shift.ts';

export class ScenarioError extends Error {
  /** Each problem with the JSON path of the bad field, e.g. `users[0].user.id: must be a GUID`. */
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`invalid scenario ${source}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(root)';
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** Validates scenario data; with `now`, moves its timeline so the anchor sits just before now. */
export function parseScenario(data: unknown, source = '(inline)', now?: Date): Scenario {
  const parsed = Scenario.safeParse(data);
  if (!parsed.success) throw new ScenarioError(source, problemsOf(parsed.error));
  const scenario = parsed.data;
  if (!now || !scenario.scenario.shiftToNow) return scenario;
  const target = now.getTime() - scenario.scenario.anchorAgeMinutes * 60_000;
  return shiftTimes(scenario, target - Date.parse(scenario.scenario.anchor));
}

export function loadScenarioFile(path: string, now?: Date): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ScenarioError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseScenario(data, path, now);
}
