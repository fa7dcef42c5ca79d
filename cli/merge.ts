/**
 * `xensim merge DIR... --out DIR`: joins the output directories of a sweep's shards (or
 * of partial runs of it) into the directory the whole sweep would have written, byte for
 * byte: same sweep.json (without the shard), same sorted runs, same summary and report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunRecord, parseJournal, type RunRecord, runId, type SweepDescription } from '../sim/experiment/index.js';
import { renderSweepFiles, sweepSummaryText } from '../reports/sweep.js';
import { badInput, sweepJsonText } from './sweep.js';
import { writeAllAtomic } from './write-atomic.js';
import { findShardFiles, mergeShardFiles } from './estate-run.js';
import { formatText, renderOutputFiles } from '../reports/index.js';

export interface MergeArgs {
  dirs: string[];
  out: string;
  quiet: boolean;
  /** Estate shards: also write report.html. */
  html?: boolean;
}

function read(path: string, errors: string[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    errors.push(`${path}:1:1: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
}

export async function mergeCommand(a: MergeArgs): Promise<void> {
  // Shards of a several-host run (xensim run --shard) rather than of a sweep.
  const shardFiles = findShardFiles(a.dirs);
  if (shardFiles.length > 0) return mergeEstate(a, shardFiles);
  const errors: string[] = [];
  let desc: SweepDescription | undefined;
  let descText = '';
  let descFrom = '';
  const records = new Map<number, { record: RunRecord; line: string; from: string }>();
  for (const dir of a.dirs) {
    const descPath = join(dir, 'sweep.json');
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
      descFrom = dir;
    } else if (wholeText !== descText) {
      errors.push(`${descPath}:1:1: a different sweep from the one in ${descFrom} (name, seed, axes, replications or metrics differ)`);
      continue;
    }
    const journalPath = join(dir, 'runs.jsonl');
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
      if (r.index >= desc!.runs || r.run !== runId(desc!, r.index)) {
        errors.push(`${journalPath}:${i + 1}:1: run ${r.run} is not in this sweep's grid`);
        return;
      }
      const prior = records.get(r.index);
      if (prior !== undefined && prior.line !== line) errors.push(`${journalPath}:${i + 1}:1: run ${r.run} differs from the same run in ${prior.from}`);
      else records.set(r.index, { record: r, line, from: dir });
    });
  }
  if (desc === undefined && errors.length === 0) errors.push('merge: no directories given');
  if (errors.length > 0) badInput(errors);
  const missing: string[] = [];
  for (let k = 0; k < desc!.runs; k++) if (!records.has(k)) missing.push(runId(desc!, k));
  if (missing.length > 0) {
    badInput([`merge: ${missing.length} of ${desc!.runs} runs are missing (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}); did every shard finish? (xensim sweep … --shard i/N --resume finishes one)`]);
  }
  const sorted = [...records.keys()].sort((x, y) => x - y).map((k) => records.get(k)!.record);
  const { files, rows } = await renderSweepFiles(desc!, sorted, descText);
  writeAllAtomic(a.out, files);
  process.stdout.write(sweepSummaryText(desc!, rows));
  if (!a.quiet) process.stderr.write(`merged ${sorted.length} runs from ${a.dirs.length} directories into ${a.out}\n`);
}

/** Joins the estate shard files into the outputs `xensim run --out` writes for the whole scenario. */
async function mergeEstate(a: MergeArgs, files: string[]): Promise<void> {
  const m = mergeShardFiles(files);
  if ('errors' in m) badInput(m.errors);
  writeAllAtomic(a.out, await renderOutputFiles(m.result, { html: a.html ?? false }));
  const text = formatText(m.result);
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  if (!a.quiet) process.stderr.write(`merged ${files.length} estate shard files (${m.result.hosts.length} hosts) into ${a.out}\n`);
}
