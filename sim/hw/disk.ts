/**
 * Physical disk queue models, driven by events from outside (no engine import): the
 * simulator submits requests by integer id, calls startNext() whenever a request may
 * start (after a submit, after a completion), schedules the returned completion time
 * for `lastStartedId`, and calls complete() when that time comes.
 *
 * - `hdd`: one server. Service = seek + rotational latency + bytes / transfer rate.
 *   * Seek over a distance fraction f of the seek span (SEEK_SPAN_SECTORS) is
 *     t2t + (avg − t2t)·√f / (8/15): the square root is the usual first-order model of
 *     an acceleration-limited arm; 8/15 = E[√|X−Y|] for X, Y uniform on [0, 1], so a
 *     random request's expected seek is exactly the given average seek. t2t (the
 *     track-to-track time, the least any move costs) is TRACK_TO_TRACK_FRACTION of the
 *     average seek — an estimate typical of 7200 rpm drives (≈ 1 ms vs 8.5 ms), since
 *     DiskSpec has no field for it. Full stroke comes out ≈ 1.8 × average.
 *   * Rotational latency is its mean, half a revolution (60 / rpm / 2), not drawn at
 *     random: the model needs no random stream and stays deterministic.
 *   * A request starting at the sector where the previous one ended (a sequential
 *     stream) pays neither seek nor rotation; a short hop pays about t2t + rotation.
 *   * Order `fifo`, or `elevator` = C-LOOK: the lowest sector at or beyond the head
 *     in one upward sweep, then back to the lowest pending sector (ties: oldest first).
 * - `ssd`: `parallelism` servers (channels); a request takes a channel for its access
 *   latency, then moves its bytes over the device's one data path at `bandwidth`: the
 *   datasheet bandwidth and IOPS are device totals, so transfers of concurrent requests
 *   queue for the data path (FIFO in start order) while their latencies overlap. A lone
 *   request takes latency + bytes / bandwidth. An IOPS ceiling spaces starts at least
 *   1 / iops apart (a start may therefore be deferred; the server counts as busy from
 *   the moment it was taken until its transfer ends). Simplification: the data path is
 *   one FIFO pipe (no per-channel striping or interleaving of one request's pages).
 * - `fixed`: one server, constant serviceNs whatever the size (a calibration device:
 *   "1 ms per request" gives exactly 1,000 IOPS at saturation).
 *
 * Hot-path shape: the queue is a growable ring of parallel typed arrays (id, sector,
 * bytes, submit time); in-service requests sit in per-server slots. Nothing is
 * allocated per request. Statistics: requests started, bytes, server-busy time
 * integrated over time (→ utilisation), waiting-queue length integrated over time
 * (→ mean queue length, excluding requests in service), and latency (submit →
 * complete) in a log-linear histogram.
 */
import type { DiskSpec } from './params.js';
import type { DeviceResult } from '../stats/result.js';
import { Histogram } from '../stats/histogram.js';

/** E[√|X − Y|] for X, Y uniform on [0, 1]. */
const MEAN_SQRT_DISTANCE = 8 / 15;
/** Sectors the seek model spans (a 64 GiB region of 512-byte sectors). */
export const SEEK_SPAN_SECTORS = 2 ** 27;
export const SECTOR_BYTES = 512;
/** Track-to-track seek as a fraction of the average seek (estimate, see header). */
export const TRACK_TO_TRACK_FRACTION = 0.1;

export const DISK_DEFAULTS = {
  rpm: 7200,
  seekNs: 8.5e6,
  transferBps: 60e6,
  ssdLatencyNs: 100e3,
  ssdBandwidthBps: 500e6,
  fixedServiceNs: 1e6,
} as const;

export class Disk {
  readonly name: string;
  readonly kind: DiskSpec['kind'];
  /** Concurrent requests the device serves (ssd parallelism; 1 otherwise). */
  readonly servers: number;
  private readonly elevator: boolean;

  // Waiting requests: a ring of parallel arrays [qHead, qHead + qLen) mod capacity.
  private qId = new Int32Array(64);
  private qSector = new Float64Array(64);
  private qBytes = new Float64Array(64);
  private qAt = new Float64Array(64);
  private qHead = 0;
  private qLen = 0;

  // Requests in service, one slot per server (-1 = free).
  private readonly sId: Int32Array;
  private readonly sAt: Float64Array;
  private inService = 0;

