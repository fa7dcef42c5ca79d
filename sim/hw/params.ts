/**
 * What the hardware models (sim/hw) need to know of a host's parts: disks, NICs, the
 * bridges joining guests to NICs, the power curve and the purchase costs. The scenario
 * types (sim/scenario/types.ts) are built from these, so the models never import the
 * scenario layer.
 */

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
  /** IP MTU in bytes (default 1,500; 9,000 for jumbo frames): sets the payload per packet. */
  mtuBytes?: number;
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
  /** True when the scenario gave no power figure (no curve, profile, idle or max): the 140 W idle / 220 W max defaults. */
  assumed?: boolean;
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
  /** CPU topology (credit2's runqueues): sockets, and hardware threads per core; absent = 1. */
  sockets?: number;
  threadsPerCore?: number;
  memoryMb: number;
  /** Memory Xen keeps for itself (heap, frame table). */
  xenReservedMb: number;
  disks: DiskSpec[];
  nics: NicSpec[];
  bridges: BridgeSpec[];
  power: PowerSpec;
  cost: CostSpec;
}
