/**
 * `xentop -b` (batch) logs recorded on a real Xen host. Layout, as printed by Xen's
 * tools/xenstat/xentop/xentop.c: every `-d` seconds (default 3) a header line
 *   NAME  STATE   CPU(sec) CPU(%)  MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS
 *   NETTX(k) NETRX(k) VBDS VBD_OO VBD_RD VBD_WR [VBD_RSECT VBD_WSECT] SSID
 * then one row per domain (no summary lines in batch mode). Names are cut to 10
 * characters unless `-f`; an unlimited MAXMEM(k) prints as `no limit` (two words) and
 * MAXMEM(%) as `n/a`; CPU(%) is the share of one pCPU since the previous sample (so it
 * can exceed 100 with several vCPUs, and is 0.0 in the first sample); NETTX/NETRX (KiB)
 * and the VBD counters are totals since the domain started. Lines from `-v`, `-n`,
 * `-x` (VCPUs, Net, VBD details) are skipped; `-r` (a header before each row) is fine.
 *
 * One domain (opts.domain; may be omitted if the log holds only one) becomes the trace:
 * each of its rows after the first is one interval (the first carries no rates):
 * - cpu = CPU(%) / 100 / refCores with refCores = VCPUS (the most seen) unless given;
 * - memMb = MEM(k) / 1024;
 * - netTx/netRx = Δ NETTX(k)/NETRX(k) × 1024 / interval (bytes/s);
 * - diskRead/diskWrite = Δ VBD_RSECT/VBD_WSECT × 512 / interval, when those columns
 *   exist (older xentop lacks them; a warning says disk throughput was not imported).
 * A counter that goes down (the domain restarted) counts from zero again.
 * interval = opts.intervalNs (the `-d` given when recording), default 3 s; refGhz
 * defaults to 1.0 (batch output does not print the host's MHz).
 */
import type { UtilTrace } from '../ast.js';
import { excerpt, RowErrors, type TraceImport, type TraceOptions, type TraceParser } from './common.js';

export const XENTOP_DEFAULT_INTERVAL_NS = 3e9;
/** xentop prints names with %10.10s unless run with -f. */
const XENTOP_NAME_WIDTH = 10;
const STATE = /^[-dsbcpr]{6}$/;
const SECTOR_BYTES = 512;

interface Sample {
  line: number;
  cpuPct: number;
  memK: number;
  vcpus: number;
  txK: number;
  rxK: number;
  rsect: number;
  wsect: number;
}

