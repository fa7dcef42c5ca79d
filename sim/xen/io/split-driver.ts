/**
 * The split-driver I/O path, as Xen's public I/O headers define it
 * (xen/include/public/io/blkif.h, netif.h, ring.h):
 *
 * Block: a guest read or write is cut by blkfront into requests of at most
 * BLKIF_MAX_SEGMENTS_PER_REQUEST (11) segments of one 4 KiB page; each request takes a
 * slot in the vbd's shared ring of 32 entries (one page: __CONST_RING_SIZE(blkif, 4096)).
 * With the ring full the rest wait in the frontend (a ring-full event) and go in as
 * slots free. An event-channel notification wakes Dom0; blkback's CPU work
 * (instructions per request and per byte) runs on Dom0's vCPUs; the request goes to
 * the physical disk's queue; on completion Dom0 runs again (the response), frees the
 * slot and notifies the guest, whose vCPU wakes (BOOST under credit) when all parts
 * of its operation are done. A write-behind (the write-back of pages a swapping guest
 * evicts) takes the same path but wakes no one. When a guest thread shares its vCPU with
 * other threads (more threads than vCPUs), only the thread waits: its vCPU is not
 * blocked, and the thread is told when its operation (or its TX slots) are done.
 *
 * Network: netfront's TX and RX rings hold 256 slots (one page of netif requests);
 * a `send` takes one slot per packet — ⌈bytes / MSS⌉, the TCP payload per packet at the
 * NIC's MTU (1,448 B at 1,500; sim/hw/nic.ts) — and blocks the guest when the TX ring
 * is full; netback (Dom0 CPU per packet and per byte) moves the packets to the bridge
 * and the NIC, which serialises them, framed, at its bandwidth (after the vif's rate
 * limit, if any, which like netback's credit counts each packet's Ethernet frame:
 * payload + TCP/IP headers + 14-byte Ethernet header). Requests from outside cross the NIC, then netback (Dom0 CPU), then land in the
 * guest's RX ring (dropped when 256 are waiting) and wake a thread in `recv`.
 * A request's response time ends when the last packet of its response leaves the NIC.
 */
import type { Simulator } from '../../engine/simulator.js';
import type { RandomStream } from '../../engine/random.js';
import type { DomainIoStats } from './io-stats.js';
import type { IoCostSpec } from '../params.js';
import type { DeviceResult } from '../../stats/result.js';
import type { ArrivalPath, ArrivalProcess } from '../../workload/arrivals.js';
import type { ThreadWaiter } from '../../workload/services.js';
import type { Host } from '../host.js';
import type { Vcpu } from '../vcpu.js';
import type { IoBackend } from './backend.js';
import type { Dom0Backend } from './dom0-backend.js';
import { TCP_IP_HEADER_BYTES } from '../../hw/nic.js';

export const BLKIF_RING_SIZE = 32;
export const BLKIF_MAX_SEGMENTS_PER_REQUEST = 11;
export const PAGE_BYTES = 4096;
export const BLK_REQUEST_MAX_BYTES = BLKIF_MAX_SEGMENTS_PER_REQUEST * PAGE_BYTES;
export const NET_TX_RING_SIZE = 256;
export const NET_RX_RING_SIZE = 256;
/** Ethernet header bytes netback's rate-limit credit counts per frame (besides the IP packet). */
export const ETH_HEADER_BYTES = 14;
/** TCP payload of an incoming request packet (an HTTP GET, an SMTP command): one packet. */
export const REQUEST_PACKET_BYTES = 512;

/** What the split driver needs of a physical disk (sim/hw/disk.ts). */
export interface BlockDevice {
  readonly name: string;
  submit(reqId: number, sector: number, bytes: number, nowNs: number): void;
  /** Starts the next queued request if the device has room; its completion time, or −1. */
  startNext(nowNs: number): number;
  readonly lastStartedId: number;
  complete(reqId: number, nowNs: number): void;
  result(endNs: number): DeviceResult;
}

