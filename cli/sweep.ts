/**
 * `xensim sweep FILE --out DIR`: every run of a sweep's grid (or of one shard of it) on
 * worker threads, then its summary, charts and report.
 *
 * Resumable: each finished run is appended to DIR/runs.jsonl (one line, one write) and
 * DIR/runs.csv as it arrives; `--resume` reads the journal back (a line cut short by a
 * kill is dropped), rewrites both files atomically, and runs only what is missing. At the
 * end every file is rewritten atomically from the records sorted by run, so the final
 * bytes do not depend on completion order, interruptions or sharding.
 */
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { chooseShard, loadSweepText, parseJournal, recordLine, type RunRecord, shardRuns, sortRecords, type SweepDescription, type SweepPlan } from '../sim/experiment/index.js';
import { formatError, MAX_SCENARIO_BYTES } from '../sim/scenario/load.js';
import { renderSweepFiles, runsCsv, runsCsvRows, sweepSummaryText } from '../reports/sweep.js';
import { runSweepPool } from './sweep-pool.js';
import { writeAllAtomic, writeFileAtomic } from './write-atomic.js';

export interface SweepArgs {
  file: string;
  out: string;
  workers?: number;
  resume: boolean;
  shard?: string;
  shardCount?: number;
  quiet: boolean;
  progress: boolean;
}

/** Bad input: the lines on stderr, exit 2, no stack trace. */
export function badInput(lines: string[]): never {
  for (const l of lines) process.stderr.write(l + '\n');
  process.exit(2);
}

