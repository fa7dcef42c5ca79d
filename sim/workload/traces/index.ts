/**
 * Trace importers by format name: recorded load → UtilTrace (sim/workload/ast.ts).
 * Files are read line by line in chunks (feedFile), so a long trace costs the memory
 * of its parsed series only. Bad rows come back as `{ file, line, message }` values
 * (the first 20, then a count); the caller refuses to start the run.
 */
import { bitbrainsParser } from './bitbrains.js';
import { feedFile, feedText, type TraceImport, type TraceOptions, type TraceParser } from './common.js';
import { csvParser } from './csv.js';
import { planetLabParser } from './planetlab.js';
import { xentopParser } from './xentop.js';

export type TraceFormat = 'planetlab' | 'bitbrains' | 'xentop' | 'csv';
export const TRACE_FORMATS: TraceFormat[] = ['planetlab', 'bitbrains', 'xentop', 'csv'];
export type { TraceImport, TraceOptions, TraceRowError } from './common.js';
export { MAX_ROW_ERRORS } from './common.js';

function parserFor(format: TraceFormat, file: string, opts: TraceOptions): TraceParser {
  switch (format) {
    case 'planetlab': return planetLabParser(file, opts);
    case 'bitbrains': return bitbrainsParser(file, opts);
    case 'xentop': return xentopParser(file, opts);
    case 'csv': return csvParser(file, opts);
  }
}

/** Options that cannot describe a trace (non-positive interval or reference). */
function badOption(file: string, opts: TraceOptions): TraceImport | undefined {
  for (const k of ['intervalNs', 'refGhz', 'refCores'] as const) {
    const v = opts[k];
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) return { errors: [{ file, line: 1, message: `trace option ${k} must be a positive number (got ${v})` }] };
  }
  return undefined;
}

/** Imports a trace held in a string; `file` names it in messages. */
export function importTraceText(text: string, file: string, format: TraceFormat, opts: TraceOptions = {}): TraceImport {
  const bad = badOption(file, opts);
  if (bad !== undefined) return bad;
  const parser = parserFor(format, file, opts);
  feedText(parser, text);
  return parser.finish();
}

/** Imports a trace file (read in chunks, never whole). */
export function importTrace(file: string, format: TraceFormat, opts: TraceOptions = {}): TraceImport {
  const bad = badOption(file, opts);
  if (bad !== undefined) return bad;
  const parser = parserFor(format, file, opts);
  const readError = feedFile(parser, file);
  if (readError !== undefined) return { errors: [{ file, line: 1, message: readError }] };
  return parser.finish();
}
