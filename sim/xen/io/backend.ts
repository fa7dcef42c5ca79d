/**
 * The I/O backend interface: how guest block and network requests reach devices.
 * The split-driver model (blkfront/blkback, netfront/netback through Dom0) implements
 * it; `FixedLatencyIo` is the stub that completes every block request after a fixed
 * latency with no queueing and lets packets leave at once.
 */
import type { Host } from '../host.js';
import type { Vcpu } from '../vcpu.js';
import type { DeviceResult } from '../../stats/result.js';
import type { DomainIoStats } from './io-stats.js';
import type { ThreadWaiter } from '../../workload/services.js';

export interface IoBackend {
  /**
   * Starts a block request that its caller waits for: the vCPU (blocked now, woken at the
   * end), or with a `waiter` only guest thread `thread` (told at the end; the vCPU goes on).
   */
  blockIo(v: Vcpu, io: DomainIoStats, vbd: number, bytes: number, write: boolean, now: number, waiter?: ThreadWaiter | null, thread?: number): boolean;
  /** Starts a block write of `v`'s domain that nobody waits for (a write-back of evicted pages). */
  writeBehind(v: Vcpu, io: DomainIoStats, vbd: number, bytes: number, now: number): void;
  /** Sends a packet; returns true if the caller (vCPU, or `waiter`'s thread) had to wait (ring full). */
  netSend(v: Vcpu, io: DomainIoStats, bytes: number, now: number, waiter?: ThreadWaiter | null, thread?: number): boolean;
  deviceResults(endNs: number): DeviceResult[];
  /** A request ends (`end`): its response time is recorded now or once its response is on the wire. */
  endRequest(v: Vcpu, startNs: number, now: number): void;
  /** Where response times go (set by the builder). */
  recordResponse: (domainId: number, ns: number) => void;
}

export class FixedLatencyIo implements IoBackend {
  private readonly evDone: number;
  // Requests in flight, by slot (a free list): the vCPU, the thread waiter, start, counters.
  private readonly pVcpu: number[] = [];
  private readonly pWaiter: (ThreadWaiter | null)[] = [];
  private readonly pThread: number[] = [];
  private readonly pStart: number[] = [];
  private readonly pIo: (DomainIoStats | null)[] = [];
  private readonly free: number[] = [];

  constructor(private readonly host: Host, readonly latencyNs = 5e6, readonly bytesPerNs = 0.06) {
    this.evDone = host.sim.register((slot, now) => {
      this.pIo[slot]!.latency.record(now - this.pStart[slot]);
      const v = host.vcpus[this.pVcpu[slot]];
      const waiter = this.pWaiter[slot];
      this.pIo[slot] = null;
      this.pWaiter[slot] = null;
      this.free.push(slot);
      v.ioPending--;
      if (waiter !== null) waiter.threadDone(this.pThread[slot], now);
      else host.wake(v, now);
    });
  }

  blockIo(v: Vcpu, io: DomainIoStats, _vbd: number, bytes: number, write: boolean, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    if (write) { io.writes++; io.writeBytes += bytes; } else { io.reads++; io.readBytes += bytes; }
    v.ioPending++;
    if (waiter === null) this.host.block(v, now);
    const slot = this.free.length > 0 ? this.free.pop()! : this.pVcpu.length;
    this.pVcpu[slot] = v.index;
    this.pWaiter[slot] = waiter;
    this.pThread[slot] = thread;
    this.pStart[slot] = now;
    this.pIo[slot] = io;
    this.host.sim.schedule(now + this.latencyNs + bytes / this.bytesPerNs, this.evDone, slot);
    return true;
  }

  writeBehind(_v: Vcpu, io: DomainIoStats, _vbd: number, bytes: number): void {
    io.writes++;
    io.writeBytes += bytes;
  }

  netSend(_v: Vcpu, io: DomainIoStats, bytes: number): boolean {
    io.txPackets++;
    io.txBytes += bytes;
    return false;
  }

  deviceResults(): DeviceResult[] {
    return [];
  }

  recordResponse: (domainId: number, ns: number) => void = () => {};

  endRequest(v: Vcpu, startNs: number, now: number): void {
    this.recordResponse(v.domain.id, now - startNs);
  }
}
