/**
 * `xentop -b` batch output recorded on a real Xen host: blocks that begin with a
 * header line (`NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS NETS
 * NETTX(k) NETRX(k) VBDS VBD_OO VBD_RD VBD_WR …`), then one row per domain, every
 * `-d` seconds (default 3). One domain (opts.domain) becomes the trace: CPU(%) per
 * iteration as demand (can exceed 100 for several vCPUs), MEM(k) as memory, and the
 * per-iteration deltas of the network counters and of VBD_RSECT/VBD_WSECT (× 512 bytes).
 */
import type { UtilTrace } from '../ast.js';
import type { TraceImport, TraceOptions, TraceRowError } from './types.js';

export function importXentop(text: string, file: string, opts: TraceOptions): TraceImport {
  const lines = text.split(/\r?\n/);
  const errors: TraceRowError[] = [];
  let header: string[] | null = null;
  const rows: { line: number; f: Record<string, string> }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const f = line.split(/\s+/);
    if (f[0] === 'NAME') {
      header = f;
      return;
    }
    if (header === null) return; // the summary lines xentop prints above each block
    if (opts.domain !== undefined && f[0] !== opts.domain) return;
    const rec: Record<string, string> = {};
    header.forEach((h, k) => (rec[h] = f[k]));
    rows.push({ line: i + 1, f: rec });
  });
  if (header === null) return { errors: [{ file, line: 1, message: "no 'NAME STATE CPU(sec) …' header: is this `xentop -b` output?" }] };
  if (rows.length === 0) return { errors: [{ file, line: 1, message: opts.domain !== undefined ? `no rows for domain '${opts.domain}'` : 'no domain rows' }] };
  const names = new Set(rows.map((r) => r.f.NAME));
  if (names.size > 1) return { errors: [{ file, line: rows[0].line, message: `several domains (${[...names].join(', ')}): say which with the trace's 'domain'` }] };
  const cpu: number[] = [], memMb: number[] = [], tx: number[] = [], rx: number[] = [], rd: number[] = [], wr: number[] = [];
  const intervalNs = opts.intervalNs ?? 3e9;
  const secs = intervalNs / 1e9;
  let prev: Record<string, number> | null = null;
  let vcpus = 1;
  for (const { line, f } of rows) {
    const num = (k: string): number => Number(f[k]);
    const pct = num('CPU(%)');
    if (!Number.isFinite(pct) || pct < 0 || !Number.isFinite(num('MEM(k)'))) {
      if (errors.length < 20) errors.push({ file, line, message: 'CPU(%) and MEM(k) must be numbers' });
      continue;
    }
    vcpus = Math.max(vcpus, num('VCPUS') || 1);
    cpu.push(pct / 100);
    memMb.push(num('MEM(k)') / 1024);
    const cur = { tx: num('NETTX(k)'), rx: num('NETRX(k)'), rs: num('VBD_RSECT'), ws: num('VBD_WSECT') };
    const d = (a: number, b: number | undefined): number => (Number.isFinite(a) && b !== undefined && Number.isFinite(b) && a >= b ? a - b : 0);
    tx.push((d(cur.tx, prev?.tx) * 1024) / secs);
    rx.push((d(cur.rx, prev?.rx) * 1024) / secs);
    rd.push((d(cur.rs, prev?.rs) * 512) / secs);
    wr.push((d(cur.ws, prev?.ws) * 512) / secs);
    prev = cur;
  }
  if (errors.length > 0) return { errors };
  // CPU(%) is of one pCPU: demand of up to `vcpus` cores.
  const trace: UtilTrace = { source: file, intervalNs, cpu: cpu.map((c) => c / vcpus), refGhz: opts.refGhz ?? 1, refCores: opts.refCores ?? vcpus, memMb, netTxBps: tx, netRxBps: rx, diskReadBps: rd, diskWriteBps: wr };
  return { trace, warnings: [] };
}
