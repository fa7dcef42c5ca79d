/**
 * PlanetLab CPU traces (CoMon measurements, as CloudSim ships them): one integer CPU
 * utilisation percentage (0–100) per line, one line per 5-minute interval.
 *
 * Each value becomes the demand of one interval as a fraction of one core
 * (refCores 1). The files do not say how fast that core was; refGhz defaults to
 * 1.0 GHz, a round reference that makes "50 %" mean 0.5 G instructions per second at
 * IPC 1 — scenarios replaying PlanetLab on a faster or slower host should set
 * `ref_ghz`. For scale: CloudSim's PlanetLab examples (examples/power/Constants.java)
 * run these traces in VMs of 500, 1000, 2000 or 2500 MIPS on hosts with 1860 or
 * 2660 MHz cores (HP ProLiant ML110 G4 / G5).
 */
import type { UtilTrace } from '../ast.js';
import { excerpt, RowErrors, type TraceImport, type TraceOptions, type TraceParser } from './common.js';

export const PLANETLAB_INTERVAL_NS = 300e9;
export const PLANETLAB_DEFAULT_REF_GHZ = 1.0;

export function planetLabParser(file: string, opts: TraceOptions): TraceParser {
  const cpu: number[] = [];
  const errors = new RowErrors(file);
  return {
    line(raw, lineNo) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const v = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(line) ? Number(line) : NaN;
      if (!(v >= 0 && v <= 100)) {
        errors.add(lineNo, `'${excerpt(line)}' is not a CPU percentage between 0 and 100`);
        return;
      }
      cpu.push(v / 100);
    },
    finish(): TraceImport {
      if (errors.any) return errors.result();
      if (cpu.length === 0) return { errors: [{ file, line: 1, message: 'the trace has no values' }] };
      const trace: UtilTrace = {
        source: file,
        intervalNs: opts.intervalNs ?? PLANETLAB_INTERVAL_NS,
        cpu,
        refGhz: opts.refGhz ?? PLANETLAB_DEFAULT_REF_GHZ,
        refCores: opts.refCores ?? 1,
      };
      return { trace, warnings: [] };
    },
  };
}
