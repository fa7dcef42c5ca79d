/**
 * From papers' rows to a validation table: which runs to make (each once), and, given
 * what the runs gave, each row's simulated value, its error against the published value
 * and its verdict. Pure: the runner (cli/papers.ts) runs the simulations, the tests run
 * them in-process, and both decide verdicts here.
 *
 * Verdicts: `reproduced` — the simulated value is within the tolerance stated in the
 * expect file (inside the range or bound, widened by the tolerance if one is given);
 * `not reproduced` — outside it; `cannot simulate` — the model cannot express the
 * experiment (the row says why), a scheduler it needs is not in this build of xensim, or
 * the run failed; `not compared` — the paper's figure could not be read, so the row
 * shows xensim's value alone.
 */
import type { PaperSpec, Published, RowSpec, Term, Tolerance, Verdict } from './paper-expect.js';
import { plannedRun, type PlannedRun, termKey, termRun } from './paper-runs.js';
import { parseDuration } from '../scenario/units.js';

export type Mode = 'full' | 'quick';

/** What a run gave: the terms' numbers, or why it could not run. */
export type RunOutcome = { values: Record<string, number | null> } | { cannot: string };

/** One run to make, with every term the rows read from it. */
export interface RunTask {
  run: PlannedRun;
  terms: Term[];
}

export interface RowOutcome {
  paper: string;
  row: RowSpec;
  simulated: number | null;
  /** simulated − published (for a range or bound: the distance outside it, 0 inside). */
  error: number | null;
  /** error relative to the published value (or the bound), when that is not 0. */
  relError: number | null;
  tolerance: Tolerance | undefined;
  verdict: Verdict;
  /** Why the verdict is what it is, when it is not `reproduced`. */
  note: string;
}

export function quickDurationNs(paper: PaperSpec): number {
  const d = parseDuration(paper.quick.duration);
  return 'value' in d ? d.value : 0;
}

function rowTerms(row: RowSpec): Term[] {
  return row.measure.per !== undefined ? [row.measure.of, row.measure.per] : [row.measure.of];
}

/** Every run the papers' rows need in `mode`, each once, with the terms read from it. */
export function planRuns(papers: readonly PaperSpec[], mode: Mode): RunTask[] {
  const tasks = new Map<string, RunTask>();
  for (const p of papers) {
    const q = mode === 'quick' ? quickDurationNs(p) : undefined;
    for (const row of p.rows) {
      if (row.cannot_simulate !== undefined) continue;
      for (const t of rowTerms(row)) {
        const ref = termRun(row, t)!;
        const run = plannedRun(p, ref, q);
        let task = tasks.get(run.key);
        if (task === undefined) tasks.set(run.key, (task = { run, terms: [] }));
        if (!task.terms.some((x) => termKey(x) === termKey(t))) task.terms.push(t);
      }
    }
  }
  return [...tasks.values()];
}

/** Within the tolerance (abs, rel × |reference|; the larger when both are given). */
function allowance(tol: Tolerance | undefined, reference: number): number {
  if (tol === undefined) return 0;
  return Math.max(tol.abs ?? 0, (tol.rel ?? 0) * Math.abs(reference));
}

/** The distance of `x` outside what is published (0 inside), and the reference value for the relative error. */
function distance(pub: Published, x: number): { error: number; reference: number; tolRef: number } {
  if (pub.value !== undefined) return { error: x - pub.value, reference: pub.value, tolRef: pub.value };
  if (pub.range !== undefined) {
    const [lo, hi] = pub.range;
    return { error: x < lo ? x - lo : x > hi ? x - hi : 0, reference: x < lo ? lo : hi, tolRef: x < lo ? lo : hi };
  }
  if (pub.at_least !== undefined) return { error: Math.min(0, x - pub.at_least), reference: pub.at_least, tolRef: pub.at_least };
  return { error: Math.max(0, x - pub.at_most!), reference: pub.at_most!, tolRef: pub.at_most! };
}

