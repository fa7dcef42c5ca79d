/** Test helpers: load a scenario from YAML text (relative paths against the repo root) and run it. */
import { resolve } from 'node:path';
import { loadScenarioText, formatError } from '../../sim/scenario/load.js';
import { runScenario, type RunOptions } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import type { DomainResult, Result } from '../../sim/stats/result.js';

export const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');

export function scenarioFrom(yaml: string, file = 'test.yaml'): Scenario {
  const r = loadScenarioText(yaml, file, { baseDir: ROOT });
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

export function runYaml(yaml: string, options: RunOptions = {}): Result {
  return runScenario(scenarioFrom(yaml), options);
}

export function dom(result: Result, name: string): DomainResult {
  const d = result.domains.find((x) => x.name === name);
  if (d === undefined) throw new Error(`no domain ${name}`);
  return d;
}

/** CPU share of the run, 0–1 per pCPU-worth. */
export function share(result: Result, name: string): number {
  return dom(result, name).cpu_seconds / (result.end_ns / 1e9);
}
