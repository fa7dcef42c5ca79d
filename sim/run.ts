/**
 * runScenario: Scenario → Result, the library's main entry point.
 * (Placeholder until the host model lands: see sim/build.ts.)
 */
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
  /** Called now and then (every ~2^16 events) with how far the run is. */
  onProgress?: (p: Progress) => void;
  /** Polled with onProgress; returning true stops the run early. */
  shouldStop?: () => boolean;
}

export function runScenario(_scenario: Scenario, _options: RunOptions = {}): Result {
  throw new Error('runScenario: not implemented yet');
}
