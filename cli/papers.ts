/**
 * `xensim papers` (`npm run papers`): runs every published experiment under
 * scenarios/papers/ — each row of each `<paper>.expect.yaml` — on worker threads, prints
 * the validation table (paper, figure, quantity, published, simulated, error, tolerance,
 * verdict) and writes docs/validation.md, its charts (docs/validation/<paper>.svg and
 * .vl.json) and docs/validation.html. Re-running after the models change regenerates
 * them; `--record` also writes the verdicts into the expect files (what the tests check).
 *
 * A row whose scenario needs a scheduler this build does not register (schedulerNames()
 * after sim/xen/schedulers/index.js) is `cannot simulate: needs scheduler X`, not a crash;
 * so is a run that fails to load or to run.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import '../sim/xen/schedulers/index.js';
import { schedulerNames } from '../sim/xen/scheduler.js';
import { formatError } from '../sim/scenario/load.js';
import { boundedReadFile } from '../sim/scenario/load.js';
import { loadPaperText, type PaperSpec, type Verdict } from '../sim/experiment/paper-expect.js';
import { loadRunScenario, schedulersOfScenario } from '../sim/experiment/paper-runs.js';
import { type Mode, paperOutcomes, planRuns, type RowOutcome, type RunOutcome } from '../sim/experiment/paper-verdicts.js';
import { renderSvg } from '../reports/charts.js';
import { paperChart, validationHtml, validationMarkdown, validationText } from '../reports/validation.js';
import type { RenderedChart } from '../reports/page.js';
import { writeFileAtomic } from './write-atomic.js';
import { type PaperTask, type PaperTaskReply, runTask } from './papers-worker.js';

export interface PapersArgs {
  dir: string;
  docs: string;
  quick: boolean;
  workers?: number;
  write: boolean;
  record: boolean;
  only?: string[];
  quiet: boolean;
}

/** Bad input (an expect file that does not parse): printed as file:line:col, exit 2. */
export class PapersInputError extends Error {}

/** Every `*.expect.yaml` in `dir`, in name order, loaded and checked. */
export function loadPapers(dir: string, only?: readonly string[]): PaperSpec[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.expect.yaml')).sort();
  const papers: PaperSpec[] = [];
  const errors: string[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const r = loadPaperText(readFileSync(file, 'utf8'), file);
    if ('errors' in r) errors.push(...r.errors.map(formatError));
    else if (only === undefined || only.length === 0 || only.includes(r.paper.paper)) papers.push(r.paper);
  }
  if (errors.length > 0) throw new PapersInputError(errors.join('\n'));
  if (papers.length === 0) throw new PapersInputError(`${dir}: no *.expect.yaml${only !== undefined && only.length > 0 ? ` for ${only.join(', ')}` : ''}`);
  return papers;
}

/** The runs the rows need, loaded; those that cannot run get their reason now. */
export function prepareRuns(papers: readonly PaperSpec[], mode: Mode): { tasks: PaperTask[]; outcomes: Map<string, RunOutcome> } {
  const known = new Set(schedulerNames());
  const outcomes = new Map<string, RunOutcome>();
  const tasks: PaperTask[] = [];
  for (const t of planRuns(papers, mode)) {
    const loaded = loadRunScenario(t.run, boundedReadFile);
    if ('error' in loaded) {
      outcomes.set(t.run.key, { cannot: `the scenario does not load: ${loaded.error}` });
      continue;
    }
    const missing = schedulersOfScenario(loaded.scenario).filter((n) => !known.has(n));
    if (missing.length > 0) {
      outcomes.set(t.run.key, { cannot: `needs scheduler ${missing.join(', ')} (this build of xensim registers ${[...known].join(', ')})` });
      continue;
    }
    tasks.push({ key: t.run.key, scenario: loaded.scenario, durationNs: t.run.durationNs, seed: t.run.seed, terms: t.terms });
  }
  return { tasks, outcomes };
}

/** Runs the tasks on `workers` threads (longest scenario first), filling `outcomes`. */
async function runPool(tasks: PaperTask[], workers: number, outcomes: Map<string, RunOutcome>, onDone: (n: number) => void): Promise<void> {
  const queue = [...tasks].sort((a, b) => (b.durationNs ?? b.scenario.durationNs) - (a.durationNs ?? a.scenario.durationNs));
  let done = 0;
  const record = (r: PaperTaskReply): void => {
    outcomes.set(r.key, 'error' in r ? { cannot: `the run failed: ${r.error}` } : { values: r.values });
    onDone(++done);
  };
  if (workers <= 1) {
    for (const t of queue) {
      try {
        record({ key: t.key, values: runTask(t) });
      } catch (e) {
        record({ key: t.key, error: (e as Error).message });
      }
    }
    return;
  }
  const n = Math.min(workers, queue.length);
  await Promise.all(Array.from({ length: n }, () => new Promise<void>((resolveDone, reject) => {
    const w = new Worker(new URL('./papers-worker.js', import.meta.url));
    let current: PaperTask | undefined;
    const next = (): void => {
      current = queue.shift();
      if (current === undefined) {
        void w.terminate().then(() => resolveDone());
        return;
      }
      w.postMessage(current);
    };
    w.on('message', (r: PaperTaskReply) => {
      record(r);
      next();
    });
    w.on('error', (e) => {
      if (current !== undefined) record({ key: current.key, error: e.message });
      reject(e);
    });
    next();
  })));
}

