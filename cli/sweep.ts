/**
 * `xensim sweep FILE --out DIR`: every run of a sweep's grid (or of one shard of it) on
 * worker threads, then its summary, charts and report.
 *
 * Resumable: each finished run is appended to DIR/runs.jsonl (one line, one write) and
 * DIR/runs.csv as it arrives; `--resume` reads the journal back (a line cut short by a
 * kill is dropped), rewrites both files atomically, and runs only what is missing. At the
 * end every file is rewritten atomically from the records sorted by run, so the final
 * bytes do not depend on completion order, interruptions or sharding.
 *
 * The folder is the sweep's while it runs (cli/sweep-lock.ts). Every journal line carries
 * the sweep's identity (sweepIdentity: a hash of the xensim version, the sweep file and
 * every file it reads, the base scenario first), and `--resume` refuses a journal of
 * another sweep. A shard (i/N) keeps its own files, named for it — sweep.shard-i-of-N.json,
 * runs.shard-i-of-N.jsonl, runs.shard-i-of-N.csv — so shards may share one folder;
 * `xensim merge` joins them into the files of the whole sweep.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { availableParallelism, hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { chooseShard, loadSweepText, parseJournal, recordLine, type RunRecord, shardRuns, sortRecords, type SweepDescription, type SweepPlan } from '../sim/experiment/index.js';
import { formatError, readInputFile } from '../sim/scenario/load.js';
import { describeError, type InputKind, readBounded } from '../sim/scenario/read-bounded.js';
import { renderSweepFiles, runsCsv, runsCsvRows, sweepSummaryText } from '../reports/sweep.js';
import { runSweepPool } from './sweep-pool.js';
import { writeFileAtomic } from './write-atomic.js';
import { requireKind } from './file-kind.js';
import { checkOutputDir, saveOutputs } from './output-dir.js';
import { acquireSweepLock, exitOnTermination, lockName } from './sweep-lock.js';

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

/** xensim's version (package.json), part of a sweep's identity. */
export function xensimVersion(): string {
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const p = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (p.name === 'xensim' && typeof p.version === 'string') return p.version;
    } catch {
      // not there: try the next
    }
  }
  return 'unknown';
}

/** A sweep's identity: the xensim version, the sweep file's text and every file it read, hashed (16 hex digits). */
export function sweepIdentity(version: string, sweepText: string, readTexts: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of [`xensim ${version}`, sweepText, ...readTexts]) h.update(`${t.length}:`).update(t);
  return h.digest('hex').slice(0, 16);
}

/** Reads and checks a sweep file; exits 2 with file:line:col messages if it is bad. */
export function loadSweepOrExit(file: string): { plan: SweepPlan; warnings: string[]; identity: string } {
  const input = readInputFile(file, 'sweep file');
  if ('errors' in input) badInput(input.errors.map(formatError));
  const texts: string[] = [];
  const readFile = (p: string, kind?: InputKind): string => {
    const t = readBounded(p, kind ?? 'scenario');
    texts.push(t);
    return t;
  };
  const r = loadSweepText(input.text, input.file, { readFile });
  if ('errors' in r) badInput(r.errors.map(formatError));
  return { ...r, identity: sweepIdentity(xensimVersion(), input.text, texts) };
}

/** The file names of a sweep's own files in its folder: a shard's carry `.shard-i-of-N`. */
export function sweepFileNames(shard?: { index: number; count: number }): { desc: string; journal: string; csv: string } {
  const sfx = shard === undefined ? '' : `.shard-${shard.index}-of-${shard.count}`;
  return { desc: `sweep${sfx}.json`, journal: `runs${sfx}.jsonl`, csv: `runs${sfx}.csv` };
}