/** Decides one row from the outcomes of the runs it reads. */
export function rowOutcome(paper: PaperSpec, row: RowSpec, mode: Mode, outcomes: ReadonlyMap<string, RunOutcome>): RowOutcome {
  const tolerance = mode === 'quick' && row.quick?.tolerance !== undefined ? row.quick.tolerance : row.tolerance;
  const base = { paper: paper.paper, row, simulated: null, error: null, relError: null, tolerance };
  if (row.cannot_simulate !== undefined) return { ...base, verdict: 'cannot simulate', note: row.cannot_simulate };
  const q = mode === 'quick' ? quickDurationNs(paper) : undefined;
  const values: number[] = [];
  for (const t of rowTerms(row)) {
    const run = plannedRun(paper, termRun(row, t)!, q);
    const o = outcomes.get(run.key);
    if (o === undefined) return { ...base, verdict: 'cannot simulate', note: 'the run was not made' };
    if ('cannot' in o) return { ...base, verdict: 'cannot simulate', note: o.cannot };
    const v = o.values[termKey(t)];
    if (v === null || v === undefined) return { ...base, verdict: 'not reproduced', note: `the run's Result has no ${t.metric}` };
    values.push(v);
  }
  const m = row.measure;
  const ratio = values.length === 2 ? (values[1] !== 0 ? values[0] / values[1] : NaN) : values[0];
  const simulated = m.scale * ratio + m.offset;
  if (!Number.isFinite(simulated)) return { ...base, verdict: 'not reproduced', note: 'the simulated value is not a number (a division by zero)' };
  const pub = row.published;
  if (pub.not_retrieved !== undefined) return { ...base, simulated, verdict: 'not compared', note: pub.not_retrieved };
  const d = distance(pub, simulated);
  const allowed = allowance(tolerance, d.tolRef);
  const within = Math.abs(d.error) <= allowed + 1e-12;
  const relError = d.reference !== 0 ? d.error / Math.abs(d.reference) : null;
  return {
    ...base,
    simulated,
    error: d.error,
    relError,
    verdict: within ? 'reproduced' : 'not reproduced',
    note: within ? '' : row.why ?? '',
  };
}

export function paperOutcomes(papers: readonly PaperSpec[], mode: Mode, outcomes: ReadonlyMap<string, RunOutcome>): RowOutcome[] {
  return papers.flatMap((p) => p.rows.map((r) => rowOutcome(p, r, mode, outcomes)));
}

/** Rows per verdict. */
export function verdictCounts(rows: readonly RowOutcome[]): Record<Verdict, number> {
  const c: Record<Verdict, number> = { reproduced: 0, 'not reproduced': 0, 'cannot simulate': 0, 'not compared': 0 };
  for (const r of rows) c[r.verdict]++;
  return c;
}

/** The published value as text: `30`, `20–45`, `≥ 400`, `≤ 5`, `—`. */
export function publishedText(pub: Published, digits = 3): string {
  const f = (x: number): string => String(Number(x.toPrecision(digits)));
  if (pub.value !== undefined) return f(pub.value);
  if (pub.range !== undefined) return `${f(pub.range[0])}–${f(pub.range[1])}`;
  if (pub.at_least !== undefined) return `≥ ${f(pub.at_least)}`;
  if (pub.at_most !== undefined) return `≤ ${f(pub.at_most)}`;
  return '—';
}

export function toleranceText(tol: Tolerance | undefined, unit: string): string {
  if (tol === undefined) return '—';
  const parts: string[] = [];
  // An absolute tolerance on a percentage is in points, told apart from a relative one.
  if (tol.abs !== undefined) parts.push(`±${Number(tol.abs.toPrecision(3))}${unit === '%' ? ' pt' : unit !== '' && unit !== '×' ? ` ${unit}` : ''}`);
  if (tol.rel !== undefined) parts.push(`±${Number((tol.rel * 100).toPrecision(3))} %`);
  return parts.join(' or ');
}
