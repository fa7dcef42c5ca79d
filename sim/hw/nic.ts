/**
 * A NIC: per direction, FIFO serialisation at the link's bandwidth plus propagation
 * latency. A packet handed over at `now` starts when the wire is free, occupies it
 * for bytes × 8 / bandwidth, and arrives `latency` after its last bit left:
 *   departure = max(now, busyUntil) + bytes × 8 / bandwidth;  arrival = departure + latency.
 * (NicSpec.bandwidthBps is in bytes per second, as every rate in a Scenario, so the
 * wire time is bytes / bandwidthBps.) Nothing is allocated per packet.
 */
import type { NicSpec } from './params.js';
import type { DeviceResult } from '../stats/result.js';

// Kept here too so older imports of the vif rate limiter keep working.
export { TokenBucket, VIF_RATE_INTERVAL_NS } from './rate-limit.js';

/** One direction of a NIC (transmit or receive). */
export class NicLink {
  private busyUntilNs = 0;
  bytes = 0;
  packets = 0;
  /** Wire time of every packet handed over so far (some of it may lie in the future). */
  busyNs = 0;
  /** Σ time packets waited for the wire (by Little's law, ∫ queue length dt). */
  waitNs = 0;

  constructor(readonly spec: NicSpec, readonly direction: 'tx' | 'rx') {}

  /** Hands over `bytes` at `nowNs`; returns when their last bit arrives at the other end. */
  send(bytes: number, nowNs: number): number {
    const start = nowNs > this.busyUntilNs ? nowNs : this.busyUntilNs;
    this.waitNs += start - nowNs;
    const wire = (bytes / this.spec.bandwidthBps) * 1e9;
    this.busyUntilNs = start + wire;
    this.busyNs += wire;
    this.bytes += bytes;
    this.packets++;
    return this.busyUntilNs + this.spec.latencyNs;
  }

  /** When the wire is next free. */
  get freeAtNs(): number {
    return this.busyUntilNs;
  }

  /** Fraction of [0, endNs] the wire was busy (work queued past endNs not counted). */
  utilisation(endNs: number): number {
    if (endNs <= 0) return 0;
    const future = this.busyUntilNs > endNs ? this.busyUntilNs - endNs : 0;
    return Math.max(0, Math.min(1, (this.busyNs - future) / endNs));
  }

  /** Device statistics as the Result reports them (name `eth0.tx`, kind `nic-tx`). */
  result(endNs: number): DeviceResult {
    return {
      name: `${this.spec.name}.${this.direction}`,
      kind: `nic-${this.direction}`,
      requests: this.packets,
      bytes: this.bytes,
      utilisation: this.utilisation(endNs),
      mean_queue_length: endNs > 0 ? this.waitNs / endNs : 0,
    };
  }
}

/** A full-duplex NIC: independent transmit and receive links with the same spec. */
export class Nic {
  readonly tx: NicLink;
  readonly rx: NicLink;

  constructor(readonly spec: NicSpec) {
    this.tx = new NicLink(spec, 'tx');
    this.rx = new NicLink(spec, 'rx');
  }

  get name(): string {
    return this.spec.name;
  }

  get txBytes(): number {
    return this.tx.bytes;
  }

  get rxBytes(): number {
    return this.rx.bytes;
  }
}