/** What the split driver needs of a NIC direction (sim/hw/nic.ts). */
export interface Link {
  /** Carries `bytes` of TCP payload (as packets); returns when the last one arrives. */
  sendPayload(bytes: number, nowNs: number): number;
  /** Packets a send of `bytes` of payload takes at the link's MTU (≥ 1). */
  packetsFor(bytes: number): number;
  /** Bytes per packet beyond the payload: TCP/IP headers and Ethernet framing. */
  readonly overheadPerPacket: number;
}

export interface VbdBinding {
  /** Device index in the driver's device list. */
  device: number;
  /** First sector of the vbd's region on the device. */
  baseSector: number;
  sectors: number;
}

export interface VifBinding {
  tx: Link;
  rx: Link;
  /** Extra delay a vif rate limit imposes (token bucket), or null. */
  limit: ((bytes: number, nowNs: number) => number) | null;
}

const JOB_BLK_SUBMIT = 0;
const JOB_BLK_RESPONSE = 1;
const JOB_NET_TX = 2;
const JOB_NET_RX = 3;

/** Per-domain frontend state. */
interface Frontend {
  vbds: VbdBinding[];
  ringFree: Int32Array;
  /** Parts waiting for a ring slot, per vbd (request ids, FIFO). */
  waiting: number[][];
  vif: VifBinding | null;
  txFree: number;
  /** Send operations waiting for TX slots: [vcpu index, packets, bytes]. */
  txWaiting: number[];
  /** Beside each: [thread waiter (null: the vCPU waits), thread]. */
  txWaitingThreads: (ThreadWaiter | number | null)[];
  rng: RandomStream;
  io: DomainIoStats;
  arrivals: ArrivalProcess | null;
}

export class SplitDriverIo implements IoBackend, ArrivalPath {
  // Block request table (parts), SoA with a free list.
  private rOp = new Int32Array(1024);
  private rDom = new Int32Array(1024);
  private rVbd = new Int32Array(1024);
  private rBytes = new Float64Array(1024);
  private rSector = new Float64Array(1024);
  private rWrite = new Uint8Array(1024);
  private rFree: number[] = [];
  private rNext = 0;
  // Guest operations: the vCPU waiting, parts left, start time, domain.
  private oVcpu = new Int32Array(256);
  private oLeft = new Int32Array(256);
  private oStart = new Float64Array(256);
  private oDom = new Int32Array(256);
  /** A guest thread waiting for the operation instead of its vCPU (null: the vCPU), and which. */
  private oWaiter: (ThreadWaiter | null)[] = new Array(256).fill(null);
  private oThread = new Int32Array(256);
  private oFree: number[] = [];
  private oNext = 0;
  /** The operation submitOp just made. */
  private lastOp = 0;
  // Network TX batches: domain, vcpu, packets, bytes.
  private tDom = new Int32Array(256);
  private tVcpu = new Int32Array(256);
  private tPackets = new Int32Array(256);
  private tBytes = new Float64Array(256);
  private tFree: number[] = [];
  private tNext = 0;
  // Inbound requests: domain, arrival instant.
  private iDom = new Int32Array(256);
  private iAt = new Float64Array(256);
  private iFree: number[] = [];
  private iNext = 0;
  /** Per vCPU: sends handed to netback but not yet on the wire, and a response waiting for them. */
  private readonly txInFlight: Int32Array;
  private readonly deferredStart: Float64Array;
  private readonly lastDeparture: Float64Array;
  private readonly evDiskDone: number;
  private readonly evInbound: number;
  private readonly evTxDone: number;
  private readonly frontends: Frontend[] = [];
  /** Records a finished request's response time (set by the builder). */
  recordResponse: (domainId: number, ns: number) => void = () => {};