  /** Sector just past the end of the last request started (where the head is). */
  private headSector = 0;
  private nextStartNs = 0;
  /** ssd: when the device's data path is next free (transfers are serialised at the device bandwidth). */
  private dataPathFreeNs = 0;
  /** Id of the request the last successful startNext() started. */
  lastStartedId = -1;

  requests = 0;
  bytes = 0;
  private busyArea = 0;
  private queueArea = 0;
  private areaSinceNs = 0;
  readonly latency = new Histogram();

  constructor(private readonly spec: DiskSpec) {
    this.name = spec.name;
    this.kind = spec.kind;
    this.servers = spec.kind === 'ssd' ? Math.max(1, Math.floor(spec.parallelism ?? 1)) : 1;
    this.elevator = spec.kind === 'hdd' && spec.order === 'elevator';
    this.sId = new Int32Array(this.servers).fill(-1);
    this.sAt = new Float64Array(this.servers);
  }

  /** Service time of a request at `sector` of `bytes` given where the head is now (ssd: with the data path free). */
  serviceNs(sector: number, bytes: number): number {
    const s = this.spec;
    switch (s.kind) {
      case 'fixed':
        return s.serviceNs ?? DISK_DEFAULTS.fixedServiceNs;
      case 'ssd':
        return (s.latencyNs ?? DISK_DEFAULTS.ssdLatencyNs) + (bytes / (s.bandwidthBps ?? DISK_DEFAULTS.ssdBandwidthBps)) * 1e9;
      case 'hdd': {
        const transfer = (bytes / (s.transferBps ?? DISK_DEFAULTS.transferBps)) * 1e9;
        if (sector === this.headSector && this.requests > 0) return transfer; // sequential continuation
        const halfRotation = (60 / (s.rpm ?? DISK_DEFAULTS.rpm) / 2) * 1e9;
        return this.seekNs(Math.abs(sector - this.headSector)) + halfRotation + transfer;
      }
    }
  }

  /** Seek time over `sectors` of distance (0 for none). */
  seekNs(sectors: number): number {
    if (sectors <= 0) return 0;
    const avg = this.spec.seekNs ?? DISK_DEFAULTS.seekNs;
    const t2t = avg * TRACK_TO_TRACK_FRACTION;
    const f = Math.min(1, sectors / SEEK_SPAN_SECTORS);
    return t2t + ((avg - t2t) * Math.sqrt(f)) / MEAN_SQRT_DISTANCE;
  }

  submit(reqId: number, sector: number, bytes: number, nowNs: number): void {
    this.noteAreas(nowNs);
    if (this.qLen === this.qId.length) this.growQueue();
    const i = (this.qHead + this.qLen) % this.qId.length;
    this.qId[i] = reqId;
    this.qSector[i] = sector;
    this.qBytes[i] = bytes;
    this.qAt[i] = nowNs;
    this.qLen++;
  }

  /**
   * Starts the request the discipline picks if a server is free; returns its
   * completion time (read its id from `lastStartedId`), or −1 when nothing is waiting
   * or every server is busy.
   */
  startNext(nowNs: number): number {
    if (this.qLen === 0 || this.inService >= this.servers) return -1;
    this.noteAreas(nowNs);
    const cap = this.qId.length;
    const k = this.elevator ? this.pickElevator() : 0;
    const i = (this.qHead + k) % cap;
    const id = this.qId[i];
    const sector = this.qSector[i];
    const bytes = this.qBytes[i];
    const at = this.qAt[i];
    if (k === 0) {
      this.qHead = (this.qHead + 1) % cap;
    } else {
      // Elevator order does not depend on queue position: fill the hole with the tail.
      const t = (this.qHead + this.qLen - 1) % cap;
      this.qId[i] = this.qId[t]; this.qSector[i] = this.qSector[t]; this.qBytes[i] = this.qBytes[t]; this.qAt[i] = this.qAt[t];
    }
    this.qLen--;

    let start = nowNs;
    const iops = this.spec.kind === 'ssd' ? this.spec.iops ?? 0 : 0;
    if (iops > 0) {
      if (start < this.nextStartNs) start = this.nextStartNs;
      this.nextStartNs = start + 1e9 / iops;
    }
    let done: number;
    if (this.spec.kind === 'ssd') {
      // Access on the channel, then the transfer when the device's data path is free.
      const accessDone = start + (this.spec.latencyNs ?? DISK_DEFAULTS.ssdLatencyNs);
      const transferStart = accessDone > this.dataPathFreeNs ? accessDone : this.dataPathFreeNs;
      done = transferStart + (bytes / (this.spec.bandwidthBps ?? DISK_DEFAULTS.ssdBandwidthBps)) * 1e9;
      this.dataPathFreeNs = done;
    } else {
      done = start + this.serviceNs(sector, bytes);
    }
    let slot = 0;
    while (this.sId[slot] !== -1) slot++;
    this.sId[slot] = id;
    this.sAt[slot] = at;
    this.inService++;
    this.headSector = sector + Math.ceil(bytes / SECTOR_BYTES);
    this.requests++;
    this.bytes += bytes;
    this.lastStartedId = id;
    return done;
  }

