/**
 * Bitbrains GWA-T-12 (Grid Workloads Archive) VM traces: `;`+tab separated, header
 * `Timestamp [ms]; CPU cores; CPU capacity provisioned [MHZ]; CPU usage [MHZ]; CPU usage [%];
 * Memory capacity provisioned [KB]; Memory usage [KB]; Disk read throughput [KB/s];
 * Disk write throughput [KB/s]; Network received throughput [KB/s]; Network transmitted throughput [KB/s]`,
 * one row per 5 minutes. CPU demand = usage MHz / provisioned MHz of `cores` cores at
 * provisioned MHz / cores. The header says milliseconds but the published files hold
 * Unix seconds (1376314846 = 2013-08-12): the importer notices and says so.
 */
import type { UtilTrace } from '../ast.js';
import type { TraceImport, TraceOptions, TraceRowError } from './types.js';

const COLUMNS = 11;

export function importBitbrains(text: string, file: string, opts: TraceOptions): TraceImport {
  const lines = text.split(/\r?\n/);
  const errors: TraceRowError[] = [];
  const ts: number[] = [];
  const cpu: number[] = [], memMb: number[] = [], rd: number[] = [], wr: number[] = [], rx: number[] = [], tx: number[] = [];
  let cores = 0, capMhz = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || (i === 0 && /timestamp/i.test(line))) return;
    const f = line.split(/;\s*/).map(Number);
    if (f.length !== COLUMNS || f.some((x) => !Number.isFinite(x) || x < 0)) {
      if (errors.length < 20) errors.push({ file, line: i + 1, message: `expected ${COLUMNS} non-negative numbers separated by ';', got '${line.slice(0, 60)}'` });
      return;
    }
    ts.push(f[0]);
    if (cores === 0) { cores = f[1]; capMhz = f[2]; }
    cpu.push(f[2] > 0 ? f[3] / f[2] : f[4] / 100);
    memMb.push(f[6] / 1024);
    rd.push(f[7] * 1024); wr.push(f[8] * 1024); rx.push(f[9] * 1024); tx.push(f[10] * 1024);
  });
  if (errors.length > 0) return { errors };
  if (cpu.length === 0) return { errors: [{ file, line: 1, message: 'the trace has no rows' }] };
  const warnings: string[] = [];
  const deltas = ts.slice(1).map((t, i) => t - ts[i]).filter((d) => d > 0).sort((a, b) => a - b);
  let step = deltas.length > 0 ? deltas[Math.floor(deltas.length / 2)] : 300;
  let unitNs = 1e6; // as the header says: milliseconds
  if (ts[0] > 1e8 && ts[0] < 1e10 && step >= 1 && step < 10_000) {
    unitNs = 1e9;
    warnings.push(`${file}: the header says 'Timestamp [ms]' but the values are Unix seconds (${ts[0]} = ${new Date(ts[0] * 1000).toISOString().slice(0, 10)}); read as seconds`);
  }
  step *= unitNs;
  const trace: UtilTrace = {
    source: file,
    intervalNs: opts.intervalNs ?? step,
    cpu,
    refGhz: opts.refGhz ?? (cores > 0 ? capMhz / cores / 1000 : 1),
    refCores: opts.refCores ?? Math.max(1, cores),
    memMb, diskReadBps: rd, diskWriteBps: wr, netRxBps: rx, netTxBps: tx,
  };
  return { trace, warnings };
}
