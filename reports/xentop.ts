/**
 * An `xentop -b` table of the whole run. Columns and widths as tools/xenstat/xentop/
 * xentop.c (xen-project/xen) prints them: the header is each field's name right-aligned
 * to its default width ("%*s"), fields joined by one space; NAME is "%10.10s" (cut to
 * ten characters), STATE the six letters d s b c p r in that order, CPU(sec) whole
 * seconds (ns / 1e9, truncated), MEM(k)/MAXMEM(k) in KiB, NETTX/NETRX(k) KiB totals,
 * VBD_* request totals and VBD_RSECT/VBD_WSECT 512-byte sectors.
 *
 * CPU(%) in xentop is the share of one pCPU since the previous sample; here the one
 * "sample" is the whole run, so it is cpu_seconds / run seconds × 100 — over 100 for a
 * busy multi-vCPU domain, as in xentop. MEM(%) and MAXMEM(%) are of the host's memory.
 */
import type { DomainResult, Result } from '../sim/stats/result.js';
import { listedDomains, runSeconds } from './domains.js';
import { fixed, right, trunc } from './format.js';

const FIELDS: readonly { header: string; width: number }[] = [
  { header: 'NAME', width: 10 },
  { header: 'STATE', width: 6 },
  { header: 'CPU(sec)', width: 10 },
  { header: 'CPU(%)', width: 6 },
  { header: 'MEM(k)', width: 10 },
  { header: 'MEM(%)', width: 6 },
  { header: 'MAXMEM(k)', width: 10 },
  { header: 'MAXMEM(%)', width: 9 },
  { header: 'VCPUS', width: 5 },
  { header: 'NETS', width: 4 },
  { header: 'NETTX(k)', width: 8 },
  { header: 'NETRX(k)', width: 8 },
  { header: 'VBDS', width: 4 },
  { header: 'VBD_OO', width: 8 },
  { header: 'VBD_RD', width: 8 },
  { header: 'VBD_WR', width: 8 },
  { header: 'VBD_RSECT', width: 10 },
  { header: 'VBD_WSECT', width: 10 },
];

const SECTOR_BYTES = 512;

/** xentop's letter order (state_funcs[] in xentop.c): dying, shutdown, blocked, crashed, paused, running. */
const XENTOP_STATE_ORDER = ['d', 's', 'b', 'c', 'p', 'r'] as const;

export function xentopState(state: string): string {
  return XENTOP_STATE_ORDER.map((c) => (state.includes(c) ? c : '-')).join('');
}

function row(d: DomainResult, result: Result): string[] {
  const durS = runSeconds(result);
  const hostKb = result.host.memory_mb * 1024;
  const memKb = d.memory.allocation_mb * 1024;
  const maxKb = d.memory.maxmem_mb * 1024;
  // Older Results may lack the device counts; a domain that moved data had at least one.
  const nets = d.io.vifs ?? (d.io.net_tx_packets + d.io.net_rx_packets > 0 ? 1 : 0);
  const vbds = d.io.vbds ?? (d.io.vbd_reads + d.io.vbd_writes > 0 ? 1 : 0);
  return [
    right(d.name.slice(0, 10), 10),
    xentopState(d.state),
    right(trunc(d.cpu_seconds), 10),
    fixed(durS > 0 ? (d.cpu_seconds / durS) * 100 : 0, 6, 1),
    right(trunc(memKb), 10),
    fixed((memKb / hostKb) * 100, 6, 1),
    right(trunc(maxKb), 10),
    fixed((maxKb / hostKb) * 100, 9, 1),
    right(d.vcpus, 5),
    right(nets, 4),
    right(trunc(d.io.net_tx_bytes / 1024), 8),
    right(trunc(d.io.net_rx_bytes / 1024), 8),
    right(vbds, 4),
    right(d.io.ring_full_events, 8),
    right(d.io.vbd_reads, 8),
    right(d.io.vbd_writes, 8),
    right(trunc(d.io.read_bytes / SECTOR_BYTES), 10),
    right(trunc(d.io.write_bytes / SECTOR_BYTES), 10),
  ];
}

export function xentop(result: Result): string {
  const lines = [FIELDS.map((f) => right(f.header, f.width)).join(' ')];
  for (const d of listedDomains(result)) lines.push(row(d, result).join(' '));
  return lines.join('\n') + '\n';
}
