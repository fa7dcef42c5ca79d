/**
 * Run records: one finished run, as a line of runs.jsonl. The journal is appended in
 * completion order while a sweep runs and rewritten sorted by run at the end, so the
 * final file depends on the runs alone — not on worker timing, interruptions or shards.
 */
import type { AxisValue } from './grid.js';

export interface RunRecord {
  run: string;
  /** Index of the run in the grid (cell × replications + replication). */
  index: number;
  cell: number;
  replication: number;
  seed: number;
  axes: Record<string, AxisValue>;
  /** null: the run has no such value (e.g. no requests completed). */
  metrics: Record<string, number | null>;
  events: number;
  /** The identity of the sweep that ran it (cli/sweep.ts sweepIdentity); checked by --resume and merge. */
  sweep?: string;
}

export function recordLine(r: RunRecord): string {
  return JSON.stringify(r) + '\n';
}

export function sortRecords(records: Iterable<RunRecord>): RunRecord[] {
  return [...records].sort((a, b) => a.index - b.index);
}

export interface Journal {
  records: RunRecord[];
  /** 1-based line numbers of lines that are not a run record (a torn last line after a kill). */
  bad: { line: number; message: string }[];
}

export function isRunRecord(v: unknown): v is RunRecord {
  const r = v as RunRecord;
  return typeof r === 'object' && r !== null && typeof r.run === 'string' && Number.isInteger(r.index) && Number.isInteger(r.cell)
    && Number.isInteger(r.replication) && typeof r.seed === 'number' && typeof r.axes === 'object' && typeof r.metrics === 'object' && typeof r.events === 'number';
}

/** Parses runs.jsonl; later lines for the same run replace earlier ones. */
export function parseJournal(text: string): Journal {
  const byIndex = new Map<number, RunRecord>();
  const bad: Journal['bad'] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (i === lines.length - 1) {
      // No newline after it: the write was cut short.
      bad.push({ line: i + 1, message: 'incomplete line (the sweep was stopped while writing it)' });
      return;
    }
    try {
      const v: unknown = JSON.parse(line);
      if (isRunRecord(v)) byIndex.set(v.index, v);
      else bad.push({ line: i + 1, message: 'not a run record' });
    } catch {
      bad.push({ line: i + 1, message: 'not valid JSON' });
    }
  });
  return { records: sortRecords(byIndex.values()), bad };
}