  /** The request `reqId` has finished at `nowNs`: frees its server, records its latency. */
  complete(reqId: number, nowNs: number): void {
    let slot = 0;
    while (slot < this.servers && this.sId[slot] !== reqId) slot++;
    if (slot === this.servers) throw new Error(`disk ${this.name}: request ${reqId} completed but was not in service`);
    this.noteAreas(nowNs);
    this.sId[slot] = -1;
    this.inService--;
    this.latency.record(nowNs - this.sAt[slot]);
  }

  /** Requests waiting (not in service). */
  get queueLength(): number {
    return this.qLen;
  }

  /** Requests in service. */
  get activeRequests(): number {
    return this.inService;
  }

  /** True while at least one request is in service. */
  get busy(): boolean {
    return this.inService > 0;
  }

  /** True while every server is taken (startNext would return −1). */
  get saturated(): boolean {
    return this.inService >= this.servers;
  }

  /** Mean fraction of servers busy over [0, endNs]. */
  utilisation(endNs: number): number {
    this.noteAreas(endNs);
    return endNs > 0 ? this.busyArea / endNs / this.servers : 0;
  }

  /** Time-averaged number of waiting requests over [0, endNs]. */
  meanQueueLength(endNs: number): number {
    this.noteAreas(endNs);
    return endNs > 0 ? this.queueArea / endNs : 0;
  }

  /** C-LOOK: offset in the ring of the request to serve next. */
  private pickElevator(): number {
    const cap = this.qId.length;
    let best = -1, lowest = 0;
    for (let k = 0; k < this.qLen; k++) {
      const i = (this.qHead + k) % cap;
      const s = this.qSector[i];
      if (s >= this.headSector) {
        if (best < 0) best = k;
        else {
          const b = (this.qHead + best) % cap;
          if (s < this.qSector[b] || (s === this.qSector[b] && this.qAt[i] < this.qAt[b])) best = k;
        }
      }
      const l = (this.qHead + lowest) % cap;
      if (s < this.qSector[l] || (s === this.qSector[l] && this.qAt[i] < this.qAt[l])) lowest = k;
    }
    return best >= 0 ? best : lowest;
  }

  private noteAreas(nowNs: number): void {
    const dt = nowNs - this.areaSinceNs;
    if (dt > 0) {
      this.busyArea += this.inService * dt;
      this.queueArea += this.qLen * dt;
      this.areaSinceNs = nowNs;
    }
  }

  private growQueue(): void {
    const cap = this.qId.length;
    const n = cap * 2;
    const id = new Int32Array(n), sec = new Float64Array(n), by = new Float64Array(n), at = new Float64Array(n);
    for (let k = 0; k < this.qLen; k++) {
      const i = (this.qHead + k) % cap;
      id[k] = this.qId[i]; sec[k] = this.qSector[i]; by[k] = this.qBytes[i]; at[k] = this.qAt[i];
    }
    this.qId = id; this.qSector = sec; this.qBytes = by; this.qAt = at;
    this.qHead = 0;
  }

  result(endNs: number): DeviceResult {
    const lat = this.latency;
    const ms = (ns: number): number => Math.round(ns / 1e3) / 1e3;
    return {
      name: this.name,
      kind: this.kind,
      requests: this.requests,
      bytes: Math.round(this.bytes),
      utilisation: Math.round(this.utilisation(endNs) * 1e6) / 1e6,
      mean_queue_length: Math.round(this.meanQueueLength(endNs) * 1e6) / 1e6,
      latency: lat.count > 0 ? { count: lat.count, mean_ms: ms(lat.mean), p50_ms: ms(lat.quantile(0.5)), p95_ms: ms(lat.quantile(0.95)), p99_ms: ms(lat.quantile(0.99)), max_ms: ms(lat.max) } : undefined,
    };
  }
}
