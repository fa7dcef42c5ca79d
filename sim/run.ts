/**
 * runScenario: Scenario → Result, the library's main entry point. A one-host scenario
 * is one simulation; a several-host one runs as independent groups of hosts (those no
 * migration couples run apart: sim/estate/) whose Results are merged. Every Result has
 * hosts[]; `host` is the first host.
 */
import { runEstate } from './estate/run-estate.js';
import { runOneGroup } from './estate/run-group.js';
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
  if (scenario.hosts !== undefined) return runEstate(scenario, options);
  return runOneGroup(scenario, options);
}
