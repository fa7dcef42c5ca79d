/**
 * `xensim compare FILE`: simulate a consolidation file's before (physical servers) and
 * after (Xen hosts) sides and report them side by side. Runs go to worker threads, as
 * many at once as there are cores (at most `--parallel`).
 */
import { availableParallelism } from 'node:os';
import { formatError } from '../sim/scenario/load.js';
import { loadConsolidationFile } from '../sim/experiment/consolidation-load.js';
import { compareConsolidation, type Comparison, type Runner } from '../sim/experiment/consolidation.js';
import { compareCharts, compareHtml, compareHostsCsv, compareSummaryCsv, compareText, compareWorkloadsCsv } from '../reports/compare.js';
import { renderSvg } from '../reports/charts.js';
import type { RenderedChart } from '../reports/html.js';
import { runInWorker } from './run-in-worker.js';
import { requireKind } from './file-kind.js';
import { checkOutputDir, saveOutputs } from './output-dir.js';

export interface CompareArgs {
  file: string;
  out?: string;
  html: boolean;
  format: string;
  quiet: boolean;
  parallel?: number;
}

function badInput(lines: string[]): never {
  for (const l of lines) process.stderr.write(l + '\n');
  process.exit(2);
}

/** Runs through worker threads (Ctrl-C stops them with partial Results), telling stderr as each ends. */
export function workerRunner(quiet: boolean): Runner {
  return async (scenario, label) => {
    const t0 = process.hrtime.bigint();
    const r = await runInWorker(scenario, { durationNs: scenario.durationNs });
    if (!quiet) process.stderr.write(`  ${label}: ${r.events.toLocaleString('en-US')} events in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s\n`);
    return r;
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
  const c = r.consolidation;
  if (c.after.length === 0) badInput([`${argv.file}: no after: section to compare with (this file has only a plan: use xensim plan)`]);
  if (argv.out !== undefined) checkOutputDir(argv.out);
  if (!argv.quiet) {
    for (const w of c.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(`simulating ${c.before.length} servers and ${c.after.length} Xen host${c.after.length === 1 ? '' : 's'}…\n`);
  }
  const comparison = await compareConsolidation(c, workerRunner(argv.quiet), parallelism(argv.parallel));
  let saveError: unknown;
  if (argv.out !== undefined) {
    const files = await compareOutputFiles(comparison, argv.html);
    try {
      saveOutputs(argv.out, files, 'compare');
    } catch (e) {
      saveError = e; // the comparison still goes to stdout below
    }
  }
  if (argv.format === 'json') process.stdout.write(JSON.stringify(comparison, null, 2) + '\n');
  else if (argv.format === 'csv') process.stdout.write(compareSummaryCsv(comparison));
  else process.stdout.write(compareText(comparison));
  if (saveError !== undefined) throw saveError;
}
