import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario, ScenarioError } from '../../src/main/emulator/index.ts';
import { expandGenerated } from '../../src/main/emulator/scenario/generate.ts';
import { ROOT } from '../support/cli.ts';

const CONTOSO = join(ROOT, 'resources', 'scenarios', 'contoso.json');
const raw = () =>
  JSON.parse(readFileSync(CONTOSO, 'utf8')) as Record<string, unknown> & {
    users: Array<{ user: Record<string, unknown> }>;
  };

function problems(data: unknown): string[] {
  try {
    parseScenario(data, 'test');
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

describe('scenario files', () => {
  it.each(['contoso.json', 'fabrikam.json', 'large.json'])('%s loads', (file) => {
    expect(() => loadScenarioFile(join(ROOT, 'resources', 'scenarios', file))).not.toThrow();
  });

  it('names the exact path of a bad field', () => {
    const data = raw();
    data.users[2]!.user.id = 'not-a-guid';
    expect(problems(data)).toEqual(['users[2].user.id: must be a GUID']);
    const other = raw();
    (other.tenant as Record<string, unknown>).licences = { entraIdP1: 'yes' };
    expect(problems(other)[0]).toMatch(/^tenant\.licences\.entraIdP1: /);
    expect(problems({ ...raw(), surprise: 1 })[0]).toMatch(/surprise/);
  });

  it('reports unreadable files and bad JSON with the file name', () => {
    expect(() => loadScenarioFile('/nonexistent/x.json')).toThrow(/x\.json/);
  });

  it('moves the whole timeline so that the anchor lands just before now, keeping gaps', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const original = loadScenarioFile(CONTOSO);
    const shifted = loadScenarioFile(CONTOSO, now);
    expect(Date.parse(shifted.scenario.anchor)).toBe(now.getTime() - original.scenario.anchorAgeMinutes * 60_000);
    const delta = Date.parse(shifted.scenario.anchor) - Date.parse(original.scenario.anchor);
    expect(Date.parse(shifted.signIns[0]!.createdDateTime) - Date.parse(original.signIns[0]!.createdDateTime)).toBe(
      delta,
    );
  });

  it('generates the same records from the same seed', () => {
    const a = expandGenerated(loadScenarioFile(CONTOSO));
    const b = expandGenerated(loadScenarioFile(CONTOSO));
    expect(a.signIns.length).toBeGreaterThan(1000);
    expect(a.messageTraces.length).toBe(b.messageTraces.length);
    expect(JSON.stringify(a.signIns.slice(-50))).toBe(JSON.stringify(b.signIns.slice(-50)));
  });
});
