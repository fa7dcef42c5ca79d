/**
 * Bitbrains GWA-T-12 (Grid Workloads Archive) VM traces: fields separated by `;` and
 * a tab, header `Timestamp [ms]; CPU cores; CPU capacity provisioned [MHZ]; CPU usage
 * [MHZ]; CPU usage [%]; Memory capacity provisioned [KB]; Memory usage [KB]; Disk read
 * throughput [KB/s]; Disk write throughput [KB/s]; Network received throughput [KB/s];
 * Network transmitted throughput [KB/s]`, one row per 5 minutes.
 *
 * What each field becomes:
 * - reference CPU: refCores = CPU cores, refGhz = provisioned MHz / cores / 1000 (first
 *   row; a warning if later rows differ); both can be overridden;
 * - cpu = CPU usage MHz / (refCores × refGhz × 1000), i.e. the MHz actually used, so the
 *   instructions demanded stay the same whatever reference is chosen;
 * - memMb = Memory usage KB / 1024; disk read/write and network rx/tx = KB/s × 1024 (bytes/s);
 * - interval = median timestamp step (unless given).
 * The header says milliseconds but the published files hold Unix epoch seconds
 * (1376314846 = 2013-08-12): values near 1e9 stepping by minutes are read as seconds,
 * with a warning.
 */
import type { UtilTrace } from '../ast.js';
import { excerpt, irregularSteps, medianStep, RowErrors, type TraceImport, type TraceOptions, type TraceParser } from './common.js';

const COLUMNS = 11;
const DEFAULT_INTERVAL_NS = 300e9;

export function bitbrainsParser(file: string, opts: TraceOptions): TraceParser {
  const errors = new RowErrors(file);
  const ts: number[] = [], usageMhz: number[] = [], memMb: number[] = [];
  const rd: number[] = [], wr: number[] = [], rx: number[] = [], tx: number[] = [];
  let cores = 0, capMhz = 0, resized = 0, seenRow = false;
  return {
    line(raw, lineNo) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      if (!seenRow && /[a-z]/i.test(line)) {
        seenRow = true; // the header row
        return;
      }
      seenRow = true;
      const parts = line.split(';');
      if (parts.length === COLUMNS + 1 && parts[COLUMNS].trim() === '') parts.pop(); // trailing ';'
      const f = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
      if (f.length !== COLUMNS) {
        errors.add(lineNo, `expected ${COLUMNS} fields separated by ';', got ${f.length}: '${excerpt(line)}'`);
        return;
      }
      const bad = f.findIndex((x) => !Number.isFinite(x) || x < 0);
      if (bad >= 0) {
        errors.add(lineNo, `field ${bad + 1} ('${parts[bad].trim()}') is not a non-negative number`);
        return;
      }
      if (ts.length === 0) {
        cores = f[1];
        capMhz = f[2];
      } else if (f[1] !== cores || f[2] !== capMhz) resized++;
      ts.push(f[0]);
      usageMhz.push(f[3]);
      memMb.push(f[6] / 1024);
      rd.push(f[7] * 1024);
      wr.push(f[8] * 1024);
      rx.push(f[9] * 1024);
      tx.push(f[10] * 1024);
    },
    finish(): TraceImport {
      if (errors.any) return errors.result();
      if (ts.length === 0) return { errors: [{ file, line: 1, message: 'the trace has no rows' }] };
      const warnings: string[] = [];
      const step = medianStep(ts);
      // Epoch seconds look like ~1.4e9 stepping by 1 s … 1 h; epoch ms like ~1.4e12 stepping by ≥ 1,000.
      const seconds = step !== undefined && ts[0] >= 1e8 && ts[0] < 1e11 && step >= 1 && step <= 3600;
      const unitNs = seconds ? 1e9 : 1e6;
      if (seconds) {
        const day = new Date(ts[0] * 1000).toISOString().slice(0, 10);
        warnings.push(`${file}: the header says 'Timestamp [ms]' but the values are Unix epoch seconds (${ts[0]} = ${day}, one row every ${step} s); read as seconds`);
      }
      let intervalNs = opts.intervalNs;
      if (intervalNs === undefined) {
        if (step === undefined) {
          intervalNs = DEFAULT_INTERVAL_NS;
          if (ts.length > 1) warnings.push(`${file}: timestamps do not advance; assumed one row per 5 minutes`);
        } else intervalNs = step * unitNs;
      }
      if (step !== undefined) {
        const { backwards, irregular } = irregularSteps(ts, step);
        if (backwards > 0) warnings.push(`${file}: ${backwards} timestamp(s) do not advance; rows are replayed in file order`);
        if (irregular > 0) warnings.push(`${file}: ${irregular} step(s) differ from the median ${step * unitNs / 1e9} s by more than half (gaps in the recording); each row is replayed as one interval`);
      }
      if (resized > 0) warnings.push(`${file}: ${resized} row(s) change the CPU cores or provisioned MHz; demand is measured against the first row's ${cores} × ${capMhz} MHz`);
      const refCores = opts.refCores ?? Math.max(1, cores);
      const refGhz = opts.refGhz ?? (cores > 0 && capMhz > 0 ? capMhz / cores / 1000 : 1);
      const fullMhz = refCores * refGhz * 1000;
      const trace: UtilTrace = {
        source: file,
        intervalNs,
        cpu: usageMhz.map((m) => m / fullMhz),
        refGhz,
        refCores,
        memMb,
        diskReadBps: rd,
        diskWriteBps: wr,
        netRxBps: rx,
        netTxBps: tx,
      };
      return { trace, warnings };
    },
  };
}