  constructor(
    private readonly sim: Simulator,
    private readonly host: Host,
    private readonly devices: BlockDevice[],
    private readonly backend: Dom0Backend,
    private readonly costs: IoCostSpec,
    private readonly dom0Cpi: number,
  ) {
    this.txInFlight = new Int32Array(host.vcpus.length);
    this.deferredStart = new Float64Array(host.vcpus.length).fill(-1);
    this.lastDeparture = new Float64Array(host.vcpus.length);
    this.evDiskDone = sim.register((reqId, now) => this.onDiskDone(reqId, now));
    const rxCycles = (costs.netInstrPerPacket + costs.netInstrPerByte * REQUEST_PACKET_BYTES) * dom0Cpi;
    this.evInbound = sim.register((i, now) => backend.submit(JOB_NET_RX, i, rxCycles, now));
    this.evTxDone = sim.register((t, now) => this.onTxDone(t, now));
    backend.finish = (kind, id, now) => this.onJobDone(kind, id, now);
  }

  attach(domainId: number, vbds: VbdBinding[], vif: VifBinding | null, rng: RandomStream, io: DomainIoStats, arrivals: ArrivalProcess | null): void {
    this.frontends[domainId] = {
      vbds,
      ringFree: new Int32Array(vbds.length).fill(BLKIF_RING_SIZE),
      waiting: vbds.map(() => []),
      vif,
      txFree: NET_TX_RING_SIZE,
      txWaiting: [],
      txWaitingThreads: [],
      rng,
      io,
      arrivals,
    };
    if (arrivals !== null && vif !== null) arrivals.path = this;
  }

  // ---- block ----

  blockIo(v: Vcpu, io: DomainIoStats, vbd: number, bytes: number, write: boolean, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    if (!this.submitOp(v.domain.id, v.index, io, vbd, bytes, write, now)) return false;
    const op = this.lastOp;
    this.oWaiter[op] = waiter;
    this.oThread[op] = thread;
    // A thread's wait still counts on the vCPU it ran on (a migration drains it), but only
    // a wait without a thread waiter blocks the vCPU.
    v.ioPending++;
    if (waiter === null) this.host.block(v, now);
    return true;
  }

  /**
   * A write nobody waits for: the guest's write-back of pages it evicts to swap. It takes
   * ring slots, Dom0 time and the disk like any request; its completion wakes no one.
   */
  writeBehind(v: Vcpu, io: DomainIoStats, vbd: number, bytes: number, now: number): void {
    this.submitOp(v.domain.id, -1, io, vbd, bytes, true, now);
  }

  /** Cuts an operation into blkif requests and queues them; `waiter` is the vCPU index to wake, or −1. */
  private submitOp(dom: number, waiter: number, io: DomainIoStats, vbd: number, bytes: number, write: boolean, now: number): boolean {
    const fe = this.frontends[dom];
    if (fe === undefined || fe.vbds.length === 0 || bytes <= 0) return false;
    const b = fe.vbds[vbd < fe.vbds.length ? vbd : 0];
    if (write) { io.writes++; io.writeBytes += bytes; } else { io.reads++; io.readBytes += bytes; }
    const parts = Math.ceil(bytes / BLK_REQUEST_MAX_BYTES);
    const op = this.newOp();
    this.lastOp = op;
    this.oVcpu[op] = waiter;
    this.oWaiter[op] = null;
    this.oLeft[op] = parts;
    this.oStart[op] = now;
    this.oDom[op] = dom;
    // A random place in the vbd, contiguous for the parts of one operation.
    let sector = b.baseSector + Math.floor(fe.rng.uniform() * Math.max(1, b.sectors - Math.ceil(bytes / 512)));
    let left = bytes;
    const vi = vbd < fe.vbds.length ? vbd : 0;
    for (let i = 0; i < parts; i++) {
      const n = left > BLK_REQUEST_MAX_BYTES ? BLK_REQUEST_MAX_BYTES : left;
      left -= n;
      const r = this.newReq();
      this.rOp[r] = op;
      this.rDom[r] = dom;
      this.rVbd[r] = vi;
      this.rBytes[r] = n;
      this.rSector[r] = sector;
      this.rWrite[r] = write ? 1 : 0;
      sector += Math.ceil(n / 512);
      if (fe.ringFree[vi] > 0) {
        fe.ringFree[vi]--;
        this.backend.submit(JOB_BLK_SUBMIT, r, this.blkCycles(n), now);
      } else {
        if (fe.waiting[vi].length === 0) io.ringFull++;
        fe.waiting[vi].push(r);
      }
    }
    return true;
  }

