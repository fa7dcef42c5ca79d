/**
 * A vif's `rate=` limit (xl.cfg `rate=RATE/s@INTERVAL`) as a token bucket: tokens
 * accrue at rateBps up to a depth of one interval's worth, and a packet that finds too
 * few tokens waits until the debt is repaid. xl's INTERVAL defaults to 50 ms
 * (xl-network-configuration(5); netback refills `credit_bytes` every `credit_usec`),
 * so the default depth is rate × 50 ms.
 *
 * Contract: called in arrival order, delay() returns how long a packet handed over at
 * `nowNs` must wait; the bytes released in any window [t1, t2] starting at a release
 * total at most max(depth, size of that first packet) + rate × (t2 − t1) — a packet
 * larger than the bucket goes whole once the earlier debt is repaid (Linux netback
 * likewise lets a jumbo packet through past its credit). Departures keep arrival order.
 */
export const VIF_RATE_INTERVAL_NS = 50e6;

export class TokenBucket {
  private tokens: number;
  private lastNs = 0;
  readonly depthBytes: number;

  constructor(readonly rateBps: number, depthBytes?: number) {
    if (!(rateBps > 0)) throw new Error(`token bucket rate must be positive (got ${rateBps})`);
    this.depthBytes = depthBytes ?? (rateBps * VIF_RATE_INTERVAL_NS) / 1e9;
    this.tokens = this.depthBytes;
  }

  /** How long (ns) `bytes` handed over at `nowNs` must wait to conform to the rate. */
  delay(bytes: number, nowNs: number): number {
    if (nowNs > this.lastNs) {
      this.tokens = Math.min(this.depthBytes, this.tokens + ((nowNs - this.lastNs) * this.rateBps) / 1e9);
      this.lastNs = nowNs;
    }
    // A negative balance is the debt of packets already waiting: they leave first.
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rateBps) * 1e9;
  }
}
