/**
 * PlanetLab CPU traces (CoMon, as CloudSim ships them): one integer CPU utilisation
 * percentage (0–100) per line, one line per 5-minute interval.
 */
import type { UtilTrace } from '../ast.js';
import type { TraceImport, TraceOptions, TraceRowError } from './types.js';

export const PLANETLAB_INTERVAL_NS = 300e9;

export function importPlanetLab(text: string, file: string, opts: TraceOptions): TraceImport {
  const cpu: number[] = [];
  const errors: TraceRowError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const v = Number(line);
    if (!Number.isFinite(v) || v < 0 || v > 100) {
      if (errors.length < 20) errors.push({ file, line: i + 1, message: `'${line}' is not a CPU percentage between 0 and 100` });
      return;
    }
    cpu.push(v / 100);
  });
  if (errors.length > 0) return { errors };
  if (cpu.length === 0) return { errors: [{ file, line: 1, message: 'the trace has no values' }] };
  const trace: UtilTrace = { source: file, intervalNs: opts.intervalNs ?? PLANETLAB_INTERVAL_NS, cpu, refGhz: opts.refGhz ?? 1, refCores: opts.refCores ?? 1 };
  return { trace, warnings: [] };
}
