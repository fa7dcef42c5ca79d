/**
 * runScenario: Scenario → Result, the library's main entry point. Builds the host
 * (sim/build.ts), runs the clock to the horizon (or a stop), and assembles the Result.
 */
import { buildRun } from './build.js';
import type { Scenario } from './scenario/types.js';
import type { Result } from './stats/result.js';

export interface Progress {
  simNs: number;
  durationNs: number;
  events: number;
}

export interface RunOptions {
  /** Overrides scenario.seed. */
  seed?: number;
  /** Overrides scenario.durationNs. */
  durationNs?: number;
  /** Stop after this many events (the Result is then partial but consistent). */
  maxEvents?: number;
  /** Called every 2^16 events with how far the run is. */
  onProgress?: (p: Progress) => void;
  /** Polled with onProgress; returning true stops the run early. */
  shouldStop?: () => boolean;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): Result {
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
