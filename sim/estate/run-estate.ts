/**
 * Runs a scenario group by group (sim/estate/host-groups.ts) in this process and merges
 * the groups' Results. The CLI runs the same groups on worker threads or as shards
 * (cli/estate-pool.ts) and merges them with the same function, so the bytes agree.
 */
import type { RunOptions } from '../run.js';
import { runOneGroup } from './run-group.js';
import type { Scenario } from '../scenario/types.js';
import type { Result } from '../stats/result.js';
import { groupScenario } from './group-scenario.js';
import { estateLayout } from './host-groups.js';
import { mergeGroupResults } from './merge-results.js';

export function runEstate(scenario: Scenario, options: RunOptions = {}): Result {
  const layout = estateLayout(scenario);
  const groups = layout.groups;
  const durationNs = options.durationNs ?? scenario.durationNs;
  const results: Result[] = [];
  let doneNs = 0;
  let events = 0;
  for (const g of groups) {
    const r = runOneGroup(groupScenario(scenario, g), {
      ...options,
      onProgress: options.onProgress === undefined ? undefined : (p) => options.onProgress!({ simNs: doneNs + p.simNs, durationNs: durationNs * groups.length, events: events + p.events }),
    });
    results.push(r);
    doneNs += durationNs;
    events += r.events;
    if (r.stopped_early) break;
  }
  // A run stopped early reports the groups it reached, the others as not started.
  while (results.length < groups.length) results.push(runOneGroup(groupScenario(scenario, groups[results.length]), { ...options, maxEvents: 0 }));
  return mergeGroupResults(layout, results);
}
