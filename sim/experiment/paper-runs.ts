/**
 * The simulations behind a paper's rows: a run is a scenario file with values set at
 * dotted paths (as a sweep's axes set them, sim/experiment/load.ts resolveAxis), an
 * optional horizon and seed. Runs shared by several rows are run once (runKey). A term
 * of a row is a number read from the run's Result (termValue).
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { parseDocument } from 'yaml';
import { formatError, loadScenarioText } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { parseDuration } from '../scenario/units.js';
import type { InputKind } from '../scenario/read-bounded.js';
import type { Result } from '../stats/result.js';
import { metricValue } from './metrics.js';
import { resolveAxis } from './load.js';
import type { PaperSpec, RowSpec, RunRef, Term } from './paper-expect.js';

export type ReadFile = (path: string, kind?: InputKind) => string;

/** A run as the runner schedules it: where its scenario is, what is set, and for how long. */
export interface PlannedRun {
  key: string;
  /** Absolute path of the scenario file. */
  file: string;
  set: Record<string, unknown>;
  durationNs?: number;
  seed?: number;
}

export function plannedRun(paper: PaperSpec, ref: RunRef, quickDurationNs?: number): PlannedRun {
  const file = resolvePath(dirname(paper.file), ref.scenario);
  const d = ref.duration !== undefined ? parseDuration(ref.duration) : undefined;
  let durationNs = d !== undefined && 'value' in d ? d.value : undefined;
  if (quickDurationNs !== undefined) durationNs = durationNs === undefined ? quickDurationNs : Math.min(durationNs, quickDurationNs);
  const set = Object.fromEntries(Object.entries(ref.set).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { key: runKey(file, set, durationNs, ref.seed), file, set, durationNs, seed: ref.seed };
}

export function runKey(file: string, set: Record<string, unknown>, durationNs: number | undefined, seed: number | undefined): string {
  return JSON.stringify([file, set, durationNs ?? null, seed ?? null]);
}

/** The run a term reads: its own, else the row's. */
export function termRun(row: RowSpec, term: Term): RunRef | undefined {
  return term.run ?? row.run;
}

/** The scenario file with the run's values set, loaded as any scenario is; errors as text. */
export function loadRunScenario(run: PlannedRun, readFile: ReadFile): { scenario: Scenario } | { error: string } {
  let text: string;
  try {
    text = readFile(run.file, 'scenario');
  } catch (e) {
    return { error: `${run.file}: ${(e as Error).message}` };
  }
  const entries = Object.entries(run.set);
  if (entries.length > 0) {
    const doc = parseDocument(text, { uniqueKeys: true });
    const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
    const base = loadScenarioText(text, run.file, { readFile });
    if ('errors' in base) return { error: base.errors.map(formatError).join('\n') };
    const names = base.scenario.domains.map((d) => d.name);
    for (const [path, value] of entries) {
      const r = resolveAxis(path, raw, names);
      if ('error' in r) return { error: `${run.file}: set ${path}: ${r.error}` };
      doc.setIn(r.keys, doc.createNode(value));
    }
    text = doc.toString();
  }
  const loaded = loadScenarioText(text, run.file, { readFile });
  if ('errors' in loaded) return { error: loaded.errors.map(formatError).join('\n') + (entries.length > 0 ? ` (with ${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})` : '') };
  return { scenario: loaded.scenario };
}

/** Every scheduler a scenario's hosts run (Scenario.hosts for several hosts, else the one). */
export function schedulersOfScenario(s: Scenario): string[] {
  const names = s.hosts !== undefined ? s.hosts.map((h) => h.scheduler.name) : [s.scheduler.name];
  return [...new Set(names)];
}

/** A term's identity within its run (what the worker is asked for). */
export function termKey(term: Term): string {
  return JSON.stringify([term.metric, term.agg, term.per_second]);
}

/**
 * A term's number from a Result: the metric at its dotted path; a `*` in the segment
 * after `domains` matches domain names (the mean or sum over the matches, Domain-0
 * excluded unless the pattern names it); `per_second` divides by the simulated seconds.
 * null when the Result has no such number (no request completed, no migration).
 */
export function termValue(result: Result, term: Term): number | null {
  const segs = term.metric.split('.');
  let v: number | null;
  if (segs[0] === 'domains' && segs.length > 2 && segs[1].includes('*')) {
    const re = new RegExp(`^${segs[1].split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const rest = segs.slice(2).join('.');
    const values: number[] = [];
    for (const d of result.domains) {
      if (!re.test(d.name) || (d.name === 'Domain-0' && !segs[1].startsWith('Domain-0'))) continue;
      const x = metricValue(result, `domains.${d.name}.${rest}`);
      if (x !== null) values.push(x);
    }
    if (values.length === 0) v = null;
    else {
      const sum = values.reduce((a, b) => a + b, 0);
      v = term.agg === 'sum' ? sum : sum / values.length;
    }
  } else v = metricValue(result, term.metric);
  if (v === null) return null;
  if (term.per_second) {
    const s = result.end_ns / 1e9;
    return s > 0 ? v / s : null;
  }
  return v;
}
