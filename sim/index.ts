/**
 * xensim as a library: the package's entry point (`main`: dist/sim/index.js).
 *
 * ```ts
 * import { loadScenarioFile, runScenario, formatError, formatText } from 'xensim';
 * const loaded = loadScenarioFile('scenarios/greebo.yaml');
 * if ('errors' in loaded) throw new Error(loaded.errors.map(formatError).join('\n'));
 * const result = runScenario(loaded.scenario, { durationNs: 3600e9 });
 * console.log(formatText(result));     // summary line + xm list
 * ```
 *
 * Everything here is synchronous and pure apart from loadScenarioFile's file reads:
 * no threads, no stdout, no files written (the CLI does that).
 */
export { loadScenarioFile, loadScenarioText, formatError, MAX_SCENARIO_BYTES } from './scenario/load.js';
export type { LoadResult, LoadOptions, ScenarioError } from './scenario/load.js';
export type { Scenario, DomainSpec, HostSpec, TimelineEvent } from './scenario/types.js';
export { runScenario } from './run.js';
export type { RunOptions, Progress } from './run.js';
export { RESULT_SCHEMA_VERSION } from './stats/result.js';
export type {
  Result,
  HostResult,
  ClusterHostResult,
  DomainResult,
  DomainIoResult,
  DomainMemoryResult,
  LatencySummary,
  PcpuResult,
  DeviceResult,
  SeriesResult,
  MigrationResult,
  MigrationRoundResult,
} from './stats/result.js';
export { parseDuration } from './scenario/units.js';
export { scenarioJsonSchema } from './scenario/schema.js';
// The report functions: text tables, CSV, vega-lite charts, HTML (pure functions of a Result).
export {
  formatText,
  renderOutputFiles,
  summaryLine,
  xmList,
  xlList,
  xentop,
  latencyTable,
  domainsCsv,
  seriesCsv,
  charts,
  renderSvg,
  reportHtml,
} from '../reports/index.js';