/** Reads and checks a sweep file; exits 2 with file:line:col messages if it is bad. */
export function loadSweepOrExit(file: string): { plan: SweepPlan; warnings: string[] } {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SCENARIO_BYTES) badInput([`${file}:1:1: file is ${size} bytes; sweep files are limited to ${MAX_SCENARIO_BYTES} bytes`]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    badInput([`${file}:1:1: cannot read sweep file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const r = loadSweepText(text, file, { readFile: (p) => readFileSync(p, 'utf8') });
  if ('errors' in r) badInput(r.errors.map(formatError));
  return r;
}

function bar(stream: NodeJS.WriteStream, total: number): { update(done: number): void; done(): void } {
  const start = Date.now();
  let first = -1;
  let shown = false;
  return {
    update(done: number): void {
      if (first < 0) first = done;
      const elapsed = (Date.now() - start) / 1000;
      const frac = total > 0 ? done / total : 1;
      const rate = (done - first) / Math.max(elapsed, 1e-3);
      const eta = rate > 0 ? (total - done) / rate : 0;
      const width = 30;
      stream.write(`\r[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${done}/${total} runs  ETA ${done > first ? `${eta.toFixed(0)} s` : '…'}   `);
      shown = true;
    },
    done(): void {
      if (shown) stream.write('\n');
    },
  };
}

export function sweepJsonText(desc: SweepDescription, shard?: { index: number; count: number }): string {
  return JSON.stringify(shard === undefined ? desc : { ...desc, shard: `${shard.index}/${shard.count}` }, null, 2) + '\n';
}

export async function sweepCommand(a: SweepArgs): Promise<void> {
  const { plan, warnings } = loadSweepOrExit(a.file);
  const desc = plan.description;
  if (a.workers !== undefined && !(Number.isInteger(a.workers) && a.workers >= 1)) badInput([`--workers must be a whole number ≥ 1 (got ${a.workers})`]);
  const workers = a.workers ?? availableParallelism();
  const choice = chooseShard(a.shard, a.shardCount, process.env);
  if ('error' in choice) badInput([choice.error]);
  const shard = choice.shard;
  const mine = shard === undefined ? Array.from({ length: desc.runs }, (_, k) => k) : shardRuns(desc.runs, shard);
  const mineSet = new Set(mine);
  const sweepJson = sweepJsonText(desc, shard);
  const say = (s: string): void => {
    if (!a.quiet) process.stderr.write(s + '\n');
  };
  for (const w of warnings) say(`warning: ${w}`);

  // Resume, or start in an empty directory.
  const journalPath = join(a.out, 'runs.jsonl');
  const records = new Map<number, RunRecord>();
  const journal = existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '';
  if (journal.trim() !== '') {
    if (!a.resume) badInput([`${a.out}: already holds runs of a sweep (runs.jsonl); add --resume to continue it, or choose another --out`]);
    const descPath = join(a.out, 'sweep.json');
    const prior = existsSync(descPath) ? readFileSync(descPath, 'utf8') : '';
    if (prior !== sweepJson) badInput([`${descPath}:1:1: ${a.out} holds ${prior === '' ? 'runs of an unknown sweep' : 'a different sweep or shard'} than ${a.file}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}; choose another --out`]);
    const j = parseJournal(journal);
    for (const b of j.bad) say(`${journalPath}:${b.line}:1: ${b.message}; that run is run again`);
    for (const r of j.records) if (mineSet.has(r.index)) records.set(r.index, r);
  }
  writeFileAtomic(join(a.out, 'sweep.json'), sweepJson);
  const kept = sortRecords(records.values());
  writeFileAtomic(journalPath, kept.map(recordLine).join(''));
  writeFileAtomic(join(a.out, 'runs.csv'), runsCsv(desc, kept));

  const pending = mine.filter((k) => !records.has(k));
  const poolSize = Math.min(workers, Math.max(1, pending.length));
  say(`sweep ${desc.name}: ${desc.cells} cells × ${desc.replications} replications = ${desc.runs} runs${shard ? `; shard ${shard.index}/${shard.count} (${choice.from}): ${mine.length} runs` : ''}; ${records.size} done, ${pending.length} to run on ${poolSize} worker${poolSize === 1 ? '' : 's'}`);

  const showBar = a.progress && !a.quiet && process.stderr.isTTY === true;
  const progress = showBar ? bar(process.stderr, mine.length) : null;
  const t0 = process.hrtime.bigint();
  const pool = runSweepPool(desc, plan.cells, pending, poolSize, (r) => {
    appendFileSync(journalPath, recordLine(r));
    appendFileSync(join(a.out, 'runs.csv'), runsCsvRows(desc, r));
    records.set(r.index, r);
    progress?.update(records.size);
  });
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    void pool.stop().then(() => {
      progress?.done();
      process.stderr.write(`\nxensim: interrupted with ${records.size} of ${mine.length} runs finished (saved in ${journalPath}); run again with --resume to continue\n`);
      process.exit(130);
    });
  };
  process.on('SIGINT', onSigint);
  progress?.update(records.size);
  await pool.done;
  process.removeListener('SIGINT', onSigint);
  progress?.done();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;

  const { files, rows } = await renderSweepFiles(desc, sortRecords(records.values()), sweepJson);
  writeAllAtomic(a.out, files);
  process.stdout.write(sweepSummaryText(desc, rows));
  say(`${pending.length} runs in ${wallS.toFixed(1)} s on ${poolSize} worker${poolSize === 1 ? '' : 's'}; wrote ${join(a.out, 'summary.csv')}, runs.csv, runs.jsonl, report.html`);
}

/** A sweep file (it has a top-level `base:`, which no scenario has) rather than a scenario. */
export function isSweepText(text: string): boolean {
  return /^base\s*:/m.test(text);
}

/** For `xensim validate`: the sweep's shape in one line, or its errors as file:line:col lines. */
export function checkSweepFile(file: string): { ok: string } | { errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { errors: [`${file}:1:1: cannot read sweep file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  const r = loadSweepText(text, file, { readFile: (p) => readFileSync(p, 'utf8') });
  if ('errors' in r) return { errors: r.errors.map(formatError) };
  const d = r.plan.description;
  return { ok: `ok (sweep: ${d.cells} cells × ${d.replications} replications = ${d.runs} runs, ${d.metrics.length} metrics)` };
}
