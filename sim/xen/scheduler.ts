/**
 * The scheduler interface, as Xen's `struct scheduler` operations table
 * (xen/common/sched/private.h): the generic core (host.ts, as core.c) keeps who runs
 * where and accounts time; a policy decides who runs next and for how long.
 * Each policy lives in sim/xen/schedulers/ and registers itself by the name a scenario uses.
 */
import type { Domain } from './domain.js';
import type { Host } from './host.js';
import type { Pcpu } from './pcpu.js';
import type { Vcpu } from './vcpu.js';
import type { SchedChange, SchedulerSpec } from './params.js';

export interface Scheduler {
  readonly name: string;
  /**
   * `scheduler: { bookkeeping: lazy }`: the policy may keep its bookkeeping timers (and
   * the core's slice ends) off the clock while they cannot change a decision, and run
   * them when something looks at the state (Host.quiet; credit.ts, "quiet stretches").
   */
  readonly lazy: boolean;
  /** A vCPU comes into being (domain creation); it is not runnable yet. */
  insertVcpu(v: Vcpu, nowNs: number): void;
  /** A vCPU goes away (domain destroyed). */
  removeVcpu(v: Vcpu, nowNs: number): void;
  /** A vCPU became runnable: queue it and tickle pCPUs (host.tickle). */
  wake(v: Vcpu, nowNs: number): void;
  /** A runnable vCPU stopped being runnable (blocked or paused). */
  sleep(v: Vcpu, nowNs: number): void;
  /**
   * Chooses what pCPU p runs next: set p.next (null = idle) and p.nextSliceNs.
   * p.current is what it runs now (maybe blocked); a still-runnable current that is
   * not chosen must be queued again by the policy.
   */
  doSchedule(p: Pcpu, nowNs: number): void;
  /**
   * `xl sched-credit -d dom -w W -c C`, `xl sched-rtds -d dom -p P -b B`, …: only the
   * fields given change (absent for a policy with no per-domain parameters).
   */
  adjust?(d: Domain, change: SchedChange, nowNs: number): void;
  /**
   * The policy's own figures of a domain for its Result entry (credit: time by priority;
   * rtds: deadline misses; …), as plain JSON fields merged into the domain's result;
   * undefined = none. Called once at the end of the run, after Host.settle.
   */
  domainFigures?(d: Domain, nowNs: number): Record<string, unknown> | undefined;
  /**
   * The domain's current parameters beyond weight and cap, as its `xl sched-*` command lists
   * them (rtds: period_us, budget_us, extratime; sedf: period_ms, slice_ms, latency_ms,
   * extratime, weight; bvt: mcuadv, warpback, warpvalue, warpl_ms, warpu_ms); undefined = none.
   */
  domainParams?(d: Domain): Record<string, number | boolean> | undefined;
  /** Host-wide figures of the policy for the host's Result entry (`scheduler_figures`), if any. */
  hostFigures?(nowNs: number): Record<string, unknown> | undefined;
}

export type SchedulerFactory = (host: Host, spec: SchedulerSpec) => Scheduler;

const registry = new Map<string, SchedulerFactory>();

export function registerScheduler(name: string, factory: SchedulerFactory): void {
  registry.set(name, factory);
}

export function createScheduler(host: Host, spec: SchedulerSpec): Scheduler {
  const f = registry.get(spec.name);
  if (f === undefined) throw new Error(`unknown scheduler '${spec.name}' (known: ${[...registry.keys()].join(', ')})`);
  return f(host, spec);
}

export function schedulerNames(): string[] {
  return [...registry.keys()];
}
