/**
 * What the hypervisor models (sim/xen) need to know: a domain as an xl.cfg describes it
 * (with its workload), the scheduler's parameters, the memory policy, the split driver's
 * Dom0 costs, and the migration network and parameters. The scenario types
 * (sim/scenario/types.ts) are built from these, so the models never import the scenario
 * layer (Xen keeps a domain's config beside the domain, not in the toolstack).
 */
import type { WorkloadSpec } from '../workload/ast.js';
import type { SchedulerName, XenVersion } from './version.js';

export type GuestType = 'pv' | 'hvm' | 'emulated' | 'native';

export interface SchedulerSpec {
  name: SchedulerName;
  /** The Xen release the scenario models (`xen:`); undefined = not tied to one (version.ts). */
  xen?: XenVersion;
  /** credit: time slice (default 30 ms); rr: slice (default 10 ms). */
  tsliceNs?: number;
  /** credit: rate limit (default 1 ms; 0 turns it off). */
  ratelimitNs?: number;
  /** credit: 'exact' charges burn_credits' whole credits (Xen ≥ 4.0); 'sampled' a flat 100 credits per tick as Xen 3.0.3–3.4; default: the release's (credit-rules.ts). */
  accounting?: 'exact' | 'sampled';
  /**
   * credit: 'lazy' does not dispatch ticks, accounting passes and slice ends
   * that cannot change a decision (quiet stretches) and runs them, in order, when the
   * state is next looked at: the same decisions and Result, only a smaller `events`;
   * 'eager' (default) queues every one as an event (sim/xen/schedulers/credit.ts).
   */
  bookkeeping?: 'lazy' | 'eager';
  /** credit: BOOST on wake-up (default true where the release has it); false = Ongaro et al. 2008's "no boost". */
  boost?: boolean;
  /** credit: a wake-up may preempt (tickle) a busy pCPU (default true); false = Ongaro et al. 2008's "no tickle". */
  tickle?: boolean;
  /** credit2: which pCPUs share a runqueue (the credit2_runqueue boot option). */
  runqueue?: 'cpu' | 'core' | 'socket' | 'node' | 'all';
  /** credit2: credit2_migrate_resist (ns). */
  migrateResistNs?: number;
  /** bvt: context-switch allowance (ctx_allow, ns). */
  ctxAllowNs?: number;
}

/**
 * A domain's parameters for the policies that take more than weight and cap (xl.cfg's
 * period/slice/latency/extratime, `xl sched-rtds -p -b -e`, `xm sched-bvt`). Each policy
 * reads the fields it knows; undefined = the policy's default.
 */
export interface DomainSchedSpec {
  /** rtds, sedf: period (ns). */
  periodNs?: number;
  /** rtds: budget per period (ns). */
  budgetNs?: number;
  /** sedf: slice per period (ns). */
  sliceNs?: number;
  /** sedf: latency hint (ns). */
  latencyNs?: number;
  /** sedf, rtds (Xen ≥ 4.10): may use idle time beyond its slice or budget. */
  extratime?: boolean;
  /** bvt: minimum charging unit advance (the inverse of a weight). */
  mcuAdvance?: number;
  /** bvt: warping enabled. */
  warpBack?: boolean;
  /** bvt: warp value (virtual-time units subtracted while warped). */
  warpValue?: number;
  /** bvt: warp limit, the longest a domain stays warped (ns). */
  warpLimitNs?: number;
  /** bvt: unwarp requirement, how long it must run unwarped before warping again (ns). */
  unwarpNs?: number;
}

/**
 * A change of a domain's scheduling parameters at run time (`xl sched-credit -d D -w W`,
 * `xl sched-rtds -d D -p P -b B`, …): only the fields given change.
 */
export interface SchedChange extends DomainSchedSpec {
  weight?: number;
  cap?: number;
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
  /** Parameters of the policies that need more than weight and cap (absent = their defaults). */
  sched?: DomainSchedSpec;
  vbds: VbdSpec[];
  vifs: VifSpec[];
  workload: WorkloadSpec;
  startNs: number;
  stopNs?: number;
  /** The xl/xm config file it was read from, if any. */
  configFile?: string;
  /** Name of the host it is created on (scenarios with `hosts:`); the first host when absent. */
  host?: string;
  /** The guest kernel's word size in bits (absent: 64): the balloon driver's pass size. */
  wordBits?: 32 | 64;
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
