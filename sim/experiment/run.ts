/** One run of a sweep: a cell's Scenario with a replication's seed, reduced to its metrics. */
import { runScenario } from '../run.js';
import type { Scenario } from '../scenario/types.js';
import { cellAxes, runId, type SweepDescription } from './grid.js';
import { metricValue } from './metrics.js';
import type { RunRecord } from './records.js';
import { replicationSeed } from './seeds.js';

export function runSweepRun(desc: SweepDescription, cellScenario: Scenario, index: number): RunRecord {
  const cell = Math.floor(index / desc.replications);
  const replication = index % desc.replications;
  const seed = replicationSeed(desc.seed, replication);
  const result = runScenario(cellScenario, { seed });
  const metrics: Record<string, number | null> = {};
  for (const m of desc.metrics) metrics[m] = metricValue(result, m);
  return { run: runId(desc, index), index, cell, replication, seed, axes: Object.fromEntries(cellAxes(desc.dimensions, cell)), metrics, events: result.events };
}