  private blkCycles(bytes: number): number {
    return (this.costs.blkInstrPerRequest + this.costs.blkInstrPerByte * bytes) * this.dom0Cpi;
  }

  private onDiskDone(r: number, now: number): void {
    const fe = this.frontends[this.rDom[r]];
    const dev = this.devices[fe.vbds[this.rVbd[r]].device];
    dev.complete(r, now);
    this.startDevice(dev, now);
    // The response costs Dom0 the per-request part again (no data is touched).
    this.backend.submit(JOB_BLK_RESPONSE, r, this.costs.blkInstrPerRequest * this.dom0Cpi, now);
  }

  private startDevice(dev: BlockDevice, now: number): void {
    for (;;) {
      const done = dev.startNext(now);
      if (done < 0) return;
      this.sim.schedule(done, this.evDiskDone, dev.lastStartedId);
    }
  }

  // ---- network ----

  netSend(v: Vcpu, io: DomainIoStats, bytes: number, now: number, waiter: ThreadWaiter | null = null, thread = 0): boolean {
    const fe = this.frontends[v.domain.id];
    if (fe === undefined || fe.vif === null || bytes <= 0) {
      io.txPackets++;
      io.txBytes += bytes;
      return false;
    }
    const packets = fe.vif.tx.packetsFor(bytes);
    // A send of more packets than the ring holds takes all of it (as startTx and
    // admitTxWaiting count it): asking for more slots than exist would wait for ever.
    if (fe.txFree >= Math.min(packets, NET_TX_RING_SIZE) && fe.txWaiting.length === 0) {
      this.startTx(v.domain.id, v.index, packets, bytes, now);
      return false;
    }
    // TX ring full: the guest (the vCPU, or just the thread) waits for slots.
    io.ringFull++;
    fe.txWaiting.push(v.index, packets, bytes);
    fe.txWaitingThreads.push(waiter, thread);
    if (waiter === null) this.host.block(v, now);
    v.ioPending++;
    return true;
  }

  private startTx(dom: number, vcpu: number, packets: number, bytes: number, now: number): void {
    const fe = this.frontends[dom];
    fe.txFree -= Math.min(packets, NET_TX_RING_SIZE);
    const t = this.newTx();
    this.tDom[t] = dom;
    this.tVcpu[t] = vcpu;
    this.tPackets[t] = packets;
    this.tBytes[t] = bytes;
    this.txInFlight[vcpu]++;
    const cycles = (this.costs.netInstrPerPacket * packets + this.costs.netInstrPerByte * bytes) * this.dom0Cpi;
    this.backend.submit(JOB_NET_TX, t, cycles, now);
  }

  /** ArrivalPath: a request from outside reaches the NIC at `arrivedAtNs`. */
  inbound(process: ArrivalProcess, arrivedAtNs: number, now: number): void {
    const fe = this.frontends[process.domainIndex];
    const at = fe.vif!.rx.sendPayload(REQUEST_PACKET_BYTES, now);
    const i = this.newIn();
    this.iDom[i] = process.domainIndex;
    this.iAt[i] = arrivedAtNs;
    // netback sees the packet once it is off the wire.
    this.sim.schedule(at, this.evInbound, i);
  }

