/**
 * A domain as Xen knows it: an id, a name, its vCPUs, scheduling parameters (weight,
 * cap) and the counters the reports quote. A policy's own per-domain state lives in the
 * policy, indexed by `id` (Xen's alloc_domdata). Memory and I/O state are attached by their
 * own models (sim/xen/memory.ts, sim/xen/io/).
 */
import type { DomainSpec } from './params.js';
import type { Vcpu } from './vcpu.js';

export class Domain {
  /** Domains constructed in this process (tests check an estate builds guests + hosts of them, not guests × hosts). */
  static constructed = 0;
  readonly vcpus: Vcpu[] = [];
  weight: number;
  cap: number;
  /** Set once the domain has been created (at its start time); null if creation failed. */
  createdAtNs = -1;
  destroyedAtNs = -1;
  failed: string | undefined;
  paused = false;

  constructor(readonly id: number, readonly name: string, readonly spec: DomainSpec) {
    this.weight = spec.weight;
    this.cap = spec.cap;
    Domain.constructed++;
  }

  get isDom0(): boolean {
    return this.id === 0;
  }
}
