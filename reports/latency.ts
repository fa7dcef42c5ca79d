/**
 * Per-domain latency: request response times (begin → end in the workload) and block
 * I/O latency (guest issue → guest completion), in ms. Our own layout, in the spirit
 * of the tools above: fixed-width columns, right-aligned numbers.
 */
import type { LatencySummary, Result } from '../sim/stats/result.js';
import { listedDomains } from './domains.js';
import { fixed, left, right } from './format.js';

export const LATENCY_HEADER =
  `${left('Name', 16)} ${left('What', 9)} ${right('Count', 10)} ${right('Mean(ms)', 9)} ${right('p50(ms)', 9)} ` +
  `${right('p95(ms)', 9)} ${right('p99(ms)', 9)} ${right('Max(ms)', 9)}`;

export interface LatencyRow {
  domain: string;
  what: 'requests' | 'block I/O';
  latency: LatencySummary;
}

/** Every latency summary with at least one sample, in listing order. */
export function latencyRows(result: Result): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const d of listedDomains(result)) {
    if (d.requests !== undefined && d.requests.count > 0) rows.push({ domain: d.name, what: 'requests', latency: d.requests });
    const blk = d.io.blk_latency;
    if (blk !== undefined && blk.count > 0) rows.push({ domain: d.name, what: 'block I/O', latency: blk });
  }
  return rows;
}

/** The table, or '' when no domain has a latency sample. */
export function latencyTable(result: Result): string {
  const rows = latencyRows(result);
  if (rows.length === 0) return '';
  const lines = [LATENCY_HEADER];
  for (const { domain, what, latency: s } of rows) {
    lines.push(
      `${left(domain, 16)} ${left(what, 9)} ${right(s.count, 10)} ${fixed(s.mean_ms, 9, 2)} ${fixed(s.p50_ms, 9, 2)} ` +
        `${fixed(s.p95_ms, 9, 2)} ${fixed(s.p99_ms, 9, 2)} ${fixed(s.max_ms, 9, 2)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** True when some domain completed requests (formatText shows the table only then). */
export function hasRequests(result: Result): boolean {
  return result.domains.some((d) => (d.requests?.count ?? 0) > 0);
}
