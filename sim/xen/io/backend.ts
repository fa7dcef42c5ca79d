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

export interface IoBackend {
  /** Starts a block request; the vCPU waits for it (the backend blocks it and wakes it). */
  blockIo(v: Vcpu, io: DomainIoStats, vbd: number, bytes: number, write: boolean, now: number): boolean;
  /** Starts a block write of `v`'s domain that nobody waits for (a write-back of evicted pages). */
  writeBehind(v: Vcpu, io: DomainIoStats, vbd: number, bytes: number, now: number): void;
  /** Sends a packet; returns true if the vCPU had to wait (ring full). */
  netSend(v: Vcpu, io: DomainIoStats, bytes: number, now: number): boolean;
  deviceResults(endNs: number): DeviceResult[];
  /** A request ends (`end`): its response time is recorded now or once its response is on the wire. */
  endRequest(v: Vcpu, startNs: number, now: number): void;
  /** Where response times go (set by the builder). */
  recordResponse: (domainId: number, ns: number) => void;
}

export class FixedLatencyIo implements IoBackend {
  private readonly evDone: number;
  private readonly timers: Int32Array;
  private readonly startedNs: Float64Array;
  private readonly pendingIo: (DomainIoStats | null)[];

  constructor(private readonly host: Host, readonly latencyNs = 5e6, readonly bytesPerNs = 0.06) {
    this.timers = new Int32Array(host.vcpus.length);
    this.startedNs = new Float64Array(host.vcpus.length);
    this.pendingIo = new Array(host.vcpus.length).fill(null);
    for (let i = 0; i < this.timers.length; i++) this.timers[i] = host.sim.newTimer();
    this.evDone = host.sim.register((vi, now) => {
      const io = this.pendingIo[vi];
      if (io !== null) io.latency.record(now - this.startedNs[vi]);
      const v = host.vcpus[vi];
      v.ioPending--;
      host.wake(v, now);
    });
  }

  blockIo(v: Vcpu, io: DomainIoStats, _vbd: number, bytes: number, write: boolean, now: number): boolean {
    if (write) { io.writes++; io.writeBytes += bytes; } else { io.reads++; io.readBytes += bytes; }
    v.ioPending++;
    this.host.block(v, now);
    this.startedNs[v.index] = now;
    this.pendingIo[v.index] = io;
    this.host.sim.setTimer(this.timers[v.index], now + this.latencyNs + bytes / this.bytesPerNs, this.evDone, v.index);
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
