/**
 * A NIC: per direction, FIFO serialisation at the link's bandwidth plus propagation
 * latency. What the guests hand over is TCP payload; the wire carries it in Ethernet
 * frames, so a link's goodput is below its line rate (IEEE 802.3 framing, RFC 791 / 793
 * headers, RFC 7323 timestamps):
 *
 *   payload per packet (MSS) = MTU − IPv4 header 20 − TCP header 20 − timestamps option 12
 *                            = 1,448 B at the default 1,500-byte MTU (8,948 B at a 9,000 jumbo MTU)
 *   wire bytes per packet    = MTU + Ethernet header 14 + FCS 4 + preamble/SFD 8 + inter-frame gap 12
 *                            = 1,538 B at MTU 1,500
 *   goodput                  = 1,448 / 1,538 = 94.1 % of line rate (99.0 % at MTU 9,000)
 *
 * Assumptions: every packet is a TCP/IPv4 segment with the timestamps option (the Linux
 * default since 2.6; without it the MSS is 1,460 and goodput 94.9 %); a send of B bytes is
 * ⌈B / MSS⌉ packets, all full but the last; no VLAN tag, no IP options, no padding (a TCP/IP
 * packet is never below Ethernet's 46-byte minimum payload); the reverse direction's ACKs
 * are not modelled. A send of several packets is serialised in one step (no event per
 * packet: the packets of one send follow each other back to back on the wire), and every
 * packet counts as one request of the device. Guest traffic (the split driver) goes
 * through `sendPayload`; `send` puts bytes on the wire as they are (the migration stream,
 * whose model counts wire bytes: not framed here, see docs/io.md).
 *
 *   departure = max(now, busyUntil) + wire bytes / bandwidth;  arrival = departure + latency.
 *
 * (NicSpec.bandwidthBps is in bytes per second, as every rate in a Scenario.) Nothing is
 * allocated per packet.
 */
import type { NicSpec } from './params.js';
import type { DeviceResult } from '../stats/result.js';

// Kept here too so older imports of the vif rate limiter keep working.
export { TokenBucket, VIF_RATE_INTERVAL_NS } from './rate-limit.js';

/** Ethernet bytes on the wire per frame beyond its IP packet: header 14, FCS 4, preamble + SFD 8, inter-frame gap 12. */
export const ETHERNET_OVERHEAD_BYTES = 14 + 4 + 8 + 12;
/** IPv4 header 20 + TCP header 20 + TCP timestamps option 12 (10 bytes padded to 12). */
export const TCP_IP_HEADER_BYTES = 20 + 20 + 12;
export const DEFAULT_MTU_BYTES = 1500;

/** TCP payload per packet (the MSS) at an MTU. */
export function payloadPerPacket(mtuBytes: number): number {
  return mtuBytes - TCP_IP_HEADER_BYTES;
}

/** One direction of a NIC (transmit or receive). */
export class NicLink {
  private busyUntilNs = 0;
  /** TCP payload per packet (MSS) at this link's MTU. */
  readonly payloadPerPacket: number;
  /** Bytes on the wire per packet beyond its payload (TCP/IP headers + Ethernet framing). */
  readonly overheadPerPacket: number;
  /** Payload bytes carried (what the guests sent). */
  bytes = 0;
  /** Packets carried (each a request of the device). */
  packets = 0;
  /** Wire time of every packet handed over so far (some of it may lie in the future). */
  busyNs = 0;
  /** Σ time packets waited for the wire (by Little's law, ∫ queue length dt). */
  waitNs = 0;

  constructor(readonly spec: NicSpec, readonly direction: 'tx' | 'rx') {
    const mtu = spec.mtuBytes ?? DEFAULT_MTU_BYTES;
    this.payloadPerPacket = payloadPerPacket(mtu);
    this.overheadPerPacket = TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES;
  }

  /** Packets a send of `bytes` of payload takes (at least one). */
  packetsFor(bytes: number): number {
    const n = Math.ceil(bytes / this.payloadPerPacket);
    return n > 1 ? n : 1;
  }

  /**
   * Hands over `bytes` of TCP payload at `nowNs` (as ⌈bytes / MSS⌉ packets, back to back);
   * returns when the last bit of the last packet arrives at the other end.
   */
  sendPayload(bytes: number, nowNs: number): number {
    const packets = this.packetsFor(bytes);
    return this.transmit(bytes + packets * this.overheadPerPacket, bytes, packets, nowNs);
  }

  /**
   * Hands over `bytes` that occupy the wire as they are (no framing added; one request):
   * the live-migration stream (sim/xen/migration.ts), whose model states its rates as
   * bytes on the wire.
   */
  send(bytes: number, nowNs: number): number {
    return this.transmit(bytes, bytes, 1, nowNs);
  }

  private transmit(wireBytes: number, payloadBytes: number, packets: number, nowNs: number): number {
    const start = nowNs > this.busyUntilNs ? nowNs : this.busyUntilNs;
    this.waitNs += start - nowNs;
    const wire = (wireBytes / this.spec.bandwidthBps) * 1e9;
    this.busyUntilNs = start + wire;
    this.busyNs += wire;
    this.bytes += payloadBytes;
    this.packets += packets;
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

  /** Device statistics as the Result reports them (name `eth0.tx`, kind `nic-tx`): requests are packets, bytes payload, utilisation wire time. */
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
