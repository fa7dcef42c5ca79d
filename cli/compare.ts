/**
 * `xensim compare FILE`: simulate a consolidation file's before (physical servers) and
 * after (Xen hosts) sides and report them side by side. Runs go to worker threads, as
 * many at once as there are cores (at most `--parallel`).
 */
import { availableParallelism } from 'node:os';
import { formatError } from '../sim/scenario/load.js';
import { loadConsolidationFile, type Consolidation } from '../sim/experiment/consolidation-load.js';
import { parseDuration } from '../sim/scenario/units.js';
import { spanText } from '../sim/stats/summary.js';
import { compareConsolidation, type Comparison, type Runner } from '../sim/experiment/consolidation.js';
import { compareCharts, compareHtml, compareHostsCsv, compareSummaryCsv, compareText, compareWorkloadsCsv } from '../reports/compare.js';
import { renderSvg } from '../reports/charts.js';
import type { RenderedChart } from '../reports/html.js';
import { runInWorker } from './run-in-worker.js';
import { requireKind } from './file-kind.js';
import { checkOutputDir, saveOutputs } from './output-dir.js';
import { wroteLine } from './write-atomic.js';

export interface CompareArgs {
  file: string;
  out?: string;
  html: boolean;
  format: string;
  quiet: boolean;
  parallel?: number;
  /** Simulated time of every run, both sides (overrides the file's duration). */
  duration?: string;
  progress?: boolean;
}

function badInput(lines: string[]): never {
  for (const l of lines) process.stderr.write(l + '\n');
  process.exit(2);
}

/**
 * Progress over a batch of runs, several at once: the simulated time done across all of
 * them, runs finished, and an ETA from the wall time so far. A live line on a TTY; on any
 * stderr, a line as each run ends.
 */
export class BatchProgress {
  private readonly done = new Map<string, number>();
  private readonly totalNs: number;
  private finished = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly t0 = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream, private readonly runs: number, totalNs: number, private readonly live: boolean) {
    this.totalNs = Math.max(1, totalNs);
  }

  private simDone(): number {
    let s = 0;
    for (const v of this.done.values()) s += v;
    return s;
  }

  /** "2 of 6 runs done, 12.4 of 42.5 simulated days (29 %), ETA 41 s" */
  status(): string {
    const sim = this.simDone();
    const frac = Math.min(1, sim / this.totalNs);
    const elapsed = (Date.now() - this.t0) / 1000;
    const eta = frac > 0 && frac < 1 ? `, ETA ${Math.ceil(elapsed / frac - elapsed)} s` : '';
    return `${this.finished} of ${this.runs} runs done, ${simSpan(sim, this.totalNs)} simulated (${(frac * 100).toFixed(0)} %)${eta}`;
  }

  update(label: string, simNs: number): void {
    this.done.set(label, simNs);
    if (!this.live) return;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.stream.write(`\r${this.status()}   `);
    this.shown = true;
  }

  finish(label: string, durationNs: number, line: string): void {
    this.done.set(label, durationNs);
    this.finished++;
    if (this.shown) this.stream.write('\r\x1b[K');
    this.stream.write(`${line} — ${this.status()}\n`);
    this.shown = false;
  }
}

/** "12.4 of 42.5 days" in the largest unit that suits the total. */
function simSpan(ns: number, totalNs: number): string {
  const units: [number, string][] = [[86400e9, 'days'], [3600e9, 'hours'], [60e9, 'minutes'], [1e9, 's']];
  const [u, name] = units.find(([k]) => totalNs >= 2 * k) ?? units[units.length - 1];
  return `${(ns / u).toFixed(1)} of ${(totalNs / u).toFixed(1)} ${name}`;
}

