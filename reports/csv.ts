/**
 * CSV for pandas and R: a plain header with units in the names, one row per domain
 * (domains.csv), and the time series in long form (series.csv: a row per time and
 * domain, plus `(host)` rows), empty cells for missing values.
 */
import { stringify } from 'csv-stringify/sync';
import type { Result } from '../sim/stats/result.js';

export function domainsCsv(result: Result): string {
  const rows = result.domains.map((d) => ({
    id: d.id, name: d.name, type: d.type, state: d.state, vcpus: d.vcpus, weight: d.weight, cap: d.cap,
    memory_mb: d.memory_mb, allocation_mb: d.memory.allocation_mb, maxmem_mb: d.memory.maxmem_mb,
    cpu_seconds: d.cpu_seconds, wait_seconds: d.wait_seconds, blocked_seconds: d.blocked_seconds, hypervisor_seconds: d.hypervisor_seconds,
    cpu_pct: result.end_ns > 0 ? +((d.cpu_seconds / (result.end_ns / 1e9)) * 100).toFixed(6) : 0,
    wakeups: d.wakeups, context_switches: d.context_switches, wake_latency_ms: d.wake_latency_ms,
    requests: d.requests?.count ?? '', mean_ms: d.requests?.mean_ms ?? '', p50_ms: d.requests?.p50_ms ?? '', p95_ms: d.requests?.p95_ms ?? '', p99_ms: d.requests?.p99_ms ?? '', max_ms: d.requests?.max_ms ?? '',
    vbd_reads: d.io.vbd_reads, vbd_writes: d.io.vbd_writes, read_bytes: d.io.read_bytes, write_bytes: d.io.write_bytes,
    net_tx_bytes: d.io.net_tx_bytes, net_rx_bytes: d.io.net_rx_bytes, ring_full_events: d.io.ring_full_events,
    page_faults: d.memory.page_faults, swap_reads: d.memory.swap_reads, failed: d.failed ?? '',
  }));
  return stringify(rows, { header: true });
}

export function seriesCsv(result: Result): string {
  const s = result.series;
  const rows: (string | number)[][] = [];
  s.t_ns.forEach((t, i) => {
    const time = +(t / 1e9).toFixed(3);
    rows.push([time, '(host)', +(s.host_util[i] * 100).toFixed(4), '', '', '', '', '', s.power_w[i], s.free_mb[i]]);
    for (const [name, d] of Object.entries(s.domains)) {
      rows.push([time, name, +(d.cpu[i] * 100).toFixed(4), d.alloc_mb[i], d.target_mb[i], d.ws_mb[i], d.io_ops_per_s[i], d.p95_ms[i] ?? '', '', '']);
    }
  });
  return stringify(rows, { header: true, columns: ['time_s', 'domain', 'cpu_pct', 'alloc_mb', 'target_mb', 'ws_mb', 'io_ops_per_s', 'p95_ms', 'power_w', 'free_mb'] });
}
