/**
 * Builds one simulation (sim/build.ts) — a one-host scenario, or a group of hosts
 * coupled by migrations — runs its clock to the horizon (or a stop) and returns its
 * Result as its collector assembles it.
 */
import { buildRun } from '../build.js';
import type { RunOptions } from '../run.js';
import type { Scenario } from '../scenario/types.js';
import type { Result } from '../stats/result.js';

export function runOneGroup(scenario: Scenario, options: RunOptions = {}): Result {
  const seed = options.seed ?? scenario.seed;
  const durationNs = options.durationNs ?? scenario.durationNs;
  const { rt, collector } = buildRun(scenario, seed, durationNs);
  const sim = rt.sim;
  const onProgress = options.onProgress;
  const shouldStop = options.shouldStop;
  const reason = sim.run({
    untilNs: durationNs,
    maxEvents: options.maxEvents,
    check: onProgress || shouldStop
      ? (now, events) => {
          onProgress?.({ simNs: now, durationNs, events });
          return shouldStop?.() ?? false;
        }
      : undefined,
  });
  const stoppedEarly = reason === 'stopped' || reason === 'max-events';
  const endNs = stoppedEarly ? sim.now : durationNs;
  return collector.result(endNs, stoppedEarly);
}
