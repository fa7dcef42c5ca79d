/**
 * `xensim merge DIR... --out DIR`: joins the output directories of a sweep's shards (or
 * of partial runs of it) into the directory the whole sweep would have written, byte for
 * byte: same sweep.json (without the shard), same sorted runs, same summary and report.
 *
 * A directory may hold a whole sweep's files (sweep.json, runs.jsonl) and any number of
 * shards' (sweep.shard-i-of-N.json, runs.shard-i-of-N.jsonl), as when shards share one
 * folder. Every journal line must carry the same sweep identity (cli/sweep.ts). The
 * output folder is checked before anything is read and locked while merge writes it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isRunRecord, parseJournal, type RunRecord, runId, type SweepDescription } from '../sim/experiment/index.js';
import { describeError, readBounded } from '../sim/scenario/read-bounded.js';
import { renderSweepFiles, sweepSummaryText } from '../reports/sweep.js';
import { badInput, sweepJsonText } from './sweep.js';
import { findShardFiles, mergeShardFiles } from './estate-run.js';
import { formatText, renderOutputStreams } from '../reports/index.js';
import { checkOutputDir, saveOutputs } from './output-dir.js';
import { acquireSweepLock, exitOnTermination, lockName } from './sweep-lock.js';

export interface MergeArgs {
  dirs: string[];
  out: string;
  quiet: boolean;
  /** Estate shards: also write report.html. */
  html?: boolean;
}

function read(path: string, errors: string[]): string | undefined {
  try {
    return readBounded(path, 'journal');
  } catch (e) {
    errors.push(`${path}: ${describeError(e)}`);
    return undefined;
  }
}

const DESC_NAME = /^sweep(\.shard-\d+-of-\d+)?\.json$/;

/** The (description, journal) file pairs in `dir`: the whole sweep's, then each shard's. */
function sweepsIn(dir: string, errors: string[]): { desc: string; journal: string }[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      errors.push(`${dir}: is a file, not a sweep's output folder`);
      return [];
    }
    names = readdirSync(dir);
  } catch (e) {
    errors.push(`${dir}: ${describeError(e)}`);
    return [];
  }
  const descs = names.filter((n) => DESC_NAME.test(n)).sort((x, y) => (x === 'sweep.json' ? -1 : y === 'sweep.json' ? 1 : x < y ? -1 : 1));
  if (descs.length === 0) {
    errors.push(`${dir}: no sweep here (no sweep.json or sweep.shard-i-of-N.json)`);
    return [];
  }
  return descs.map((d) => ({ desc: join(dir, d), journal: join(dir, d.replace(/^sweep/, 'runs').replace(/\.json$/, '.jsonl')) }));
}

export async function mergeCommand(a: MergeArgs): Promise<void> {
  // Shards of a several-host run (xensim run --shard) rather than of a sweep.
  const shardFiles = findShardFiles(a.dirs);
  if (shardFiles.length > 0) return mergeEstate(a, shardFiles);
  const errors: string[] = [];
  let desc: SweepDescription | undefined;
  let descText = '';
  let descFrom = '';
  let identity: string | undefined;
  let identityFrom = '';
  const records = new Map<number, { record: RunRecord; line: string; from: string }>();
  for (const dir of a.dirs) {
    for (const pair of sweepsIn(dir, errors)) {
      const descPath = pair.desc;
      const text = read(descPath, errors);
      if (text === undefined) continue;
      let d: SweepDescription & { shard?: string };
      try {
        d = JSON.parse(text) as SweepDescription & { shard?: string };
        if (d.format !== 'xensim-sweep/1') throw new Error(`not a sweep description (format ${JSON.stringify(d.format)})`);
      } catch (e) {
        errors.push(`${descPath}:1:1: ${(e as Error).message}`);
        continue;
      }
      const { shard: _shard, ...whole } = d;
      const wholeText = sweepJsonText(whole as SweepDescription);
      if (desc === undefined) {
        desc = whole as SweepDescription;
        descText = wholeText;
        descFrom = descPath;
      } else if (wholeText !== descText) {
        errors.push(`${descPath}:1:1: a different sweep from the one in ${descFrom} (name, seed, axes, replications or metrics differ)`);
        continue;
      }
      const journalPath = pair.journal;
      if (!existsSync(journalPath)) {
        errors.push(`${journalPath}: no such file (the journal of ${descPath})`);
        continue;
      }
      const journal = read(journalPath, errors);
      if (journal === undefined) continue;
      const j = parseJournal(journal);
      for (const b of j.bad) errors.push(`${journalPath}:${b.line}:1: ${b.message} (resume that shard with --resume to finish it)`);
      journal.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        let r: unknown;
        try {
          r = JSON.parse(line);
        } catch {
          return; // reported by parseJournal
        }
        if (!isRunRecord(r)) return;
        const id = typeof r.sweep === 'string' ? r.sweep : 'none';
        if (identity === undefined) {
          identity = id;
          identityFrom = journalPath;
        } else if (id !== identity) {
          errors.push(`${journalPath}:${i + 1}:1: run ${r.run} was written by another sweep (identity ${id}, not ${identity} as in ${identityFrom}: the sweep file, its base scenario or the xensim version differ)`);
          return;
        }
        if (r.index >= desc!.runs || r.run !== runId(desc!, r.index)) {
          errors.push(`${journalPath}:${i + 1}:1: run ${r.run} is not in this sweep's grid`);
          return;
        }
        const prior = records.get(r.index);
        if (prior !== undefined && prior.line !== line) errors.push(`${journalPath}:${i + 1}:1: run ${r.run} differs from the same run in ${prior.from}`);
        else records.set(r.index, { record: r, line, from: journalPath });
      });
    }
  }
  if (desc === undefined && errors.length === 0) errors.push('merge: no directories given');
  if (errors.length > 0) badInput(errors.slice(0, 50));
  const missing: string[] = [];
  for (let k = 0; k < desc!.runs; k++) if (!records.has(k)) missing.push(runId(desc!, k));
  if (missing.length > 0) {
    badInput([`merge: ${missing.length} of ${desc!.runs} runs are missing (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}); did every shard finish? (xensim sweep … --shard i/N --resume finishes one)`]);
  }
  checkOutputDir(a.out);
  exitOnTermination();
  const release = acquireSweepLock(a.out, lockName(), {
    pid: process.pid, hostname: hostname(), started: new Date().toISOString(), sweep: identity ?? 'none', command: `merge ${a.dirs.join(' ')}`,
  }, (s) => {
    if (!a.quiet) process.stderr.write(s + '\n');
  });
  const sorted = [...records.keys()].sort((x, y) => x - y).map((k) => records.get(k)!.record);
  const { files, rows } = await renderSweepFiles(desc!, sorted, descText);
  saveOutputs(a.out, files, 'merge');
  release();
  process.stdout.write(sweepSummaryText(desc!, rows));
  if (!a.quiet) process.stderr.write(`merged ${sorted.length} runs from ${a.dirs.length} director${a.dirs.length === 1 ? 'y' : 'ies'} into ${a.out}\n`);
}

/** Joins the estate shard files into the outputs `xensim run --out` writes for the whole scenario. */
async function mergeEstate(a: MergeArgs, files: string[]): Promise<void> {
  const m = mergeShardFiles(files);
  if ('errors' in m) badInput(m.errors);
  checkOutputDir(a.out);
  saveOutputs(a.out, await renderOutputStreams(m.result, { html: a.html ?? false }), 'merge');
  const text = formatText(m.result);
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  if (!a.quiet) process.stderr.write(`merged ${files.length} estate shard files (${m.result.hosts.length} hosts) into ${a.out}\n`);
}
