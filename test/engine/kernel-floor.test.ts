/**
 * The kernel-floor bench (bench/kernel-floor.ts) is only worth its figure if the replay
 * makes the kernel do exactly what the model run made it do: the same events, in the
 * same order, at the same times. These tests check that it does on real scenarios, that
 * its check catches a replay that drifts, and that recording leaves the Simulator as it was.
 */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { recordRun, replay } from '../../bench/kernel-floor.js';
import { buildRun } from '../../sim/build.js';
import { Simulator } from '../../sim/engine/simulator.js';
import { loadScenarioFile, formatError } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { ROOT } from '../helpers/scenario.js';

/**
 * The kernel floor replays the queue calls of a run with every bookkeeping timer
 * queued (`bookkeeping: eager`): lazy timers are no queue calls and are not recorded.
 */
function bundled(file: string): Scenario {
  const r = loadScenarioFile(join(ROOT, file));
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  return { ...r.scenario, scheduler: { ...r.scenario.scheduler, bookkeeping: 'eager' } };
}

describe('kernel floor: record and replay', () => {
  test.each([
    ['scenarios/greebo.yaml', 7200e9],
    ['scenarios/demo.yaml', 60e9],
  ])('%s: the replay dispatches every recorded event, same kind, target and time', (file, durationNs) => {
    const sc = bundled(file);
    const trace = recordRun(sc, durationNs);
    // The recording saw what a plain run dispatches.
    const { rt } = buildRun(sc, sc.seed, durationNs);
    rt.sim.run({ untilNs: durationNs });
    expect(trace.events).toBe(rt.sim.events);
    expect(trace.events).toBeGreaterThan(10_000);
    expect(trace.ops).toBeGreaterThan(trace.events);
    expect(replay(trace, durationNs)).toBe(trace.events);
  });

  test('a replay whose calls were altered is caught', () => {
    const sc = bundled('scenarios/greebo.yaml');
    const durationNs = 3600e9;
    const trace = recordRun(sc, durationNs);
    // Push one armed timer 1 µs later: the dispatch order or times no longer match. (A
    // timer that fires, as the recording shows: one re-armed or cancelled before its time
    // changes nothing when moved.)
    const fires = (i: number): boolean => {
      for (let e = 0; e < trace.events && trace.eventTime[e] <= trace.opAt[i]; e++) {
        if (trace.eventStart[e] > i && trace.eventTime[e] === trace.opAt[i] && trace.eventKind[e] === trace.opKind[i] && trace.eventTarget[e] === trace.opTarget[i]) return true;
      }
      return false;
    };
    let i = trace.eventStart[trace.events >> 1];
    while (trace.opCode[i] !== 1 || !fires(i)) i++;
    trace.opAt[i] += 1000;
    expect(() => replay(trace, durationNs)).toThrow(/differ from the recording/);
  });

  test('recording restores the Simulator', () => {
    const before = { schedule: Simulator.prototype.schedule, setTimer: Simulator.prototype.setTimer, newTimer: Simulator.prototype.newTimer, cancelTimer: Simulator.prototype.cancelTimer };
    recordRun(bundled('scenarios/demo.yaml'), 1e9);
    expect(Simulator.prototype.schedule).toBe(before.schedule);
    expect(Simulator.prototype.setTimer).toBe(before.setTimer);
    expect(Simulator.prototype.newTimer).toBe(before.newTimer);
    expect(Simulator.prototype.cancelTimer).toBe(before.cancelTimer);
  });
});
