/**
 * What the migration model (sim/xen/migration.ts) may use of a host and of a guest: the
 * narrow ports the builder hands it, instead of the whole run's state. A host: its name,
 * scheduling core, memory, NICs, split driver, Dom0 backend (the migration's send and
 * receive work runs there), the guest services a moved workload talks to, and Dom0's
 * cycles per instruction. A guest: its Domain on each host and where it is, the placement
 * its workload follows, its arrivals, and the response-time windows a migration reports.
 */
import type { Nic } from '../hw/nic.js';
import type { Histogram } from '../stats/histogram.js';
import type { ArrivalProcess } from '../workload/arrivals.js';
import type { GuestServices } from '../workload/services.js';
import type { Domain } from './domain.js';
import type { Host } from './host.js';
import type { Dom0Backend } from './io/dom0-backend.js';
import type { SplitDriverIo } from './io/split-driver.js';
import type { MemoryModel } from './memory.js';
import type { DomainPlacement } from './placement.js';

export interface HostPort {
  readonly name: string;
  readonly host: Host;
  readonly memory: MemoryModel;
  readonly nics: readonly Nic[];
  readonly io: SplitDriverIo;
  readonly backend: Dom0Backend;
  readonly services: GuestServices;
  readonly dom0Cpi: number;
}

export interface GuestPort {
  domain: Domain;
  readonly arrivals: ArrivalProcess | null;
  /** The guest's Domain on each host (by host index); one is alive at a time. */
  twins?: Domain[];
  hostIndex?: number;
  placement?: DomainPlacement;
  phaseResponses?: Histogram;
  windowResponses?: Histogram | null;
}
