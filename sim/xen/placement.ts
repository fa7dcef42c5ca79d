/**
 * Where a guest runs, in a scenario with several hosts: the host and guest services its
 * workload talks to, switched when the guest migrates (sim/xen/migration.ts).
 *
 * Every host holds a copy of every guest (its Domain and vCPUs, offline until the guest
 * arrives), and the copies' vCPUs have the same index on every host (the builder aligns
 * them). So a workload's timer that wakes "vCPU i" reaches the copy on the host the guest
 * is on now, whenever it was armed. The placement also counts the bytes the workload
 * touches: the dirtying the pre-copy model reads.
 *
 * Called from the workload interpreter's hot loop: plain field reads and one call, no
 * allocation.
 */
import type { Simulator } from '../engine/simulator.js';
import type { GuestServices, ThreadWaiter } from '../workload/services.js';
import type { Host } from './host.js';
import type { Vcpu } from './vcpu.js';

export class DomainPlacement implements GuestServices {
  /** Bytes of memory the workload has touched since the start (the dirtying source). */
  touchedBytes = 0;

  constructor(
    readonly sim: Simulator,
    public host: Host,
    public services: GuestServices,
  ) {}

  get vcpus(): Vcpu[] {
    return this.host.vcpus;
  }

  block(v: Vcpu, now: number): void {
    this.host.block(v, now);
  }

  wake(v: Vcpu, now: number): void {
    this.host.wake(v, now);
  }

  blockIo(v: Vcpu, vbd: number, bytes: number, write: boolean, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    return this.services.blockIo(v, vbd, bytes, write, now, waiter, thread);
  }

  netSend(v: Vcpu, bytes: number, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    return this.services.netSend(v, bytes, now, waiter, thread);
  }

  setWorkingSet(v: Vcpu, bytes: number, now: number): void {
    this.services.setWorkingSet(v, bytes, now);
  }

  touch(v: Vcpu, bytes: number, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    this.touchedBytes += bytes;
    return this.services.touch(v, bytes, now, waiter, thread);
  }

  endRequest(v: Vcpu, startNs: number, now: number): void {
    this.services.endRequest(v, startNs, now);
  }
}
