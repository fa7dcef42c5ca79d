/**
 * A trace workload's `offset`: the replay starts that far into the trace (looping past
 * its end), the period under way at creation contributes only its remaining fraction;
 * `offset: 0` runs on the trace's own grid; without `offset` each guest has its own
 * phase within the period (trace-phase.test.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { dom, runYaml, ROOT } from '../helpers/scenario.js';
import { fourIntervalTrace, traceScenarioYaml } from '../helpers/trace-yaml.js';

const TRACE = fourIntervalTrace('xensim-offset-');

const yaml = (workloadExtra: string, duration = '40s'): string => traceScenarioYaml(TRACE, 'offset', workloadExtra, duration);

describe('trace workload offset', () => {
  test('0 replays on the trace\'s own grid: each interval exactly', () => {
    const a = runYaml(yaml(', offset: 0s'));
    expect(a.series.domains.vm.cpu.map((c) => Math.round(c * 1000) / 10)).toEqual([10, 20, 30, 40]);
    expect(dom(a, 'vm').cpu_seconds).toBeCloseTo(10, 9);
  });

  test('a whole number of intervals rotates the trace (looping)', () => {
    const r = runYaml(yaml(', offset: 20s'));
    expect(r.series.domains.vm.cpu.map((c) => Math.round(c * 1000) / 10)).toEqual([30, 40, 10, 20]);
    const r2 = runYaml(yaml(', offset: 50s'));   // past the end: wraps to 10 s in
    expect(r2.series.domains.vm.cpu.map((c) => Math.round(c * 1000) / 10)).toEqual([20, 30, 40, 10]);
  });

  test('a sub-period offset: the period under way at creation gets its remaining fraction only', () => {
    // Trace time 15.5 s at creation. Period 15 (value 20 %) has half a second left: 0.1 s of
    // CPU; then periods 16 … 55 (one whole loop, 10 CPU-seconds) start within the 40 s run.
    const r = runYaml(yaml(', offset: 15.5s'));
    expect(dom(r, 'vm').cpu_seconds).toBeCloseTo(10.1, 6);
    // The grid stays the trace's: the first whole period starts 0.5 s after creation.
    const r1 = runYaml(yaml(', offset: 15.5s', '0.4s'));
    expect(dom(r1, 'vm').cpu_seconds).toBeCloseTo(0.1, 6);
    const r2 = runYaml(yaml(', offset: 15.5s', '0.75s'));   // + period 16 (0.2 s, from 0.5 s)
    expect(dom(r2, 'vm').cpu_seconds).toBeCloseTo(0.3, 6);
  });

  test('errors: a bad duration; past the end of a trace that does not loop', () => {
    const bad = loadScenarioText(yaml(', offset: soon'), 't.yaml', { baseDir: ROOT });
    expect('errors' in bad && bad.errors.map((e) => e.message).join()).toMatch(/duration/);
    const past = loadScenarioText(yaml(', offset: 40s, loop: false'), 't.yaml', { baseDir: ROOT });
    expect('errors' in past && past.errors.map((e) => e.message).join()).toMatch(/past the end of the trace/);
    const ok = loadScenarioText(yaml(', offset: 39s, loop: false'), 't.yaml', { baseDir: ROOT });
    expect('scenario' in ok).toBe(true);
  });
});