export function xentopParser(file: string, opts: TraceOptions): TraceParser {
  const errors = new RowErrors(file);
  let cols: Map<string, number> | null = null;
  let headerTokens = 0;
  let headers = 0;
  // Per header block: rows seen and whether the wanted domain was among them.
  let blockRows = 0, blockHadWant = false, maxBlockRows = 0, blocksWithout = 0;
  const closeBlock = (): void => {
    if (blockRows > 0 && !blockHadWant) blocksWithout++;
    if (blockRows > maxBlockRows) maxBlockRows = blockRows;
    blockRows = 0;
    blockHadWant = false;
  };
  const names = new Map<string, number>(); // name → rows
  const samples: Sample[] = [];
  let hasSectors = false;
  const want = opts.domain;
  const matches = (name: string): boolean =>
    want === undefined || name === want || (want.length > XENTOP_NAME_WIDTH && name === want.slice(0, XENTOP_NAME_WIDTH));

  return {
    line(raw, lineNo) {
      const line = raw.trim();
      if (line === '') return;
      const t = line.split(/\s+/);
      if (t[0] === 'NAME' && t.includes('CPU(%)')) {
        cols = new Map(t.map((h, i) => [h, i]));
        headerTokens = t.length;
        hasSectors = cols.has('VBD_RSECT') && cols.has('VBD_WSECT');
        headers++;
        closeBlock();
        return;
      }
      if (cols === null) return; // anything before the first header
      // `no limit` is one column printed as two words.
      for (let i = 1; i < t.length - 1; i++) if (t[i] === 'no' && t[i + 1] === 'limit') t.splice(i, 2, 'no-limit');
      if (t.length < 2 || !STATE.test(t[1])) return; // -v/-n/-x detail lines
      if (t.length !== headerTokens) {
        errors.add(lineNo, `expected ${headerTokens} columns as the header says, got ${t.length}: '${excerpt(line)}'`);
        return;
      }
      const name = t[0];
      names.set(name, (names.get(name) ?? 0) + 1);
      blockRows++;
      if (!matches(name)) return;
      blockHadWant = true;
      const c = cols;
      const num = (h: string): number => {
        const i = c.get(h);
        return i === undefined ? NaN : Number(t[i]);
      };
      const s: Sample = {
        line: lineNo,
        cpuPct: num('CPU(%)'),
        memK: num('MEM(k)'),
        vcpus: num('VCPUS'),
        txK: num('NETTX(k)'),
        rxK: num('NETRX(k)'),
        rsect: hasSectors ? num('VBD_RSECT') : 0,
        wsect: hasSectors ? num('VBD_WSECT') : 0,
      };
      const bad = (['cpuPct', 'memK', 'vcpus', 'txK', 'rxK', 'rsect', 'wsect'] as const).find((k) => !(s[k] >= 0));
      if (bad !== undefined) {
        errors.add(lineNo, `${name}: ${FIELD_NAMES[bad]} is not a non-negative number`);
        return;
      }
      samples.push(s);
    },
    finish(): TraceImport {
      closeBlock();
      if (errors.any) return errors.result();
      if (headers === 0) return { errors: [{ file, line: 1, message: "no 'NAME STATE CPU(sec) CPU(%) …' header line: is this `xentop -b` output?" }] };
      if (want === undefined && names.size > 1) {
        return { errors: [{ file, line: 1, message: `the log holds several domains (${[...names.keys()].join(', ')}): say which with the trace's 'domain'` }] };
      }
      if (samples.length === 0) {
        return { errors: [{ file, line: 1, message: want !== undefined ? `no rows for domain '${want}' (domains in the log: ${[...names.keys()].join(', ') || 'none'})` : 'no domain rows' }] };
      }
      if (samples.length < 2) return { errors: [{ file, line: samples[0].line, message: 'need at least two samples of the domain: the first only sets the counters' }] };
      const warnings: string[] = [];
      const intervalNs = opts.intervalNs ?? XENTOP_DEFAULT_INTERVAL_NS;
      const secs = intervalNs / 1e9;
      let vcpus = 1;
      for (const s of samples) if (s.vcpus > vcpus) vcpus = s.vcpus;
      const refCores = opts.refCores ?? vcpus;
      const n = samples.length - 1;
      const cpu = new Array<number>(n), memMb = new Array<number>(n);
      const tx = new Array<number>(n), rx = new Array<number>(n), rd = new Array<number>(n), wr = new Array<number>(n);
      let restarts = 0;
      const delta = (cur: number, prev: number): number => {
        if (cur >= prev) return cur - prev;
        restarts++;
        return cur;
      };
      for (let i = 0; i < n; i++) {
        const p = samples[i], s = samples[i + 1];
        cpu[i] = s.cpuPct / 100 / refCores;
        memMb[i] = s.memK / 1024;
        tx[i] = (delta(s.txK, p.txK) * 1024) / secs;
        rx[i] = (delta(s.rxK, p.rxK) * 1024) / secs;
        rd[i] = (delta(s.rsect, p.rsect) * SECTOR_BYTES) / secs;
        wr[i] = (delta(s.wsect, p.wsect) * SECTOR_BYTES) / secs;
      }
      if (restarts > 0) warnings.push(`${file}: counters went backwards ${restarts} time(s) (domain restarted?); counted from zero there`);
      if (!hasSectors) warnings.push(`${file}: no VBD_RSECT/VBD_WSECT columns (older xentop): disk throughput not imported`);
      // Without -r there is one header per sample, so a block without the domain is a gap.
      if (maxBlockRows > 1 && blocksWithout > 0) {
        warnings.push(`${file}: domain '${want ?? ''}' is missing from ${blocksWithout} of ${headers} samples (not running then?); those samples are skipped`);
      }
      const trace: UtilTrace = {
        source: opts.domain !== undefined ? `${file} (${opts.domain})` : file,
        intervalNs,
        cpu,
        refGhz: opts.refGhz ?? 1,
        refCores,
        memMb,
        netTxBps: tx,
        netRxBps: rx,
        ...(hasSectors ? { diskReadBps: rd, diskWriteBps: wr } : {}),
      };
      return { trace, warnings };
    },
  };
}

const FIELD_NAMES = { cpuPct: 'CPU(%)', memK: 'MEM(k)', vcpus: 'VCPUS', txK: 'NETTX(k)', rxK: 'NETRX(k)', rsect: 'VBD_RSECT', wsect: 'VBD_WSECT' } as const;
