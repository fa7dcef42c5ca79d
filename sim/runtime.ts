/**
 * The live state of one run, shared by the builder, the models and the collector:
 * the host, its domains with their workload runtimes and statistics, memory and I/O.
 */
import type { Simulator } from './engine/simulator.js';
import type { HostPlacement, Scenario } from './scenario/types.js';
import type { Nic } from './hw/nic.js';
import type { Histogram } from './stats/histogram.js';
import type { DomainIoStats } from './xen/io/io-stats.js';

export type { DomainIoStats };
import type { ResponseTimes } from './stats/response-times.js';
import type { ArrivalProcess } from './workload/arrivals.js';
import type { Domain } from './xen/domain.js';
import type { Host } from './xen/host.js';
import type { IoBackend } from './xen/io/backend.js';
import type { MemoryModel } from './xen/memory.js';
import type { WorkSource } from './xen/work.js';
import type { Dom0Backend } from './xen/io/dom0-backend.js';
import type { DomainPlacement } from './xen/placement.js';
import type { MigrationManager } from './xen/migration.js';
import type { GuestServices } from './workload/services.js';


export interface DomainRuntime {
  domain: Domain;
  source: WorkSource | null;
  arrivals: ArrivalProcess | null;
  /** Request response times over the whole run and over the current sample interval. */
  responses: ResponseTimes;
  io: DomainIoStats;
  /** Index of the swap vbd (the second disk, as the talk's sda2), or the first. */
  swapVbd: number;
  /**
   * Several hosts (scenario.hosts) only: the guest's Domain on each host (by host index;
   * one is alive at a time), the host it is on, the placement its workload talks to, and
   * response times since its last migration boundary and during a migration under way.
   */
  twins?: Domain[];
  hostIndex?: number;
  placement?: DomainPlacement;
  phaseResponses?: Histogram;
  windowResponses?: Histogram | null;
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
  /** Several hosts only: this host's index and placement, its Dom0 backend and guest services, Dom0's cycles per instruction. */
  index?: number;
  placement?: HostPlacement;
  backend?: Dom0Backend;
  services?: GuestServices;
  dom0Cpi?: number;
}

/** A run with several hosts: every host's runtime, the guests (scenario order), the migrations. */
export interface ClusterRuntime {
  hosts: HostRuntime[];
  guests: DomainRuntime[];
  migrations: MigrationManager;
}
