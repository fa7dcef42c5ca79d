/**
 * A Scenario: plain, fully resolved, typed data (every unit converted: time in ns,
 * memory in MB, sizes in bytes, rates in bytes/s). The loader (sim/scenario/load.ts)
 * produces it from YAML and xl.cfg files; sim/build.ts turns it into a live Host.
 */
import type { BridgeSpec, CostSpec, DiskSpec, HostSpec, NicSpec, PowerSpec } from '../hw/params.js';
import type { DomainSchedSpec, DomainSpec, GuestType, IoCostSpec, MemoryPolicySpec, MigrationSpec, NetworkSpec, SchedChange, SchedulerSpec, VbdSpec, VifSpec } from '../xen/params.js';
import type { SchedCommand } from './sched-params.js';

// The model parameter types live beside their models; a scenario is built from them.
export type { BridgeSpec, CostSpec, DiskSpec, HostSpec, NicSpec, PowerSpec };
export type { DomainSchedSpec, DomainSpec, GuestType, SchedChange, IoCostSpec, MemoryPolicySpec, MigrationSpec, NetworkSpec, SchedulerSpec, VbdSpec, VifSpec };

export type TimelineAction =
  | { kind: 'mem-set'; domain: string; memoryMb: number }
  /** xl sched-credit / sched-credit2 / sched-rtds, xm sched-sedf / sched-bvt: only the fields given change. */
  | { kind: 'sched'; command: SchedCommand; domain: string; change: SchedChange }
  | { kind: 'pause' | 'unpause' | 'destroy'; domain: string }
  /** xm migrate [--live] DOMAIN HOST */
  | { kind: 'migrate'; domain: string; to: string; live: boolean }
  /** Maintenance: migrate every guest off `host`, one at a time (docs/migration.md). */
  | { kind: 'evacuate'; host: string; to?: string[]; live: boolean };

export interface TimelineEvent {
  atNs: number;
  action: TimelineAction;
}

/** One physical host of a several-host scenario, with its own scheduler and Dom0. */
export interface HostPlacement {
  spec: HostSpec;
  scheduler: SchedulerSpec;
  dom0: DomainSpec;
  /** Dom0's autoballoon floor on this host (MB). */
  dom0MinMb: number;
}

export interface Scenario {
  name: string;
  /** The file it was loaded from ('' for one built in code). */
  file: string;
  seed: number;
  durationNs: number;
  /** Time-series sample interval; 0 = choose ≈ 1,500 points over the horizon. */
  sampleNs: number;
  host: HostSpec;
  scheduler: SchedulerSpec;
  /** Domain-0 (id 0); its workload is the backend work plus whatever is given. */
  dom0: DomainSpec;
  /** Guest domains in creation order: ids 1, 2, … follow this order. */
  domains: DomainSpec[];
  timeline: TimelineEvent[];
  memory: MemoryPolicySpec;
  io: IoCostSpec;
  /**
   * Several hosts (`hosts:` in YAML): hosts[0] is `host`/`scheduler`/`dom0` above.
   * Absent for a single-host scenario (`host:`), which then runs exactly as before.
   */
  hosts?: HostPlacement[];
  network?: NetworkSpec;
  migration?: MigrationSpec;
}