  /**
   * The network path of a domain whose ArrivalProcess was made for another host (it
   * migrated here): inbound requests land in this host's frontend `domainId`.
   */
  pathFor(domainId: number): ArrivalPath | null {
    const fe = this.frontends[domainId];
    if (fe === undefined || fe.vif === null) return null;
    return {
      inbound: (process, arrivedAtNs, now) => {
        const at = fe.vif!.rx.sendPayload(REQUEST_PACKET_BYTES, now);
        const i = this.newIn();
        this.iDom[i] = domainId;
        this.iAt[i] = arrivedAtNs;
        void process;
        this.sim.schedule(at, this.evInbound, i);
      },
    };
  }

  /** Called at a request's end: its response time runs until its response is on the wire. */
  endRequest(v: Vcpu, startNs: number, now: number): void {
    const vi = v.index;
    if (this.txInFlight[vi] > 0) {
      if (this.deferredStart[vi] >= 0) this.recordResponse(v.domain.id, now - this.deferredStart[vi]);
      this.deferredStart[vi] = startNs;
      return;
    }
    const last = this.lastDeparture[vi];
    this.recordResponse(v.domain.id, (last > now ? last : now) - startNs);
  }

  // ---- Dom0 backend jobs done ----

  private onJobDone(kind: number, id: number, now: number): void {
    switch (kind) {
      case JOB_BLK_SUBMIT: {
        const fe = this.frontends[this.rDom[id]];
        const b = fe.vbds[this.rVbd[id]];
        const dev = this.devices[b.device];
        dev.submit(id, this.rSector[id], this.rBytes[id], now);
        this.startDevice(dev, now);
        return;
      }
      case JOB_BLK_RESPONSE: {
        const dom = this.rDom[id];
        const fe = this.frontends[dom];
        const vi = this.rVbd[id];
        const op = this.rOp[id];
        this.freeReq(id);
        // The slot is free: the next waiting part goes in.
        const w = fe.waiting[vi];
        if (w.length > 0) {
          const r = w.shift()!;
          this.backend.submit(JOB_BLK_SUBMIT, r, this.blkCycles(this.rBytes[r]), now);
        } else {
          fe.ringFree[vi]++;
        }
        if (--this.oLeft[op] === 0) {
          const vi = this.oVcpu[op];
          const waiter = this.oWaiter[op];
          fe.io.latency.record(now - this.oStart[op]);
          this.oWaiter[op] = null;
          this.freeOp(op);
          if (vi >= 0) {
            const v = this.host.vcpus[vi];
            v.ioPending--;
            if (waiter !== null) waiter.threadDone(this.oThread[op], now);
            else this.host.wake(v, now);
          }
        }
        return;
      }
      case JOB_NET_TX: {
        const dom = this.tDom[id];
        const fe = this.frontends[dom];
        const vif = fe.vif!;
        const bytes = this.tBytes[id];
        const packets = this.tPackets[id];
        const vcpu = this.tVcpu[id];
        // netback's credit counts whole frames as the guest built them (Ethernet header on).
        const delay = vif.limit !== null ? vif.limit(bytes + packets * (TCP_IP_HEADER_BYTES + ETH_HEADER_BYTES), now) : 0;
        const departs = vif.tx.sendPayload(bytes, now + delay);
        this.lastDeparture[vcpu] = departs;
        if (--this.txInFlight[vcpu] === 0 && this.deferredStart[vcpu] >= 0) {
          this.recordResponse(dom, departs - this.deferredStart[vcpu]);
          this.deferredStart[vcpu] = -1;
        }
        // The ring slots stay taken until the packets are on the wire: that is what
        // holds a sender to the link's speed.
        this.sim.schedule(departs, this.evTxDone, id);
        return;
      }
      case JOB_NET_RX: {
        const fe = this.frontends[this.iDom[id]];
        const at = this.iAt[id];
        this.freeIn(id);
        fe.io.rxPackets++;
        fe.io.rxBytes += REQUEST_PACKET_BYTES;
        const a = fe.arrivals!;
        if (a.queued >= NET_RX_RING_SIZE) {
          a.dropped++;
          return;
        }
        a.deliver(at, now);
        return;
      }
    }
  }

