/**
 * Generic utilisation series: one value per line, or CSV with a timestamp column and
 * a utilisation column (a header row is detected). Values above 1 are read as
 * percentages. The interval comes from the timestamps (median step, in seconds) or
 * from the options (default 5 minutes).
 */
import type { UtilTrace } from '../ast.js';
import type { TraceImport, TraceOptions, TraceRowError } from './types.js';

export function importCsv(text: string, file: string, opts: TraceOptions): TraceImport {
  const lines = text.split(/\r?\n/);
  const errors: TraceRowError[] = [];
  const ts: number[] = [];
  const raw: number[] = [];
  lines.forEach((l, i) => {
    const line = l.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = line.split(/[,;\t]\s*/);
    if (i === 0 && f.some((x) => x !== '' && Number.isNaN(Number(x)))) return; // header
    const nums = f.map(Number);
    if (nums.some((x) => !Number.isFinite(x)) || nums.length > 2) {
      if (errors.length < 20) errors.push({ file, line: i + 1, message: `expected 'value' or 'timestamp,value', got '${line.slice(0, 60)}'` });
      return;
    }
    if (nums.length === 2) ts.push(nums[0]);
    const v = nums[nums.length - 1];
    if (v < 0) {
      if (errors.length < 20) errors.push({ file, line: i + 1, message: `utilisation cannot be negative (${v})` });
      return;
    }
    raw.push(v);
  });
  if (errors.length > 0) return { errors };
  if (raw.length === 0) return { errors: [{ file, line: 1, message: 'the trace has no values' }] };
  const percent = raw.some((v) => v > 1);
  let intervalNs = opts.intervalNs ?? 300e9;
  if (opts.intervalNs === undefined && ts.length > 1) {
    const d = ts.slice(1).map((t, i) => t - ts[i]).sort((a, b) => a - b);
    if (d[Math.floor(d.length / 2)] > 0) intervalNs = d[Math.floor(d.length / 2)] * 1e9;
  }
  const trace: UtilTrace = { source: file, intervalNs, cpu: raw.map((v) => (percent ? v / 100 : v)), refGhz: opts.refGhz ?? 1, refCores: opts.refCores ?? 1 };
  return { trace, warnings: [] };
}
