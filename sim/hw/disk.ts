/**
 * Physical disk queue models, driven by events from outside (no engine import):
 * requests are submitted with an id, a sector and a size; startNext() starts the
 * next one the discipline picks if the device has a free server and returns when it
 * will complete; complete() frees the server.
 *
 * - `hdd`: one server. Service = seek + half a rotation + size / transfer rate. The
 *   seek scales with the square root of the distance travelled (a common first-order
 *   model of arm movement: acceleration-limited), normalised so that a random
 *   request's expected seek equals the given average seek; a request at the head's
 *   sector seeks nothing and, if it continues the previous one, pays no rotation
 *   either. Order `fifo` or `elevator` (C-LOOK: the next sector at or past the head,
 *   wrapping to the lowest).
 * - `ssd`: `parallelism` servers; service = latency + size / bandwidth; starts are
 *   spaced at least 1 / iops apart.
 * - `fixed`: one server, constant service time.
 *
 * Statistics: requests, bytes, busy time (utilisation), time-integrated queue length,
 * latency (submit → complete) histogram.
 */
import type { DiskSpec } from '../scenario/types.js';
import type { DeviceResult } from '../stats/result.js';
import { Histogram } from '../stats/histogram.js';

/** E[sqrt(|X − Y|)] for X, Y uniform on [0, 1]: 8/15. */
const MEAN_SQRT_DISTANCE = 8 / 15;
/** Sectors a disk region spans for the seek model (a 64 GiB span of 512-byte sectors). */
export const SEEK_SPAN_SECTORS = 2 ** 27;

export class Disk {
  readonly name: string;
  readonly kind: DiskSpec['kind'];
  private readonly servers: number;
  private busyServers = 0;
  // Queue: parallel growable arrays, unordered; the discipline picks an index.
  private qId = new Int32Array(64);
  private qSector = new Float64Array(64);
  private qBytes = new Float64Array(64);
  private qAt = new Float64Array(64);
  private qLen = 0;
  /** Submit time of in-service requests by id (sparse, grows). */
  private startedAt = new Float64Array(1024);
  private head = 0;
  private lastEnd = -1;
  private nextStartNs = 0;
  lastStartedId = -1;

  requests = 0;
  bytes = 0;
  private busyNs = 0;
  private busySince = 0;
  private queueArea = 0;
  private queueSince = 0;
  readonly latency = new Histogram();

  constructor(private readonly spec: DiskSpec) {
    this.name = spec.name;
    this.kind = spec.kind;
    this.servers = spec.kind === 'ssd' ? Math.max(1, spec.parallelism ?? 1) : 1;
  }

  /** Service time of a request at `sector` of `bytes`, from the current head position. */
  serviceNs(sector: number, bytes: number): number {
    const s = this.spec;
    switch (s.kind) {
      case 'fixed':
        return s.serviceNs ?? 1e6;
      case 'ssd':
        return (s.latencyNs ?? 100e3) + (bytes / (s.bandwidthBps ?? 500e6)) * 1e9;
      case 'hdd': {
        const transfer = (bytes / (s.transferBps ?? 60e6)) * 1e9;
        if (sector === this.lastEnd) return transfer; // sequential: no seek, no rotation
        const dist = Math.min(1, Math.abs(sector - this.head) / SEEK_SPAN_SECTORS);
        const seek = dist === 0 ? 0 : ((s.seekNs ?? 8.5e6) * Math.sqrt(dist)) / MEAN_SQRT_DISTANCE;
        const halfRotation = (60 / (s.rpm ?? 7200) / 2) * 1e9;
        return seek + halfRotation + transfer;
      }
    }
  }

  submit(reqId: number, sector: number, bytes: number, nowNs: number): void {
    this.noteQueue(nowNs);
    if (this.qLen === this.qId.length) this.growQueue();
    const i = this.qLen++;
    this.qId[i] = reqId;
    this.qSector[i] = sector;
    this.qBytes[i] = bytes;
    this.qAt[i] = nowNs;
  }

