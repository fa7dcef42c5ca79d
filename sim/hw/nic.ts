/**
 * A NIC direction: FIFO serialisation at the link's bandwidth plus propagation
 * latency. A packet handed over at `now` starts when the link is free, takes
 * bytes × 8 / bandwidth on the wire, and arrives `latency` later.
 */
import type { NicSpec } from '../scenario/types.js';

export class NicLink {
  private busyUntilNs = 0;
  bytes = 0;
  packets = 0;
  busyNs = 0;

  constructor(readonly spec: NicSpec, readonly direction: 'tx' | 'rx') {}

  /** Hands over `bytes`; returns when they have arrived at the other end. */
  send(bytes: number, nowNs: number): number {
    const start = nowNs > this.busyUntilNs ? nowNs : this.busyUntilNs;
    const wire = (bytes / this.spec.bandwidthBps) * 1e9;
    this.busyUntilNs = start + wire;
    this.busyNs += wire;
    this.bytes += bytes;
    this.packets++;
    return this.busyUntilNs + this.spec.latencyNs;
  }

  utilisation(endNs: number): number {
    return endNs > 0 ? Math.min(1, this.busyNs / endNs) : 0;
  }
}

/** A vif's `rate=` limit as a token bucket refilled at rateBps, one second's worth deep. */
export class TokenBucket {
  private tokens: number;
  private lastNs = 0;

  constructor(readonly rateBps: number, readonly depthBytes = rateBps) {
    this.tokens = depthBytes;
  }

  /** How long `bytes` must wait at `now` to conform to the rate. */
  delay(bytes: number, nowNs: number): number {
    this.tokens = Math.min(this.depthBytes, this.tokens + ((nowNs - this.lastNs) * this.rateBps) / 1e9);
    this.lastNs = nowNs;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rateBps) * 1e9;
  }
}
