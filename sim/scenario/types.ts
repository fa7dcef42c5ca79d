/**
 * A Scenario: plain, fully resolved, typed data (every unit converted: time in ns,
 * memory in MB, sizes in bytes, rates in bytes/s). The loader (sim/scenario/load.ts)
 * produces it from YAML and xl.cfg files; sim/build.ts turns it into a live Host.
 */
import type { WorkloadSpec } from '../workload/ast.js';

export type GuestType = 'pv' | 'hvm' | 'emulated' | 'native';

export interface DiskSpec {
  name: string;
  kind: 'hdd' | 'ssd' | 'fixed';
  /** hdd */
  rpm?: number;
  seekNs?: number;
  transferBps?: number;
  order?: 'fifo' | 'elevator';
  /** ssd */
  latencyNs?: number;
  iops?: number;
  bandwidthBps?: number;
  parallelism?: number;
  /** fixed */
  serviceNs?: number;
}

export interface NicSpec {
  name: string;
  bandwidthBps: number;
  latencyNs: number;
}

export interface BridgeSpec {
  name: string;
  nic: string;
}

/** Watts at 0 %, 10 %, … 100 % load (11 points), interpolated linearly. */
export interface PowerSpec {
  curveW: number[];
  /** Name of the SPECpower profile it came from, if any. */
  profile?: string;
}

export interface CostSpec {
  priceUsd: number;
  rackUnits: number;
  amortisationYears: number;
  usdPerKwh: number;
  pue: number;
}

export interface HostSpec {
  name: string;
  pcpus: number;
  ghz: number;
  ipc: number;
  memoryMb: number;
  /** Memory Xen keeps for itself (heap, frame table). */
  xenReservedMb: number;
  disks: DiskSpec[];
  nics: NicSpec[];
  bridges: BridgeSpec[];
  power: PowerSpec;
  cost: CostSpec;
}

export interface SchedulerSpec {
  name: 'credit' | 'rr';
  /** credit: time slice (default 30 ms); rr: slice (default 10 ms). */
  tsliceNs?: number;
  /** credit: rate limit (default 1 ms; 0 turns it off). */
  ratelimitNs?: number;
  /** credit: 'exact' charges exact ns (Xen ≥ 4.0, default); 'sampled' a flat 100 credits per tick as Xen 3.0.3–3.4. */
  accounting?: 'exact' | 'sampled';
  /**
   * credit: 'lazy' (default) does not dispatch ticks, accounting passes and slice ends
   * that cannot change a decision (quiet stretches) and runs them, in order, when the
   * state is next looked at: the same decisions and Result, only a smaller `events`;
   * 'eager' queues every one as an event (sim/xen/schedulers/credit.ts).
   */
  bookkeeping?: 'lazy' | 'eager';
}

/** A virtual block device from an xl.cfg disk spec such as `phy:vg0/hex_root,sda1,w`. */
export interface VbdSpec {
  raw: string;
  /** Host disk it lives on (the part before the first `/` of the target, e.g. `vg0`). */
  hostDisk: string;
  target: string;
  vdev: string;
  mode: 'r' | 'w';
}

/** A virtual interface from an xl.cfg vif spec such as `mac=00:60:b0:28:78:84, bridge=xen-cust`. */
export interface VifSpec {
  raw: string;
  mac?: string;
  bridge?: string;
  rateBps?: number;
}

export interface DomainSpec {
  name: string;
  type: GuestType;
  memoryMb: number;
  maxmemMb: number;
  vcpus: number;
  /** pCPUs the vCPUs may run on; undefined = any. */
  cpus?: number[];
  weight: number;
  cap: number;
  vbds: VbdSpec[];
  vifs: VifSpec[];
  workload: WorkloadSpec;
  startNs: number;
  stopNs?: number;
  /** The xl/xm config file it was read from, if any. */
  configFile?: string;
  /** Name of the host it is created on (scenarios with `hosts:`); the first host when absent. */
  host?: string;
}

export type TimelineAction =
  | { kind: 'mem-set'; domain: string; memoryMb: number }
  | { kind: 'sched-credit'; domain: string; weight?: number; cap?: number }
  | { kind: 'pause' | 'unpause' | 'destroy'; domain: string }
  /** xm migrate [--live] DOMAIN HOST */
  | { kind: 'migrate'; domain: string; to: string; live: boolean }
  /** Maintenance: migrate every guest off `host`, one at a time (docs/migration.md). */
  | { kind: 'evacuate'; host: string; to?: string[]; live: boolean };

export interface TimelineEvent {
  atNs: number;
  action: TimelineAction;
}

export interface MemoryPolicySpec {
  policy: 'static' | 'auto';
  /** Balloon speed in MB per simulated second. */
  balloonMbPerSec: number;
  /** auto policy: headroom above the working set, as a fraction. */
  headroom: number;
  /** Dom0 autoballoon floor (MB). */
  dom0MinMb: number;
  autoballoon: boolean;
}

export interface IoCostSpec {
  /** Dom0 instructions per block request and per byte moved by blkback. */
  blkInstrPerRequest: number;
  blkInstrPerByte: number;
  /** Dom0 instructions per packet and per byte moved by netback. */
  netInstrPerPacket: number;
  netInstrPerByte: number;
}

/** One physical host of a several-host scenario, with its own scheduler and Dom0. */
export interface HostPlacement {
  spec: HostSpec;
  scheduler: SchedulerSpec;
  dom0: DomainSpec;
  /** Dom0's autoballoon floor on this host (MB). */
  dom0MinMb: number;
}

/** The network joining the hosts: every pair of hosts gets a full-duplex link of this speed. */
export interface NetworkSpec {
  bandwidthBps: number;
  latencyNs: number;
  /** Host NIC the migration stream also crosses (sharing it with guest traffic), if any. */
  nic?: string;
}

/** Parameters of the pre-copy migration model (sim/xen/migration.ts; docs/migration.md). */
export interface MigrationSpec {
  /** Pre-copy rounds before the final stop-and-copy (xc_domain_save DEF_MAX_ITERS = 29). */
  maxIters: number;
  /** Stop when more than this × the domain's pages have been sent (DEF_MAX_FACTOR = 3). */
  maxFactor: number;
  /** Stop when a round sent fewer pages than this (xc_domain_save: 50). */
  minPages: number;
  /** Adaptive rate limit (Clark et al. §3.3, xc_domain_save ADAPTIVE_SAVE), bytes/s; null = link speed. */
  rate: { startBps: number; maxBps: number; incrementBps: number } | null;
  /** Dom0 instructions per 4 KiB page, on the sender and on the receiver. */
  dom0InstrPerPage: number;
  /** Fixed cost of resuming on the target (device reconnection, unsolicited ARP). */
  resumeNs: number;
  /** Pages per batch handed to the wire. */
  batchPages: number;
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
