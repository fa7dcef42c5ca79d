/**
 * The live state of one run, shared by the builder, the models and the collector:
 * the host, its domains with their workload runtimes and statistics, memory and I/O.
 */
import type { Simulator } from './engine/simulator.js';
import type { Scenario } from './scenario/types.js';
import type { Nic } from './hw/nic.js';
import type { Histogram } from './stats/histogram.js';
import type { ArrivalProcess } from './workload/arrivals.js';
import type { Domain } from './xen/domain.js';
import type { Host } from './xen/host.js';
import type { IoBackend } from './xen/io/backend.js';
import type { MemoryModel } from './xen/memory.js';
import type { WorkSource } from './xen/work.js';

export interface DomainIoStats {
  reads: number;
  writes: number;
  readBytes: number;
  writeBytes: number;
  txPackets: number;
  rxPackets: number;
  txBytes: number;
  rxBytes: number;
  ringFull: number;
  /** Block request latency, guest issue → guest completion. */
  latency: Histogram;
}

export interface DomainRuntime {
  domain: Domain;
  source: WorkSource | null;
  arrivals: ArrivalProcess | null;
  /** Request response times over the whole run, and over the current sample interval. */
  responses: Histogram;
  intervalResponses: Histogram;
  io: DomainIoStats;
  /** Index of the swap vbd (the second disk, as the talk's sda2), or the first. */
  swapVbd: number;
}

export interface HostRuntime {
  scenario: Scenario;
  seed: number;
  endNs: number;
  sim: Simulator;
  host: Host;
  domains: DomainRuntime[];
  memory: MemoryModel;
  io: IoBackend;
  /** The host's NICs (both directions), for their device statistics. */
  nics: Nic[];
  warnings: string[];
}
