/** Sweeps: grid expansion, replication seeds, metrics, statistics, shards (DESIGN §9). */
export { loadSweepText, type SweepPlan, type SweepLoad, type SweepLoadOptions } from './load.js';
export { type AxisValue, type Dimension, type Shard, type SweepDescription, axisPaths, cellAxes, cellCount, cellLevels, chooseShard, runId, shardRuns } from './grid.js';
export { replicationSeed } from './seeds.js';
export { metricValue } from './metrics.js';
export { type RunRecord, isRunRecord, parseJournal, recordLine, sortRecords } from './records.js';
export { runSweepRun } from './run.js';
export { summarise, tQuantile, type Moments } from './stats.js';
export { summaryRows, type SummaryRow } from './summary.js';
