/**
 * The tables a Xen admin reads: `xm list` as the talk shows it (Xen 2.0/3.0's xm:
 * `Name Id Mem(MB) CPU State Time(s) Console`, tools/python/xen/xm/main.py), today's
 * `xl list` (`Name ID Mem VCPUs State Time(s)`, tools/xl/xl_list.c), an `xentop -b`
 * like table, and per-domain latency. Pure functions of the Result.
 *
 * Mem: xm showed the balloon target (memory_dynamic_max); xl shows the pages held.
 */
import type { DomainResult, Result } from '../sim/stats/result.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function sorted(result: Result): DomainResult[] {
  return [...result.domains].sort((a, b) => a.id - b.id);
}

/** xm list, the talk's layout. CPU is the pCPU the domain last ran on (0 on a 1-pCPU host). */
export function xmList(result: Result): string {
  const lines = [`${pad('Name', 16)} ${lpad('Id', 3)} ${lpad('Mem(MB)', 8)} ${lpad('CPU', 4)} ${lpad('State', 6)} ${lpad('Time(s)', 9)} ${lpad('Console', 8)}`];
  for (const d of sorted(result)) {
    if (d.failed !== undefined) continue;
    const state = d.state.slice(0, 5);
    const console = d.id === 0 ? '' : String(9600 + d.id);
    lines.push(`${pad(d.name, 16)} ${lpad(String(d.id), 3)} ${lpad(String(Math.round(d.memory_mb)), 8)} ${lpad('0', 4)} ${lpad(state, 6)} ${lpad(d.cpu_seconds.toFixed(1), 9)} ${lpad(console, 8)}`);
  }
  return lines.join('\n') + '\n';
}

/** xl list: "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f". */
export function xlList(result: Result): string {
  const lines = [`${pad('Name', 40)} ${lpad('ID', 5)} ${lpad('Mem', 5)} ${lpad('VCPUs', 5)}\tState\tTime(s)`];
  for (const d of sorted(result)) {
    if (d.failed !== undefined) continue;
    lines.push(`${pad(d.name, 40)} ${lpad(String(d.id), 5)} ${lpad(String(Math.round(d.memory.allocation_mb)), 5)} ${lpad(String(d.vcpus), 5)}     ${pad(d.state, 6)}  ${lpad(d.cpu_seconds.toFixed(1), 8)}`);
  }
  return lines.join('\n') + '\n';
}

/** xentop -b: one row per domain, totals over the run. */
export function xentop(result: Result): string {
  const durS = result.end_ns / 1e9 || 1;
  const hostKb = result.host.memory_mb * 1024;
  const cols = ['NAME', 'STATE', 'CPU(sec)', 'CPU(%)', 'MEM(k)', 'MEM(%)', 'MAXMEM(k)', 'MAXMEM(%)', 'VCPUS', 'NETS', 'NETTX(k)', 'NETRX(k)', 'VBDS', 'VBD_OO', 'VBD_RD', 'VBD_WR'];
  const widths = [10, 6, 10, 6, 10, 6, 10, 9, 5, 4, 8, 8, 4, 8, 8, 8];
  const row = (cells: string[]): string => cells.map((c, i) => lpad(c, widths[i])).join(' ');
  const lines = [row(cols)];
  for (const d of sorted(result)) {
    if (d.failed !== undefined) continue;
    const memK = d.memory.allocation_mb * 1024;
    const maxK = d.memory.maxmem_mb * 1024;
    lines.push(row([
      d.name.slice(0, 10), d.state.slice(0, 6), String(Math.round(d.cpu_seconds)), ((d.cpu_seconds / durS) * 100).toFixed(1),
      String(Math.round(memK)), ((memK / hostKb) * 100).toFixed(1), String(Math.round(maxK)), ((maxK / hostKb) * 100).toFixed(1),
      String(d.vcpus), d.id === 0 ? '0' : String(d.io.net_tx_packets > 0 || d.io.net_rx_packets > 0 ? 1 : 0),
      String(Math.round(d.io.net_tx_bytes / 1024)), String(Math.round(d.io.net_rx_bytes / 1024)),
      String(d.io.vbd_reads + d.io.vbd_writes > 0 ? 1 : 0), String(d.io.ring_full_events), String(d.io.vbd_reads), String(d.io.vbd_writes),
    ]));
  }
  return lines.join('\n') + '\n';
}

/** Requests and block I/O latency per domain, in ms. */
export function latencyTable(result: Result): string {
  const head = `${pad('Name', 16)} ${lpad('What', 9)} ${lpad('Count', 9)} ${lpad('Mean', 9)} ${lpad('p50', 9)} ${lpad('p95', 9)} ${lpad('p99', 9)} ${lpad('Max', 9)}`;
  const lines = [head];
  for (const d of sorted(result)) {
    for (const [what, s] of [['requests', d.requests], ['block I/O', d.io.blk_latency]] as const) {
      if (s === undefined) continue;
      lines.push(`${pad(d.name, 16)} ${lpad(what, 9)} ${lpad(String(s.count), 9)} ${lpad(s.mean_ms.toFixed(2), 9)} ${lpad(s.p50_ms.toFixed(2), 9)} ${lpad(s.p95_ms.toFixed(2), 9)} ${lpad(s.p99_ms.toFixed(2), 9)} ${lpad(s.max_ms.toFixed(2), 9)}`);
    }
  }
  return lines.length > 1 ? lines.join('\n') + '\n' : '';
}