/** Runs through worker threads (Ctrl-C stops them with partial Results), telling stderr how far they are. */
export function workerRunner(quiet: boolean, progress?: BatchProgress): Runner {
  return async (scenario, label) => {
    const t0 = process.hrtime.bigint();
    const r = await runInWorker(scenario, { durationNs: scenario.durationNs, onProgress: progress ? (p) => progress.update(label, p.simNs) : undefined });
    const line = `  ${label}: ${r.events.toLocaleString('en-US')} events in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s`;
    if (progress) progress.finish(label, scenario.durationNs, line);
    else if (!quiet) process.stderr.write(line + '\n');
    return r;
  };
}

/** The same consolidation over another horizon: every run, both sides. */
export function withDuration(c: Consolidation, durationNs: number): Consolidation {
  return {
    ...c,
    durationNs,
    before: c.before.map((b) => ({ ...b, scenario: { ...b.scenario, durationNs } })),
    after: c.after.map((s) => ({ ...s, durationNs })),
  };
}

export function parallelism(asked: number | undefined): number {
  if (asked !== undefined && !(Number.isInteger(asked) && asked >= 1)) badInput([`--parallel must be a positive integer (got ${asked})`]);
  return asked ?? Math.max(1, availableParallelism());
}

/** Every file `compare --out DIR` writes. */
export async function compareOutputFiles(c: Comparison, html: boolean): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    'comparison.json': JSON.stringify(c, null, 2) + '\n',
    'compare-summary.csv': compareSummaryCsv(c),
    'compare-workloads.csv': compareWorkloadsCsv(c),
    'compare-hosts.csv': compareHostsCsv(c),
  };
  const rendered: RenderedChart[] = [];
  for (const ch of compareCharts(c)) {
    const svg = await renderSvg(ch.spec);
    files[`charts/${ch.name}.vl.json`] = JSON.stringify(ch.spec, null, 2) + '\n';
    files[`charts/${ch.name}.svg`] = svg;
    rendered.push({ name: ch.name, title: ch.title, svg });
  }
  if (html) files['compare.html'] = compareHtml(c, rendered);
  return files;
}

export async function compareCommand(argv: CompareArgs): Promise<void> {
  if (argv.html && argv.out === undefined) badInput(['--html needs --out DIR']);
  requireKind(argv.file, 'consolidation');
  const r = loadConsolidationFile(argv.file);
  if ('errors' in r) badInput(r.errors.map(formatError));
  let c = r.consolidation;
  if (c.after.length === 0) badInput([`${argv.file}: no after: section to compare with (this file has only a plan: use xensim plan)`]);
  if (argv.out !== undefined) checkOutputDir(argv.out);
  if (argv.duration !== undefined) {
    const d = parseDuration(argv.duration);
    if ('error' in d) badInput([`--duration: ${d.error}`]);
    if (d.value <= 0) badInput([`--duration must be longer than 0 (got ${argv.duration})`]);
    c = withDuration(c, d.value);
  }
  const runs = c.before.length + c.after.length;
  let progress: BatchProgress | undefined;
  if (!argv.quiet) {
    for (const w of c.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(`simulating ${c.before.length} servers and ${c.after.length} Xen host${c.after.length === 1 ? '' : 's'} (${runs} runs of ${spanText(c.durationNs)} each)…\n`);
    progress = new BatchProgress(process.stderr, runs, runs * c.durationNs, argv.progress !== false && process.stderr.isTTY === true);
  }
  const comparison = await compareConsolidation(c, workerRunner(argv.quiet, progress), parallelism(argv.parallel));
  let wrote = '';
  let saveError: unknown;
  if (argv.out !== undefined) {
    const files = await compareOutputFiles(comparison, argv.html);
    try {
      saveOutputs(argv.out, files, 'compare');
      wrote = wroteLine(argv.out, Object.keys(files));
    } catch (e) {
      saveError = e; // the comparison still goes to stdout below
    }
  }
  if (argv.format === 'json') process.stdout.write(JSON.stringify(comparison, null, 2) + '\n');
  else if (argv.format === 'csv') process.stdout.write(compareSummaryCsv(comparison));
  else process.stdout.write(compareText(comparison));
  if (wrote !== '' && !argv.quiet) process.stderr.write(wrote + '\n');
  if (saveError !== undefined) throw saveError;
}
