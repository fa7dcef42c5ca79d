/**
 * Generic utilisation series, in one of three shapes:
 * - one value per line;
 * - `timestamp,value` rows (`,` `;` or tab separated);
 * - a CSV with a header row naming its columns: the timestamp column is the one called
 *   time/timestamp/date/ts/t, the utilisation column the one called cpu/util/usage/load/
 *   value (or the only other column).
 * Values are fractions of the reference CPU (0–1, more for several cores) unless the
 * utilisation column's header says % / percent / pct, or any value exceeds 1 — then
 * they are percentages and divided by 100 (a warning says which was assumed).
 * Timestamps are numbers (Unix seconds; above 1e11 read as milliseconds) or ISO dates
 * (`2013-08-12T10:00:00Z`); the interval is their median step, unless given, else 5 min.
 */
import type { UtilTrace } from '../ast.js';
import { excerpt, irregularSteps, medianStep, RowErrors, type TraceImport, type TraceOptions, type TraceParser } from './common.js';

const DEFAULT_INTERVAL_NS = 300e9;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME_NAME = /^(time|timestamp|date|datetime|ts|t)\b/i;
const UTIL_NAME = /cpu|util|usage|load|value|busy/i;
const PERCENT_NAME = /%|percent|pct/i;

function splitFields(line: string): string[] {
  return line.split(/\s*[,;\t]\s*/).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

function isNumber(f: string): boolean {
  return f !== '' && Number.isFinite(Number(f));
}

/** A timestamp in seconds, or NaN. */
function parseTime(f: string): number {
  if (isNumber(f)) {
    const v = Number(f);
    return v > 1e11 ? v / 1000 : v;
  }
  if (ISO_DATE.test(f)) {
    const ms = Date.parse(f.includes('T') || !f.includes(' ') ? f : f.replace(' ', 'T'));
    return Number.isFinite(ms) ? ms / 1000 : NaN;
  }
  return NaN;
}

export function csvParser(file: string, opts: TraceOptions): TraceParser {
  const errors = new RowErrors(file);
  const values: number[] = [];
  const times: number[] = [];
  let first = true;
  let timeCol = -1;
  let valueCol = -1;
  let width = -1;
  let percentHeader = false;
  return {
    line(raw, lineNo) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const f = splitFields(line);
      if (first) {
        first = false;
        const header = f.some((x) => !isNumber(x) && Number.isNaN(parseTime(x)));
        if (header) {
          width = f.length;
          timeCol = f.findIndex((x) => TIME_NAME.test(x));
          valueCol = f.findIndex((x, i) => i !== timeCol && UTIL_NAME.test(x));
          if (valueCol < 0 && f.length === 1) valueCol = 0;
          if (valueCol < 0 && f.length === 2 && timeCol >= 0) valueCol = 1 - timeCol;
          if (valueCol < 0) {
            errors.add(lineNo, `cannot tell which column is the utilisation in header '${excerpt(line)}' (name it cpu, util, usage, load or value)`);
            return;
          }
          percentHeader = PERCENT_NAME.test(f[valueCol]);
          return;
        }
        width = f.length;
        if (width === 2) { timeCol = 0; valueCol = 1; }
        else if (width === 1) valueCol = 0;
        else {
          errors.add(lineNo, `expected 'value' or 'timestamp,value' without a header, got ${width} fields`);
          return;
        }
      }
      if (valueCol < 0) return; // header already reported
      if (f.length !== width) {
        errors.add(lineNo, `expected ${width} field${width === 1 ? '' : 's'}, got ${f.length}: '${excerpt(line)}'`);
        return;
      }
      const v = isNumber(f[valueCol]) ? Number(f[valueCol]) : NaN;
      if (!(v >= 0)) {
        errors.add(lineNo, `utilisation '${f[valueCol]}' is not a non-negative number`);
        return;
      }
      if (timeCol >= 0) {
        const t = parseTime(f[timeCol]);
        if (Number.isNaN(t)) {
          errors.add(lineNo, `timestamp '${f[timeCol]}' is neither a number nor an ISO date`);
          return;
        }
        times.push(t);
      }
      values.push(v);
    },
    finish(): TraceImport {
      if (errors.any) return errors.result();
      if (values.length === 0) return { errors: [{ file, line: 1, message: 'the trace has no values' }] };
      const warnings: string[] = [];
      let max = 0;
      for (const v of values) if (v > max) max = v;
      const percent = percentHeader || max > 1;
      if (percent && !percentHeader) warnings.push(`${file}: values go up to ${max}: read as percentages (divided by 100)`);
      let intervalNs = opts.intervalNs;
      const step = times.length > 1 ? medianStep(times) : undefined;
      if (intervalNs === undefined) {
        if (step !== undefined) intervalNs = step * 1e9;
        else {
          intervalNs = DEFAULT_INTERVAL_NS;
          if (times.length > 1) warnings.push(`${file}: timestamps do not advance; assumed one row per 5 minutes`);
        }
      }
      if (step !== undefined) {
        const { backwards, irregular } = irregularSteps(times, step);
        if (backwards > 0) warnings.push(`${file}: ${backwards} timestamp(s) do not advance; rows are replayed in file order`);
        if (irregular > 0) warnings.push(`${file}: ${irregular} step(s) differ from the median ${step} s by more than half; each row is replayed as one interval`);
      }
      const trace: UtilTrace = {
        source: file,
        intervalNs,
        cpu: percent ? values.map((v) => v / 100) : values,
        refGhz: opts.refGhz ?? 1,
        refCores: opts.refCores ?? 1,
      };
      return { trace, warnings };
    },
  };
}