/** Journal lines (1-based) written by another sweep than `identity`, with the identity found. */
export function foreignLines(journal: string, identity: string): { line: number; found: string }[] {
  const out: { line: number; found: string }[] = [];
  journal.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return; // a torn line: parseJournal reports it
    }
    const found = (v as { sweep?: unknown })?.sweep;
    if (found !== identity) out.push({ line: i + 1, found: typeof found === 'string' ? found : 'none' });
  });
  return out;
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
  requireKind(a.file, 'sweep');
  const { plan, warnings, identity } = loadSweepOrExit(a.file);
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

  // The folder: checked, then ours until we exit.
  checkOutputDir(a.out);
  exitOnTermination();
  acquireSweepLock(a.out, lockName(shard), {
    pid: process.pid, hostname: hostnameOf(), started: new Date().toISOString(), sweep: identity,
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}), command: `sweep ${a.file}`,
  }, say);

  // Resume, or start in an empty directory.
  const names = sweepFileNames(shard);
  const journalPath = join(a.out, names.journal);
  const csvPath = join(a.out, names.csv);
  const records = new Map<number, RunRecord>();
  let journal = '';
  try {
    journal = existsSync(journalPath) ? readBounded(journalPath, 'journal') : '';
  } catch (e) {
    badInput([`${journalPath}: ${describeError(e)}`]);
  }
  if (journal.trim() !== '') {
    if (!a.resume) badInput([`${a.out}: already holds runs of a sweep (${names.journal}); add --resume to continue it, or choose another --out`]);
    const foreign = foreignLines(journal, identity);
    if (foreign.length > 0) {
      const f = foreign[0];
      badInput([`${journalPath}:${f.line}: written by another sweep (identity ${f.found}; this one is ${identity}: the sweep file, its base scenario or the xensim version differ); --resume continues only the same sweep: choose another --out`]);
    }
    const descPath = join(a.out, names.desc);
    const prior = existsSync(descPath) ? readBounded(descPath, 'journal') : '';
    if (prior !== sweepJson) badInput([`${descPath}:1:1: ${a.out} holds ${prior === '' ? 'runs of an unknown sweep' : 'a different sweep or shard'} than ${a.file}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}; choose another --out`]);
    const j = parseJournal(journal);
    for (const b of j.bad) say(`${journalPath}:${b.line}:1: ${b.message}; that run is run again`);
    for (const r of j.records) if (mineSet.has(r.index)) records.set(r.index, r);
  }
  writeFileAtomic(join(a.out, names.desc), sweepJson);
  const kept = sortRecords(records.values());
  writeFileAtomic(journalPath, kept.map(recordLine).join(''));
  writeFileAtomic(csvPath, runsCsv(desc, kept));

  const pending = mine.filter((k) => !records.has(k));
  const poolSize = Math.min(workers, Math.max(1, pending.length));
  say(`sweep ${desc.name}: ${desc.cells} cells × ${desc.replications} replications = ${desc.runs} runs${shard ? `; shard ${shard.index}/${shard.count} (${choice.from}): ${mine.length} runs` : ''}; ${records.size} done, ${pending.length} to run on ${poolSize} worker${poolSize === 1 ? '' : 's'}`);

  const showBar = a.progress && !a.quiet && process.stderr.isTTY === true;
  const progress = showBar ? bar(process.stderr, mine.length) : null;
  const t0 = process.hrtime.bigint();
  let journalBroken = false;
  const pool = runSweepPool(desc, plan.cells, pending, poolSize, (run) => {
    const r: RunRecord = { ...run, sweep: identity };
    records.set(r.index, r);
    if (!journalBroken) {
      try {
        appendFileSync(journalPath, recordLine(r));
        appendFileSync(csvPath, runsCsvRows(desc, r));
      } catch (e) {
        // Keep running: the records stay in memory and are written (or saved elsewhere) at the end.
        journalBroken = true;
        progress?.done();
        process.stderr.write(`warning: ${journalPath}: ${describeError(e)}; the sweep goes on and writes its results at the end (an interruption now loses them)\n`);
      }
    }
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
  // A shard writes only its own files (its summary is partial: merge makes the whole one).
  const mineFiles = shard === undefined ? files : { [names.desc]: files['sweep.json'], [names.journal]: files['runs.jsonl'], [names.csv]: files['runs.csv'] };
  saveOutputs(a.out, mineFiles, 'sweep');
  process.stdout.write(sweepSummaryText(desc, rows));
  if (shard === undefined) say(`${pending.length} runs in ${wallS.toFixed(1)} s on ${poolSize} worker${poolSize === 1 ? '' : 's'}; wrote ${join(a.out, 'summary.csv')}, runs.csv, runs.jsonl, report.html`);
  else say(`${pending.length} runs in ${wallS.toFixed(1)} s on ${poolSize} worker${poolSize === 1 ? '' : 's'}; wrote ${journalPath} (shard ${shard.index}/${shard.count}); when every shard is done: xensim merge DIR... --out DIR`);
}

function hostnameOf(): string {
  return osHostname();
}

/** A sweep file (it has a top-level `base:`, which no scenario has) rather than a scenario. */
export function isSweepText(text: string): boolean {
  return /^base\s*:/m.test(text);
}

/** For `xensim validate`: the sweep's shape in one line, or its errors as file:line:col lines. */
export function checkSweepFile(file: string): { ok: string } | { errors: string[] } {
  const input = readInputFile(file, 'sweep file');
  if ('errors' in input) return { errors: input.errors.map(formatError) };
  const r = loadSweepText(input.text, input.file, { readFile: (p, kind) => readBounded(p, kind ?? 'scenario') });
  if ('errors' in r) return { errors: r.errors.map(formatError) };
  const d = r.plan.description;
  return { ok: `ok (sweep: ${d.cells} cells × ${d.replications} replications = ${d.runs} runs, ${d.metrics.length} metrics)` };
}
