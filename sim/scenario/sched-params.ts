/**
 * The scheduling vocabulary of a scenario beyond weight and cap: a domain's `sched:` block
 * (xl.cfg's period/slice/latency/extratime, rtds budgets, bvt's warp), and the timeline's
 * per-policy commands, named as xm/xl name them (`xl sched-credit2`, `xl sched-rtds`,
 * `xm sched-sedf`, `xm sched-bvt`).
 */
import type { DomainSchedSpec } from '../xen/params.js';
import type { SchedulerName } from '../xen/version.js';

export const SCHED_COMMANDS = ['sched-credit', 'sched-credit2', 'sched-rtds', 'sched-sedf', 'sched-bvt'] as const;
export type SchedCommand = (typeof SCHED_COMMANDS)[number];

export function isSchedCommand(k: string): k is SchedCommand {
  return (SCHED_COMMANDS as readonly string[]).includes(k);
}

/** The policy a command talks to (`sched-credit2` → credit2). */
export function schedCommandPolicy(k: SchedCommand): SchedulerName {
  return k.slice('sched-'.length) as SchedulerName;
}

/** A `sched:` block or a timeline command's fields, as the schema gives them (times in ns). */
export interface RawSched {
  period?: number;
  budget?: number;
  slice?: number;
  latency?: number;
  extratime?: boolean;
  mcuadv?: number;
  warpback?: boolean;
  warpvalue?: number;
  warpl?: number;
  warpu?: number;
}

/**
 * Checks and converts the fields; `err(field, message)` reports a bad one. Undefined when nothing is given.
 * `zeroPeriod`: period 0 is allowed (`xm sched-sedf -p 0 -w W -e 1`: an extratime-only, weight-driven domain).
 */
export function domainSched(r: RawSched, err: (field: string, message: string) => void, zeroPeriod = false): DomainSchedSpec | undefined {
  const s: DomainSchedSpec = {};
  if (r.period !== undefined) {
    if (r.period < 0 || (r.period === 0 && !zeroPeriod)) err('period', 'period must be above 0');
    s.periodNs = r.period;
  }
  if (r.budget !== undefined) {
    if (r.budget <= 0) err('budget', 'budget must be above 0');
    if (r.period !== undefined && r.budget > r.period) err('budget', `budget (${r.budget / 1e6} ms) must not exceed the period (${r.period / 1e6} ms), as libxl requires`);
    s.budgetNs = r.budget;
  }
  if (r.slice !== undefined) {
    if (r.period !== undefined && r.slice > r.period) err('slice', `slice (${r.slice / 1e6} ms) must not exceed the period (${r.period / 1e6} ms)`);
    s.sliceNs = r.slice;
  }
  if (r.latency !== undefined) s.latencyNs = r.latency;
  if (r.extratime !== undefined) s.extratime = r.extratime;
  if (r.mcuadv !== undefined) s.mcuAdvance = r.mcuadv;
  if (r.warpback !== undefined) s.warpBack = r.warpback;
  if (r.warpvalue !== undefined) s.warpValue = r.warpvalue;
  if (r.warpl !== undefined) s.warpLimitNs = r.warpl;
  if (r.warpu !== undefined) s.unwarpNs = r.warpu;
  return Object.keys(s).length > 0 ? s : undefined;
}
