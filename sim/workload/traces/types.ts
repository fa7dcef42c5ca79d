/** What every trace importer returns: a UtilTrace with warnings, or the bad rows. */
import type { UtilTrace } from '../ast.js';

export interface TraceOptions {
  /** Interval between rows when the format does not say (ns). */
  intervalNs?: number;
  /** Reference CPU the utilisation was measured on. */
  refGhz?: number;
  refCores?: number;
  /** For multi-domain formats (xentop): which domain. */
  domain?: string;
}

export interface TraceRowError {
  file: string;
  line: number;
  message: string;
}

export type TraceImport = { trace: UtilTrace; warnings: string[] } | { errors: TraceRowError[] };