/** Writes the rows' verdicts (or their quick verdicts) into the expect files, touching nothing else in them. */
export function recordVerdicts(papers: readonly PaperSpec[], outcomes: readonly RowOutcome[], mode: Mode): string[] {
  const changed: string[] = [];
  for (const p of papers) {
    const text = readFileSync(p.file, 'utf8');
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc });
    const rows = doc.get('rows', true);
    if (!isSeq(rows)) continue;
    const edits: { start: number; end: number; text: string }[] = [];
    rows.items.forEach((item) => {
      if (!isMap(item)) return;
      const id = item.get('id');
      const o = outcomes.find((x) => x.paper === p.paper && x.row.id === id);
      if (o === undefined) return;
      const holder = mode === 'quick' ? item.get('quick', true) : item;
      if (mode === 'quick' && !isMap(holder)) return; // no quick block: the full verdict stands for both
      const node = (holder as typeof item).get('verdict', true);
      if (!isScalar(node) || node.range === undefined || node.range === null) return;
      if (node.value === o.verdict) return;
      const quoted = /\s/.test(o.verdict) ? `'${o.verdict}'` : o.verdict;
      edits.push({ start: node.range[0], end: node.range[1], text: quoted });
    });
    if (edits.length === 0) continue;
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    writeFileSync(p.file, out);
    changed.push(`${p.file}: ${edits.length} verdict(s)`);
  }
  return changed;
}

export async function papersCommand(args: PapersArgs): Promise<void> {
  const t0 = process.hrtime.bigint();
  const mode: Mode = args.quick ? 'quick' : 'full';
  const papers = loadPapers(resolve(args.dir), args.only);
  const { tasks, outcomes } = prepareRuns(papers, mode);
  const workers = args.workers ?? availableParallelism();
  const log = (s: string): void => { if (!args.quiet) process.stderr.write(s); };
  const tty = process.stderr.isTTY === true && !args.quiet;
  log(`papers: ${papers.length} papers, ${tasks.length} runs (${outcomes.size} cannot run) on ${Math.min(workers, Math.max(1, tasks.length))} worker(s)${mode === 'quick' ? ', quick horizons' : ''}\n`);
  await runPool(tasks, workers, outcomes, (n) => { if (tty) process.stderr.write(`\r${n}/${tasks.length} runs`); });
  if (tty) process.stderr.write('\n');
  const rows = paperOutcomes(papers, mode, outcomes);
  process.stdout.write(validationText(rows, papers));
  // Rows whose verdict moved from the one recorded in the expect file.
  const moved = rows.filter((o) => o.verdict !== (mode === 'quick' ? o.row.quick?.verdict ?? o.row.verdict : o.row.verdict));
  for (const o of moved) log(`papers: ${o.paper}/${o.row.id}: ${o.verdict} (recorded: ${mode === 'quick' ? o.row.quick?.verdict ?? o.row.verdict : o.row.verdict})\n`);
  if (args.write && mode === 'full') {
    const charts: RenderedChart[] = [];
    for (const p of papers) {
      const c = paperChart(p, rows);
      const svg = await renderSvg(c.spec);
      charts.push({ name: c.name, title: c.title, svg });
      writeFileAtomic(join(args.docs, 'validation', `${p.paper}.svg`), svg);
      writeFileAtomic(join(args.docs, 'validation', `${p.paper}.vl.json`), JSON.stringify(c.spec, null, 2) + '\n');
    }
    writeFileAtomic(join(args.docs, 'validation.md'), validationMarkdown(papers, rows, (name) => `validation/${name}.svg`));
    writeFileAtomic(join(args.docs, 'validation.html'), validationHtml(papers, rows, charts));
    log(`papers: wrote ${join(args.docs, 'validation.md')}, validation.html and ${charts.length} charts\n`);
  }
  if (args.record) for (const line of recordVerdicts(papers, rows, mode)) log(`papers: recorded ${line}\n`);
  log(`papers: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s\n`);
}

export type { Verdict };
