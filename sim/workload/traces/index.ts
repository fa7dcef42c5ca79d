/** Trace importers by format name: recorded load → UtilTrace. */
import { readFileSync } from 'node:fs';
import { importBitbrains } from './bitbrains.js';
import { importCsv } from './csv.js';
import { importPlanetLab } from './planetlab.js';
import { importXentop } from './xentop.js';
import type { TraceImport, TraceOptions } from './types.js';

export type TraceFormat = 'planetlab' | 'bitbrains' | 'xentop' | 'csv';
export const TRACE_FORMATS: TraceFormat[] = ['planetlab', 'bitbrains', 'xentop', 'csv'];
export type { TraceImport, TraceOptions } from './types.js';

export function importTraceText(text: string, file: string, format: TraceFormat, opts: TraceOptions = {}): TraceImport {
  switch (format) {
    case 'planetlab': return importPlanetLab(text, file, opts);
    case 'bitbrains': return importBitbrains(text, file, opts);
    case 'xentop': return importXentop(text, file, opts);
    default: return importCsv(text, file, opts);
  }
}

export function importTrace(file: string, format: TraceFormat, opts: TraceOptions = {}): TraceImport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { errors: [{ file, line: 1, message: `cannot read trace: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  return importTraceText(text, file, format, opts);
}