  /** Starts the next request if a server is free; returns its completion time, or −1. */
  startNext(nowNs: number): number {
    if (this.qLen === 0 || this.busyServers >= this.servers) return -1;
    this.noteQueue(nowNs);
    const i = this.pick();
    const id = this.qId[i];
    const sector = this.qSector[i];
    const bytes = this.qBytes[i];
    const at = this.qAt[i];
    // Remove by moving the last entry in, keeping FIFO order for fifo/ssd/fixed by shifting.
    if (this.spec.kind === 'hdd' && this.spec.order === 'elevator') {
      const last = --this.qLen;
      this.qId[i] = this.qId[last]; this.qSector[i] = this.qSector[last]; this.qBytes[i] = this.qBytes[last]; this.qAt[i] = this.qAt[last];
    } else {
      this.qId.copyWithin(0, 1, this.qLen); this.qSector.copyWithin(0, 1, this.qLen);
      this.qBytes.copyWithin(0, 1, this.qLen); this.qAt.copyWithin(0, 1, this.qLen);
      this.qLen--;
    }
    let start = nowNs;
    if (this.spec.kind === 'ssd' && this.spec.iops !== undefined && this.spec.iops > 0) {
      if (start < this.nextStartNs) start = this.nextStartNs;
      this.nextStartNs = start + 1e9 / this.spec.iops;
    }
    const service = this.serviceNs(sector, bytes);
    if (this.busyServers === 0) this.busySince = nowNs;
    this.busyServers++;
    this.head = sector;
    this.lastEnd = sector + Math.ceil(bytes / 512);
    if (id >= this.startedAt.length) {
      const g = new Float64Array(Math.max(id + 1, this.startedAt.length * 2));
      g.set(this.startedAt);
      this.startedAt = g;
    }
    this.startedAt[id] = at;
    this.requests++;
    this.bytes += bytes;
    this.lastStartedId = id;
    return start + service;
  }

  complete(reqId: number, nowNs: number): void {
    this.busyServers--;
    if (this.busyServers === 0) this.busyNs += nowNs - this.busySince;
    this.latency.record(nowNs - this.startedAt[reqId]);
  }

  get queueLength(): number {
    return this.qLen;
  }

  get busy(): boolean {
    return this.busyServers > 0;
  }

  private pick(): number {
    if (this.spec.kind !== 'hdd' || this.spec.order !== 'elevator') return 0;
    // C-LOOK: the lowest sector at or beyond the head; else wrap to the lowest overall.
    let best = -1, lowest = 0;
    for (let i = 0; i < this.qLen; i++) {
      const s = this.qSector[i];
      if (s >= this.head && (best < 0 || s < this.qSector[best])) best = i;
      if (s < this.qSector[lowest]) lowest = i;
    }
    return best >= 0 ? best : lowest;
  }

  private noteQueue(nowNs: number): void {
    this.queueArea += this.qLen * (nowNs - this.queueSince);
    this.queueSince = nowNs;
  }

  private growQueue(): void {
    const n = this.qId.length * 2;
    const a = new Int32Array(n); a.set(this.qId); this.qId = a;
    const b = new Float64Array(n); b.set(this.qSector); this.qSector = b;
    const c = new Float64Array(n); c.set(this.qBytes); this.qBytes = c;
    const d = new Float64Array(n); d.set(this.qAt); this.qAt = d;
  }

  result(endNs: number): DeviceResult {
    this.noteQueue(endNs);
    const busy = this.busyNs + (this.busyServers > 0 ? endNs - this.busySince : 0);
    const span = endNs > 0 ? endNs : 1;
    const lat = this.latency;
    const ms = (ns: number): number => Math.round(ns / 1e3) / 1e3;
    return {
      name: this.name,
      kind: this.kind,
      requests: this.requests,
      bytes: Math.round(this.bytes),
      utilisation: Math.round((busy / span / this.servers) * 1e6) / 1e6,
      mean_queue_length: Math.round((this.queueArea / span) * 1e6) / 1e6,
      latency: lat.count > 0 ? { count: lat.count, mean_ms: ms(lat.mean), p50_ms: ms(lat.quantile(0.5)), p95_ms: ms(lat.quantile(0.95)), p99_ms: ms(lat.quantile(0.99)), max_ms: ms(lat.max) } : undefined,
    };
  }
}
