/**
 * A trace workload's `period`: how often the replay wakes to do its share. Alone on a
 * pCPU the share per interval is the same whatever the period (the interval's CPU and
 * the host's utilisation per interval agree), while the number of wake-ups follows the
 * period; a period longer than the interval is cut to the interval; below 1 ms refused.
 */
import { describe, expect, test } from '@jest/globals';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { dom, runYaml, ROOT } from '../helpers/scenario.js';
import { fourIntervalTrace, traceScenarioYaml } from '../helpers/trace-yaml.js';

const TRACE = fourIntervalTrace('xensim-period-');

// `offset: 0s`: on the trace's own grid (no per-guest phase), so intervals and samples line up exactly.
const yaml = (extra: string): string => traceScenarioYaml(TRACE, 'period', `, offset: 0s${extra}`);

describe('trace workload period', () => {
  test('1 s (the default), 100 ms and the whole interval replay the same share per interval', () => {
    const base = runYaml(yaml(''));
    const fine = runYaml(yaml(', period: 100ms'));
    const whole = runYaml(yaml(', period: 10s'));
    const longer = runYaml(yaml(', period: 1h'));
    const pct = (r: typeof base): number[] => r.series.domains.vm.cpu.map((c) => Math.round(c * 1000) / 10);
    for (const r of [base, fine, whole, longer]) {
      expect(pct(r)).toEqual([10, 20, 30, 40]);
      expect(dom(r, 'vm').cpu_seconds).toBeCloseTo(10, 6);
    }
    expect(JSON.stringify(runYaml(yaml(', period: 1s')))).toBe(JSON.stringify(base));
    expect(dom(base, 'vm').wakeups).toBe(41);
    expect(dom(fine, 'vm').wakeups).toBe(401);
    expect(dom(whole, 'vm').wakeups).toBe(5);
    expect(dom(longer, 'vm').wakeups).toBe(5);
  });

  test('a period under 1 ms or not a duration is refused at its key', () => {
    for (const [bad, msg] of [['10us', /period must be at least 1ms/], ['soon', /duration/]] as const) {
      const r = loadScenarioText(yaml(`, period: ${bad}`), 'p.yaml', { baseDir: ROOT });
      expect('errors' in r).toBe(true);
      if ('errors' in r) {
        expect(r.errors[0].message).toMatch(msg);
        expect(r.errors[0].line).toBe(8);
      }
    }
  });
});
