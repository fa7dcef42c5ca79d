/**
 * What every trace importer shares: the options and result types, a line-by-line
 * parser interface (so a file is read in chunks, never slurped whole), the capped
 * list of bad rows, and the median step of a timestamp column.
 */
import { closeSync, readSync } from 'node:fs';
import { describeError, formatBytes, inputLimit, openRegular } from '../../scenario/read-bounded.js';
import { StringDecoder } from 'node:string_decoder';
import type { UtilTrace } from '../ast.js';

export interface TraceOptions {
  /** Interval between rows (ns) when the format does not say, or to override it. */
  intervalNs?: number;
  /** Reference CPU the utilisation was measured on (GHz per core, cores). */
  refGhz?: number;
  refCores?: number;
  /** For multi-domain formats (xentop): which domain. */
  domain?: string;
}

export interface TraceRowError {
  file: string;
  /** 1-based line in the trace file. */
  line: number;
  message: string;
}

export type TraceImport = { trace: UtilTrace; warnings: string[] } | { errors: TraceRowError[] };

/** An importer fed one line at a time (without its newline), then asked for the result. */
export interface TraceParser {
  line(text: string, lineNo: number): void;
  finish(): TraceImport;
}

/** Bad rows reported at most; the rest are counted in one closing message. */
export const MAX_ROW_ERRORS = 20;

export class RowErrors {
  private readonly list: TraceRowError[] = [];
  private more = 0;
  private firstMoreLine = 0;

  constructor(private readonly file: string) {}

  add(line: number, message: string): void {
    if (this.list.length < MAX_ROW_ERRORS) this.list.push({ file: this.file, line, message });
    else if (this.more++ === 0) this.firstMoreLine = line;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  result(): { errors: TraceRowError[] } {
    const errors = this.list.slice();
    if (this.more > 0) errors.push({ file: this.file, line: this.firstMoreLine, message: `… and ${this.more} more bad row${this.more === 1 ? '' : 's'} (only the first ${MAX_ROW_ERRORS} are listed)` });
    return { errors };
  }
}

/** Median of the positive differences between consecutive values, or undefined. */
export function medianStep(values: ArrayLike<number>): number | undefined {
  const d: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const s = values[i] - values[i - 1];
    if (s > 0) d.push(s);
  }
  if (d.length === 0) return undefined;
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

/** Steps between consecutive values that are not positive, or stray from `step` by more than half. */
export function irregularSteps(values: ArrayLike<number>, step: number): { backwards: number; irregular: number } {
  let backwards = 0, irregular = 0;
  for (let i = 1; i < values.length; i++) {
    const s = values[i] - values[i - 1];
    if (s <= 0) backwards++;
    else if (Math.abs(s - step) > step / 2) irregular++;
  }
  return { backwards, irregular };
}

/** Feeds each line of `text` (1-based numbers, `\r\n` or `\n`, BOM dropped) to `parser`. */
export function feedText(parser: TraceParser, text: string): void {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (!(end === text.length && start === end)) parser.line(text.slice(start, stop), lineNo);
    lineNo++;
    start = end + 1;
  }
}

const CHUNK_BYTES = 1 << 20;

/**
 * Feeds a file to `parser` in 1 MiB chunks, so memory holds the parsed series but
 * never the whole text. Returns an error message if the file cannot be read: not a
 * regular file (a device, FIFO or directory: read-bounded.ts), or longer than the
 * trace limit (inputLimit('trace'), counted as read, not from the reported size).
 */
export function feedFile(parser: TraceParser, file: string, limit = inputLimit('trace')): string | undefined {
  let fd: number;
  try {
    fd = openRegular(file);
  } catch (e) {
    return `cannot read trace: ${describeError(e)}`;
  }
  let total = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let lineNo = 1;
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > limit) return `cannot read trace: larger than ${formatBytes(limit)}, the limit for traces (raise it with --max-input-size)`;
      let text = carry + decoder.write(buf.subarray(0, n));
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        parser.line(text.slice(start, stop), lineNo++);
        start = end + 1;
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (carry.length > 0) parser.line(carry.endsWith('\r') ? carry.slice(0, -1) : carry, lineNo);
  } catch (e) {
    return `cannot read trace: ${describeError(e)}`;
  } finally {
    closeSync(fd);
  }
  return undefined;
}

/** A short, printable excerpt of a bad line for an error message. */
export function excerpt(line: string): string {
  const t = line.trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
