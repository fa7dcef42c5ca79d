/**
 * The talk's host: scenarios/greebo.yaml over 42.5 simulated days reproduces the talk's
 * `xm list` (names, ids, memory, each domain's Time(s) within 5 %) and its summary line
 * "1.38% cpu utilisation over 42 days".
 */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { loadScenarioFile, formatError } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/run.js';
import type { Result } from '../../sim/stats/result.js';
import { xmList } from '../../reports/xm-list.js';
import { ROOT } from '../helpers/scenario.js';
import { GREEBO_DOMAINS as TALK } from '../fixtures/result-fixture.js';


function runGreebo(): Result {
  const r = loadScenarioFile(join(ROOT, 'scenarios', 'greebo.yaml'));
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  return runScenario(r.scenario);
}

describe('greebo, the talk\'s host, over 42.5 days', () => {
  const result = runGreebo();

  test.each(TALK)('$name: id $id, $memMb MB, CPU time within 5 % of the talk\'s $cpuSeconds s', ({ name, id, memMb, cpuSeconds: timeS }) => {
    const d = result.domains.find((x) => x.name === name)!;
    expect(d.id).toBe(id);
    expect(d.memory_mb).toBe(memMb);
    expect(Math.abs(d.cpu_seconds - timeS) / timeS).toBeLessThan(0.05);
  });

  test('prints the talk\'s summary line', () => {
    expect(result.summary).toBe('1.38% cpu utilisation over 42 days');
  });

  test('the xm list table has the talk\'s layout and rows in id order', () => {
    const lines = xmList(result).trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['Name', 'Id', 'Mem(MB)', 'CPU', 'State', 'Time(s)', 'Console']);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(TALK.map((t) => t.name));
    // Guests are idle (blocked) most of the time, as the talk's `-b---`.
    for (const l of lines.slice(2)) expect(l).toMatch(/ -b--- /);
  });
});
