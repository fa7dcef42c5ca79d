/**
 * CSV that pandas (`pd.read_csv`) and R (`read.csv`) read without options: one plain
 * header row, units in the column names, no comment lines, an empty cell where a value
 * does not exist (a domain without requests has no p95).
 *
 * domains.csv: one row per domain, totals over the run.
 * series.csv: tidy long form, one row per (sample time, domain), plus a `(host)` row per
 * sample carrying the host's utilisation, power and free memory (those columns are empty
 * on domain rows, and the domain columns empty on host rows, so a group-by-sum over
 * cpu_pct never counts the host twice).
 */
import { stringify } from 'csv-stringify/sync';
import type { DomainResult, LatencySummary, Result } from '../sim/stats/result.js';
import { runSeconds } from './domains.js';

type Cell = string | number;

/** Fixed decimals for derived values, so the text does not carry float noise (0.30000000000000004). */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function latencyCells(prefix: string, s: LatencySummary | undefined): Record<string, Cell> {
  return {
    [`${prefix}count`]: s?.count ?? '',
    [`${prefix}mean_ms`]: s?.mean_ms ?? '',
    [`${prefix}p50_ms`]: s?.p50_ms ?? '',
    [`${prefix}p95_ms`]: s?.p95_ms ?? '',
    [`${prefix}p99_ms`]: s?.p99_ms ?? '',
    [`${prefix}max_ms`]: s?.max_ms ?? '',
  };
}

export function domainsCsv(result: Result): string {
  const durS = runSeconds(result);
  const rows = result.domains.map((d): Record<string, Cell> => ({
    id: d.id,
    name: d.name,
    type: d.type,
    state: d.state,
    vcpus: d.vcpus,
    weight: d.weight,
    cap: d.cap,
    memory_mb: d.memory_mb,
    allocation_mb: d.memory.allocation_mb,
    maxmem_mb: d.memory.maxmem_mb,
    working_set_mb: d.memory.working_set_mb,
    cpu_seconds: d.cpu_seconds,
    cpu_pct: durS > 0 ? round((d.cpu_seconds / durS) * 100, 6) : '',
    wait_seconds: d.wait_seconds,
    blocked_seconds: d.blocked_seconds,
    hypervisor_seconds: d.hypervisor_seconds,
    instructions: d.instructions,
    wakeups: d.wakeups,
    context_switches: d.context_switches,
    wake_latency_ms: d.wake_latency_ms,
    ...latencyCells('requests_', d.requests),
    vbd_reads: d.io.vbd_reads,
    vbd_writes: d.io.vbd_writes,
    read_bytes: d.io.read_bytes,
    write_bytes: d.io.write_bytes,
    ...latencyCells('blk_', d.io.blk_latency),
    net_tx_packets: d.io.net_tx_packets,
    net_rx_packets: d.io.net_rx_packets,
    net_tx_bytes: d.io.net_tx_bytes,
    net_rx_bytes: d.io.net_rx_bytes,
    ring_full_events: d.io.ring_full_events,
    page_faults: d.memory.page_faults,
    swap_reads: d.memory.swap_reads,
    swap_writes: d.memory.swap_writes,
    ballooned_out_mb: d.memory.ballooned_out_mb,
    ballooned_in_mb: d.memory.ballooned_in_mb,
    started_s: d.started_ns / 1e9,
    stopped_s: d.stopped_ns !== undefined ? d.stopped_ns / 1e9 : '',
    failed: d.failed ?? '',
    ...policyCells(result, d),
  }));
  return stringify(rows, { header: true, columns: columnsOf(rows) });
}

/**
 * The scheduler's own columns, last: credit's time by priority
 * (priority_boost_seconds …), the policy's figures under its name (rtds_deadline_misses …)
 * and its parameters (sched_period_us …). Empty cells where a domain has none.
 */
function policyCells(result: Result, d: DomainResult): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  if (d.priority_seconds !== undefined) {
    for (const [k, v] of Object.entries(d.priority_seconds)) cells[`priority_${k}_seconds`] = v;
  }
  const figures = (d as unknown as Record<string, unknown>)[result.scheduler];
  if (figures !== null && typeof figures === 'object') {
    for (const [k, v] of Object.entries(figures)) if (typeof v === 'number') cells[`${result.scheduler}_${k}`] = v;
  }
  for (const [k, v] of Object.entries(d.sched_params ?? {})) cells[`sched_${k}`] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  return cells;
}

/** Every column any row has, in first-seen order (policy columns differ between domains: Dom0 may have none). */
function columnsOf(rows: Record<string, Cell>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

export const SERIES_COLUMNS = [
  'time_s', 'domain', 'cpu_pct', 'alloc_mb', 'target_mb', 'ws_mb', 'io_ops_per_s', 'p95_ms',
  'host_util_pct', 'power_w', 'free_mb',
] as const;

/** The domain name used for host rows: parenthesised, so no xl.cfg name can clash with it. */
export const HOST_ROW = '(host)';

export function seriesCsv(result: Result): string {
  return [...seriesCsvChunks(result)].join('');
}

/**
 * series.csv in pieces (a few thousand rows each), the same bytes as seriesCsv: a large
 * run's series (20,000 domains × 1,500 samples) is far beyond one string.
 */
export function* seriesCsvChunks(result: Result, rowsPerChunk = 20_000): Generator<string> {
  const s = result.series;
  const names = Object.keys(s.domains);
  // csv-stringify's own text for every cell, written directly (it costs ~10 µs a row, which
  // is minutes for a large run); a name that needs quoting goes through csv-stringify.
  const plain = names.map((n) => !/[",\r\n]/.test(n) && n !== '');
  yield stringify([], { header: true, columns: [...SERIES_COLUMNS] });
  let lines: string[] = [];
  const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
  for (let i = 0; i < s.t_ns.length; i++) {
    const time = round(s.t_ns[i] / 1e9, 3);
    lines.push(stringify([[time, HOST_ROW, '', '', '', '', '', '', round(s.host_util[i] * 100, 4), s.power_w[i] ?? '', s.free_mb[i] ?? '']]));
    for (let k = 0; k < names.length; k++) {
      const name = names[k];
      const d = s.domains[name];
      if (plain[k]) {
        lines.push(`${time},${name},${round(d.cpu[i] * 100, 4)},${cell(d.alloc_mb[i])},${cell(d.target_mb[i])},${cell(d.ws_mb[i])},${cell(d.io_ops_per_s[i])},${cell(d.p95_ms[i])},,,\n`);
      } else {
        lines.push(stringify([[time, name, round(d.cpu[i] * 100, 4), d.alloc_mb[i], d.target_mb[i], d.ws_mb[i], d.io_ops_per_s[i], d.p95_ms[i] ?? '', '', '', '']]));
      }
      if (lines.length >= rowsPerChunk) {
        yield lines.join('');
        lines = [];
      }
    }
  }
  if (lines.length > 0) yield lines.join('');
}