  /** Packets of a send are on the wire: count them and free their TX slots. */
  private onTxDone(t: number, now: number): void {
    const dom = this.tDom[t];
    const fe = this.frontends[dom];
    const packets = this.tPackets[t];
    fe.io.txPackets += packets;
    fe.io.txBytes += this.tBytes[t];
    fe.txFree += Math.min(packets, NET_TX_RING_SIZE);
    this.freeTx(t);
    this.admitTxWaiting(dom, now);
  }

  private admitTxWaiting(dom: number, now: number): void {
    const fe = this.frontends[dom];
    while (fe.txWaiting.length > 0 && fe.txFree >= Math.min(fe.txWaiting[1], NET_TX_RING_SIZE)) {
      const vcpu = fe.txWaiting.shift()!;
      const packets = fe.txWaiting.shift()!;
      const bytes = fe.txWaiting.shift()!;
      const waiter = fe.txWaitingThreads.shift() as ThreadWaiter | null;
      const thread = fe.txWaitingThreads.shift() as number;
      this.startTx(dom, vcpu, packets, bytes, now);
      const v = this.host.vcpus[vcpu];
      v.ioPending--;
      if (waiter !== null) waiter.threadDone(thread, now);
      else this.host.wake(v, now);
    }
  }

  deviceResults(endNs: number): DeviceResult[] {
    return this.devices.map((d) => d.result(endNs));
  }

  // ---- table management (free lists; tables double when full) ----

  private newReq(): number {
    if (this.rFree.length > 0) return this.rFree.pop()!;
    if (this.rNext === this.rOp.length) {
      const n = this.rOp.length * 2;
      this.rOp = grow(this.rOp, n); this.rDom = grow(this.rDom, n); this.rVbd = grow(this.rVbd, n);
      this.rBytes = growF(this.rBytes, n); this.rSector = growF(this.rSector, n); this.rWrite = growU8(this.rWrite, n);
    }
    return this.rNext++;
  }
  private freeReq(r: number): void { this.rFree.push(r); }
  private newOp(): number {
    if (this.oFree.length > 0) return this.oFree.pop()!;
    if (this.oNext === this.oVcpu.length) {
      const n = this.oVcpu.length * 2;
      this.oVcpu = grow(this.oVcpu, n); this.oLeft = grow(this.oLeft, n); this.oDom = grow(this.oDom, n); this.oStart = growF(this.oStart, n);
      this.oThread = grow(this.oThread, n); this.oWaiter.length = n; this.oWaiter.fill(null, n / 2);
    }
    return this.oNext++;
  }
  private freeOp(o: number): void { this.oFree.push(o); }
  private newTx(): number {
    if (this.tFree.length > 0) return this.tFree.pop()!;
    if (this.tNext === this.tDom.length) {
      const n = this.tDom.length * 2;
      this.tDom = grow(this.tDom, n); this.tVcpu = grow(this.tVcpu, n); this.tPackets = grow(this.tPackets, n); this.tBytes = growF(this.tBytes, n);
    }
    return this.tNext++;
  }
  private freeTx(t: number): void { this.tFree.push(t); }
  private newIn(): number {
    if (this.iFree.length > 0) return this.iFree.pop()!;
    if (this.iNext === this.iDom.length) {
      const n = this.iDom.length * 2;
      this.iDom = grow(this.iDom, n); this.iAt = growF(this.iAt, n);
    }
    return this.iNext++;
  }
  private freeIn(i: number): void { this.iFree.push(i); }
}

function grow(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> { const b = new Int32Array(n); b.set(a); return b; }
function growF(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> { const b = new Float64Array(n); b.set(a); return b; }
function growU8(a: Uint8Array<ArrayBuffer>, n: number): Uint8Array<ArrayBuffer> { const b = new Uint8Array(n); b.set(a); return b; }
