/**
 * GuestServices over the memory model and the I/O backend: what a domain's workload
 * calls for block I/O, network sends, working-set changes and memory touches.
 * A touch that faults becomes swap traffic on the domain's swap vbd, both halves through
 * the split driver (ring slots, Dom0's blkback, the disk): the faulting pages are read —
 * the vCPU waits for that — and as many evicted pages are written back, a write nobody
 * waits for (Linux's reclaim writes dirty anonymous pages out ahead of need; every
 * evicted page is taken as dirty, so swap writes = swap reads). The read is queued
 * first: it is the one a thread is blocked on.
 */
import type { DomainIoStats } from './io/io-stats.js';

/** What the guest services need of each domain: its I/O counters and its swap vbd. */
export interface GuestIo {
  readonly io: DomainIoStats;
  readonly swapVbd: number;
}
import type { GuestServices, ThreadWaiter } from '../workload/services.js';
import type { IoBackend } from './io/backend.js';
import { type MemoryModel, PAGE_BYTES } from './memory.js';
import type { Vcpu } from './vcpu.js';

const MB = 1048576;

export class HostGuestServices implements GuestServices {
  constructor(
    private readonly domains: GuestIo[],
    private readonly memory: MemoryModel,
    private readonly io: IoBackend,
  ) {}

  blockIo(v: Vcpu, vbd: number, bytes: number, write: boolean, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    return this.io.blockIo(v, this.domains[v.domain.id].io, vbd, bytes, write, now, waiter, thread);
  }

  netSend(v: Vcpu, bytes: number, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    return this.io.netSend(v, this.domains[v.domain.id].io, bytes, now, waiter, thread);
  }

  endRequest(v: Vcpu, startNs: number, now: number): void {
    this.io.endRequest(v, startNs, now);
  }

  setWorkingSet(v: Vcpu, bytes: number): void {
    this.memory.domain(v.domain.id).wsMb = bytes / MB;
  }

  touch(v: Vcpu, bytes: number, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    const faults = this.memory.touch(v.domain.id, bytes);
    if (faults === 0) return false;
    const rt = this.domains[v.domain.id];
    const swapBytes = faults * PAGE_BYTES;
    const waits = this.io.blockIo(v, rt.io, rt.swapVbd, swapBytes, false, now, waiter, thread);
    // The write-back of the evicted pages does not hold the vCPU; the read does.
    this.io.writeBehind(v, rt.io, rt.swapVbd, swapBytes, now);
    return waits;
  }
}
