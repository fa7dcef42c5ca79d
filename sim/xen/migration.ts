/**
 * Live migration between hosts (`xm migrate --live`), after Xen's pre-copy design:
 *
 *   C. Clark, K. Fraser, S. Hand, J. G. Hansen, E. Jul, C. Limpach, I. Pratt, A. Warfield,
 *   "Live Migration of Virtual Machines", NSDI 2005 — stages (reservation, iterative
 *   pre-copy, stop-and-copy, commitment, activation), the writable working set, dynamic
 *   rate limiting (§3.3: first round at a minimum rate, each later round at the previous
 *   round's dirtying rate + 50 Mbit/s, up to a maximum; measured downtimes of 60 ms
 *   (Quake 3) to 210 ms (SPECweb99)).
 *
 *   xen-project/xen tools/libxc/xc_domain_save.c (Xen 3.x–4.x): DEF_MAX_ITERS 29 ("limit
 *   us to 30 times round loop"), DEF_MAX_FACTOR 3 ("never send more than 3x p2m_size"),
 *   the last iteration starts when `iter >= max_iters`, when a round sent fewer than 50
 *   pages (`sent_this_iter + skip_this_iter < 50`), when `total_sent > p2m_size *
 *   max_factor`, or (with ADAPTIVE_SAVE) when the rate is at its maximum and a round sent
 *   more than the one before. ADAPTIVE_SAVE: START_MBIT_RATE 100, MAX_MBIT_RATE 500,
 *   new rate = dirty rate + 50 when above the current one. Stock builds leave
 *   ADAPTIVE_SAVE off (RATE_IS_MAX() is 0, writes go at link speed): our default.
 *   Batches of at most 1024 pages (MAX_BATCH_SIZE); the final iteration runs with the
 *   domain suspended and ends with the vCPU contexts and the shared-info page.
 *
 * The model, round by round (docs/migration.md has the long version):
 * - Reservation: the guest's allocation is reserved on the target (MemoryModel.reserve,
 *   Dom0 autoballooning first as for a creation); refused → the migration fails, the
 *   guest stays put, a warning says why.
 * - Round 1 walks every page of the allocation; round i+1 walks the pages dirtied during
 *   round i. Dirtying comes from the workload's `touch` operations: n pages touched at
 *   random over a writable working set of W pages (the `ws` size, or the allocation if
 *   none) leave W·(1 − e^(−n/W)) distinct dirty pages (expected coverage; a page touched
 *   twice is sent once).
 * - A pre-copy round skips the pages dirtied again since it began (Clark et al. §5.4,
 *   "Rapid Page Dirtying": peek at the current round's dirty bitmap; xc_domain_save's
 *   SHADOW_OP_PEEK into to_skip before each batch, `skip_this_iter`): each batch walks
 *   to_send until it holds MAX_BATCH_SIZE pages not dirty again, in expectation
 *   batch / (1 − D/P) pages of which D/P are skipped (D pages dirtied so far this round, P
 *   the pages to_send is drawn from: the allocation in round 1, the working set after).
 *   Skipped pages are dirty, so the next round sends them; the final round skips nothing,
 *   and the 50-page stop counts sent + skipped, as Xen does.
 * - Each batch costs Dom0 instructions per page on the sender (mapping, copying into the
 *   socket), then crosses the source's NIC (if network.nic is set, shared FIFO with guest
 *   packets) and the host-to-host link (shared by every migration between the two hosts),
 *   then costs Dom0 instructions per page on the receiver. Two batches may be on the wire
 *   at once (a socket buffer); the sender's rate limit, if any, paces them as ratewrite
 *   does (a budget charged before each write, refilled at the rate, the write waiting out
 *   any debt).
 * - Stop-and-copy: the guest is paused, its outstanding block and network-ring I/O is
 *   drained (blkfront's suspend), and the last dirty set plus the CPU state (one page per
 *   vCPU and the shared-info page) is sent; then a fixed resume cost (reconnecting the
 *   split drivers, the unsolicited ARP) and the guest runs on the target.
 * - Non-live (`live: false`): paused at once, every page sent in one round, resumed.
 *
 * Switch-over keeps the guest's CPU time whole: its vCPUs on the source are destroyed
 * (their time closed there), the copies on the target are created with the burst in
 * progress, sleep deadlines and outstanding work carried over, so each host accounts the
 * time its pCPUs ran the guest and no nanosecond is lost or counted twice.
 */
import type { Simulator } from '../engine/simulator.js';
import { NicLink } from '../hw/nic.js';
import type { GuestPort, HostPort } from './host-port.js';
import type { MigrationSpec, NetworkSpec } from './params.js';
import { Histogram } from '../stats/histogram.js';
import type { LatencySummary, MigrationResult, MigrationRoundResult } from '../stats/result.js';
import type { Domain } from './domain.js';
import { PAGE_BYTES } from './memory.js';
import type { SplitDriverIo } from './io/split-driver.js';

/** Dom0 backend job kinds of the migration (the split driver uses 0–3). */
export const JOB_MIGRATE_SEND = 100;
export const JOB_MIGRATE_RECV = 101;
/** Batches on the wire at once (the socket buffer between xc_domain_save and the link). */
const WINDOW_BATCHES = 2;
/** xc_domain_save's BURST_BUDGET: what ratewrite may send before the rate applies. */
const BURST_BUDGET_BYTES = 100 * 1024;
/** How often a paused guest's outstanding I/O is checked during the drain. */
const DRAIN_POLL_NS = 1e6;
const MB = 1048576;

type Phase = 'precopy' | 'drain' | 'final' | 'resume' | 'done';

/** Latency summaries a migration record carries; computed by the caller's helper. */
export type LatencyOf = (h: Histogram) => LatencySummary | undefined;

/** One migration under way (or finished): its state machine and what the Result reports. */
class Migration {
  phase: Phase = 'precopy';
  round = 0;
  /** The round's to_send pages not yet walked; those sent (handed to batches); skipped; received. */
  toSend = 0;
  roundSent = 0;
  roundSkipped = 0;
  received = 0;
  /**
   * The pages a to_send page is drawn from, for the chance that it was dirtied again
   * since the round began (to_skip): the whole allocation in round 1, the writable
   * working set after; 0 in the final round, which skips nothing.
   */
  skipPopulation = 0;
  roundStartNs = 0;
  touchedAtRoundStart = 0;
  sentLastRound = 0;
  totalPages = 0;
  srcBusy = false;
  onWire = 0;
  /** A batch waiting for the rate limiter (pages), or 0. */
  held = 0;
  /** FIFO of batch sizes on their way to the receiver. */
  readonly inFlight: number[] = [];
  /** FIFO of batch sizes queued on the receiver's Dom0. */
  readonly recvQueue: number[] = [];
  /** ratewrite's budget (bytes; below 0 a debt) and when it was last refilled (−1: never). */
  budget = 0;
  budgetAt = -1;
  rateBps: number;
  pausedAtNs = -1;
  srcCycles = 0;
  dstCycles = 0;
  readonly rounds: MigrationRoundResult[] = [];
  readonly record: MigrationResult;
  /** The evacuation it belongs to, if any. */
  evacuation: Evacuation | null = null;

  constructor(
    readonly slot: number,
    readonly dr: GuestPort,
    readonly from: number,
    readonly to: number,
    readonly src: Domain,
    readonly dst: Domain,
    readonly allocPages: number,
    readonly link: NicLink,
    readonly nic: NicLink | null,
    rateBps: number,
    record: MigrationResult,
  ) {
    this.rateBps = rateBps;
    this.record = record;
  }
}

interface Evacuation {
  host: number;
  to: number[];
  live: boolean;
  queue: GuestPort[];
}

export class MigrationManager {
  readonly records: MigrationResult[] = [];
  /** Each guest's last finished migration, whose "after" window is still open. */
  private readonly lastOf = new Map<GuestPort, MigrationResult>();
  private readonly active: (Migration | null)[] = [];
  private readonly links = new Map<string, NicLink>();
  private readonly evHandOver: number;
  private readonly evDeparted: number;
  private readonly evArrived: number;
  private readonly evRoundEnd: number;
  private readonly evDrain: number;
  private readonly evResume: number;

  constructor(
    private readonly sim: Simulator,
    private readonly hosts: HostPort[],
    private readonly network: NetworkSpec,
    private readonly spec: MigrationSpec,
    private readonly warnings: string[],
    private readonly latencyOf: LatencyOf,
  ) {
    this.evHandOver = sim.register((slot, now) => this.handOver(this.active[slot]!, now));
    this.evDeparted = sim.register((slot, now) => this.departed(this.active[slot]!, now));
    this.evArrived = sim.register((slot, now) => this.arrived(this.active[slot]!, now));
    this.evRoundEnd = sim.register((slot, now) => this.roundEnd(this.active[slot]!, now));
    this.evDrain = sim.register((slot, now) => this.drain(this.active[slot]!, now));
    this.evResume = sim.register((slot, now) => this.switchOver(this.active[slot]!, now));
    for (const h of hosts) {
      const backend = h.backend;
      const prev = backend.finish;
      backend.finish = (kind, id, now) => {
        if (kind === JOB_MIGRATE_SEND) this.sendJobDone(this.active[id]!, now);
        else if (kind === JOB_MIGRATE_RECV) this.recvJobDone(this.active[id]!, now);
        else prev(kind, id, now);
      };
    }
  }

  /** The link between two hosts (one NicLink per direction, created on first use). */
  private linkBetween(from: number, to: number): NicLink {
    const key = `${from}>${to}`;
    let l = this.links.get(key);
    if (l === undefined) {
      const a = this.hosts[from].name;
      const b = this.hosts[to].name;
      l = new NicLink({ name: `${a}->${b}`, bandwidthBps: this.network.bandwidthBps, latencyNs: this.network.latencyNs }, 'tx');
      this.links.set(key, l);
    }
    return l;
  }

  /** Bytes carried by each host-to-host direction, for the Result. */
  linkBytes(): { from: string; to: string; bytes: number }[] {
    return [...this.links.entries()].map(([k, l]) => {
      const [a, b] = k.split('>').map(Number);
      return { from: this.hosts[a].name, to: this.hosts[b].name, bytes: l.bytes };
    });
  }

  isMigrating(dr: GuestPort): boolean {
    return this.active.some((m) => m !== null && m.dr === dr);
  }

  // ---- requests ----

  /** `xm migrate [--live] dom host`: starts now, or fails with a record and a warning saying why. */
  request(dr: GuestPort, to: number, live: boolean, now: number, reason: string, evac: Evacuation | null = null): boolean {
    const from = dr.hostIndex!;
    const name = dr.domain.name;
    const toName = this.hosts[to].name;
    const fail = (message: string): boolean => {
      this.warnings.push(`${(now / 1e9).toFixed(3)} s: migration of '${name}' to '${toName}' failed: ${message}`);
      this.records.push(this.newRecord(dr, from, to, live, reason, now, 'failed', message));
      return false;
    };
    const d = dr.domain;
    if (d.createdAtNs < 0 || d.failed !== undefined || d.destroyedAtNs >= 0) return fail('the domain is not running');
    if (this.isMigrating(dr)) return fail('it is already migrating');
    if (from === to) return fail(`it is already on '${toName}'`);
    const srcMem = this.hosts[from].memory.domain(d.id);
    const dst = dr.twins![to];
    const err = this.hosts[to].memory.reserve(dst.id, srcMem.allocMb, srcMem.targetMb, now);
    if (err !== undefined) return fail(`${err} on '${toName}'; it stays on '${this.hosts[from].name}'`);

    let slot = this.active.indexOf(null);
    if (slot < 0) { slot = this.active.length; this.active.push(null); }
    const record = this.newRecord(dr, from, to, live, reason, now, 'in-progress');
    this.records.push(record);
    const nicName = this.network.nic;
    const nic = nicName !== undefined ? this.hosts[from].nics.find((n) => n.name === nicName)?.tx ?? null : null;
    const rate = this.spec.rate;
    const m = new Migration(slot, dr, from, to, d, dst, Math.ceil((srcMem.allocMb * MB) / PAGE_BYTES), this.linkBetween(from, to), nic, rate !== null ? rate.startBps : 0, record);
    m.evacuation = evac;
    this.active[slot] = m;
    // Latency windows: what was before, and a fresh histogram for the migration.
    const before = dr.phaseResponses !== undefined ? this.latencyOf(dr.phaseResponses) : undefined;
    const prev = this.lastOf.get(dr);
    if (prev !== undefined) { prev.latency!.after = before; this.lastOf.delete(dr); }
    record.latency = { before };
    dr.phaseResponses?.reset();
    dr.windowResponses = new Histogram();
    if (live) this.startRound(m, m.allocPages, now);
    else this.suspend(m, now);
    return true;
  }

  /** Maintenance: every guest on `host` migrates away, one at a time, each to the allowed host with the most free memory. */
  evacuate(host: number, to: string[] | undefined, live: boolean, guests: GuestPort[], now: number): void {
    const allowed = to !== undefined
      ? to.map((n) => this.hosts.findIndex((h) => h.name === n)).filter((k) => k >= 0 && k !== host)
      : this.hosts.map((_, k) => k).filter((k) => k !== host);
    const queue = guests.filter((g) => g.hostIndex === host && g.domain.createdAtNs >= 0 && g.domain.destroyedAtNs < 0 && g.domain.failed === undefined && !this.isMigrating(g));
    const evac: Evacuation = { host, to: allowed, live, queue };
    if (queue.length === 0) {
      this.warnings.push(`${(now / 1e9).toFixed(3)} s: evacuation of '${this.hosts[host].name}': no guest to move`);
      return;
    }
    this.nextOfEvacuation(evac, now);
  }

  private nextOfEvacuation(evac: Evacuation, now: number): void {
    while (evac.queue.length > 0) {
      const dr = evac.queue.shift()!;
      if (dr.hostIndex !== evac.host || dr.domain.destroyedAtNs >= 0) continue;
      const alloc = this.hosts[evac.host].memory.domain(dr.domain.id).allocMb;
      // The allowed host with the most free memory; one where it fits if there is one.
      let best = -1;
      let bestFree = -Infinity;
      for (const k of evac.to) {
        const free = this.hosts[k].memory.freeMb();
        const fits = free >= alloc;
        const score = (fits ? 1e12 : 0) + free;
        if (score > bestFree) { bestFree = score; best = k; }
      }
      if (best < 0) return;
      if (this.request(dr, best, evac.live, now, `evacuate ${this.hosts[evac.host].name}`, evac)) return;
    }
  }

  // ---- rounds ----

  private startRound(m: Migration, pages: number, now: number): void {
    m.round++;
    m.toSend = pages;
    m.roundSent = 0;
    m.roundSkipped = 0;
    m.received = 0;
    m.skipPopulation = m.phase !== 'precopy' ? 0 : m.round === 1 ? m.allocPages : this.wsPages(m);
    m.roundStartNs = now;
    m.touchedAtRoundStart = m.dr.placement!.touchedBytes;
    if (pages <= 0) {
      this.sim.schedule(now, this.evRoundEnd, m.slot);
      return;
    }
    this.pump(m, now);
  }

  /** Starts the sender's Dom0 work on the next batch if it is free, the window open and pages remain. */
  private pump(m: Migration, now: number): void {
    if (m.srcBusy || m.held > 0 || m.toSend <= 0 || m.onWire >= WINDOW_BATCHES) return;
    const pages = this.takeBatch(m);
    if (pages === 0) {
      // Every page left was dirtied again: skipped, the round's walk is over.
      this.roundWalked(m, now);
      return;
    }
    m.srcBusy = true;
    m.inFlight.push(pages);
    const h = this.hosts[m.from];
    const cycles = pages * this.spec.dom0InstrPerPage * h.dom0Cpi;
    m.srcCycles += cycles;
    h.backend.submit(JOB_MIGRATE_SEND, m.slot, cycles, now);
  }

  private sendJobDone(m: Migration, now: number): void {
    if (m.phase === 'done') return;
    m.srcBusy = false;
    const pages = m.inFlight[m.inFlight.length - 1];
    const bytes = pages * PAGE_BYTES;
    // The sender's rate limit (ADAPTIVE_SAVE's ratewrite): the batch's bytes come off a
    // budget first; in debt, the budget is refilled at the rate for all the time since
    // its last refill (uncapped), and the write waits until the debt is paid. The first
    // write gets BURST_BUDGET. (Xen refills in 100 KiB slots; this refills continuously.)
    let at = now;
    if (m.rateBps > 0) {
      m.budget -= bytes;
      if (m.budget < 0) {
        if (m.budgetAt < 0) {
          m.budget += BURST_BUDGET_BYTES;
          m.budgetAt = now;
        } else {
          m.budget += ((now - m.budgetAt) * m.rateBps) / 1e9;
          m.budgetAt = now;
          if (m.budget < 0) {
            at = now + (-m.budget / m.rateBps) * 1e9;
            m.budget = 0;
            m.budgetAt = at;
          }
        }
      }
    }
    m.held = pages;
    if (at > now) this.sim.schedule(at, this.evHandOver, m.slot);
    else this.handOver(m, now);
  }

  private handOver(m: Migration, now: number): void {
    if (m.phase === 'done') return;
    const bytes = m.held * PAGE_BYTES;
    m.held = 0;
    // The stream flows through the source NIC (if shared) and the link at once, at the
    // slower one's pace (cut-through at packet size, not store-and-forward per batch).
    let arrives = m.link.send(bytes, now);
    let departs = m.link.freeAtNs;
    if (m.nic !== null) {
      const viaNic = m.nic.send(bytes, now);
      if (viaNic > arrives) arrives = viaNic;
      if (m.nic.freeAtNs > departs) departs = m.nic.freeAtNs;
    }
    m.onWire++;
    m.totalPages += bytes / PAGE_BYTES;
    this.sim.schedule(departs, this.evDeparted, m.slot);
    this.sim.schedule(arrives, this.evArrived, m.slot);
    this.pump(m, now);
  }

  private departed(m: Migration, now: number): void {
    if (m.phase === 'done') return;
    m.onWire--;
    this.pump(m, now);
  }

  private arrived(m: Migration, now: number): void {
    if (m.phase === 'done') return;
    const pages = m.inFlight.shift()!;
    m.recvQueue.push(pages);
    const h = this.hosts[m.to];
    const cycles = pages * this.spec.dom0InstrPerPage * h.dom0Cpi;
    m.dstCycles += cycles;
    h.backend.submit(JOB_MIGRATE_RECV, m.slot, cycles, now);
  }

  private recvJobDone(m: Migration, now: number): void {
    if (m.phase === 'done') return;
    m.received += m.recvQueue.shift()!;
    this.roundWalked(m, now);
  }

  /**
   * The next batch's pages, as xc_domain_save fills one: before each batch (but in the
   * last iteration) it PEEKs the dirty bitmap into to_skip, then walks to_send and takes
   * the pages not dirtied again since the round began, up to MAX_BATCH_SIZE; the others
   * are skipped this round (they are dirty, so the next round sends them). A to_send page
   * is dirty again with chance D / P — D the distinct pages dirtied since the round began,
   * P the pages it is drawn from (skipPopulation) — so a batch walks batch / (1 − D/P)
   * of them, in expectation.
   */
  private takeBatch(m: Migration): number {
    const want = this.spec.batchPages;
    let sent: number;
    if (m.skipPopulation > 0) {
      const p = Math.min(1, this.dirtyPages(m) / m.skipPopulation);
      const walked = p >= 1 ? m.toSend : Math.min(m.toSend, Math.ceil(want / (1 - p)));
      sent = Math.min(want, walked - Math.round(walked * p));
      m.toSend -= walked;
      m.roundSkipped += walked - sent;
    } else {
      sent = Math.min(want, m.toSend);
      m.toSend -= sent;
    }
    m.roundSent += sent;
    return sent;
  }

  /** Ends the round once to_send has been walked and every page taken has been received. */
  private roundWalked(m: Migration, now: number): void {
    if (m.toSend <= 0 && m.received >= m.roundSent) this.roundEnd(m, now);
  }

  private roundEnd(m: Migration, now: number): void {
    if (m.phase === 'done') return;
    const sent = m.roundSent;
    const skipped = m.roundSkipped;
    const dirty = this.dirtyPages(m);
    const seconds = (now - m.roundStartNs) / 1e9;
    m.rounds.push({ round: m.round, pages: sent, skipped_pages: skipped, start_ns: m.roundStartNs, end_ns: now, dirty_pages: Math.round(dirty), rate_mbit: m.rateBps > 0 ? round3((m.rateBps * 8) / 1e6) : null });
    if (m.phase === 'final') {
      m.phase = 'resume';
      this.sim.schedule(now + this.spec.resumeNs, this.evResume, m.slot);
      return;
    }
    // xc_domain_save: adapt the rate to the dirtying rate + increment, up to the maximum.
    const rate = this.spec.rate;
    let rateIsMax = false;
    if (rate !== null) {
      const dirtyBps = seconds > 0 ? (dirty * PAGE_BYTES) / seconds : 0;
      if (dirtyBps > m.rateBps) m.rateBps = Math.min(dirtyBps + rate.incrementBps, rate.maxBps);
      rateIsMax = m.rateBps >= rate.maxBps;
    }
    const stop =
      (rateIsMax && sent > m.sentLastRound) ||
      m.round >= this.spec.maxIters ||
      sent + skipped < this.spec.minPages ||
      m.totalPages > m.allocPages * this.spec.maxFactor;
    m.sentLastRound = sent;
    if (!stop) {
      this.startRound(m, Math.ceil(dirty), now);
      return;
    }
    this.suspend(m, now);
  }

  /** Distinct pages dirtied since the round began: n touches over W pages cover W(1 − e^(−n/W)). */
  private dirtyPages(m: Migration): number {
    const touched = (m.dr.placement!.touchedBytes - m.touchedAtRoundStart) / PAGE_BYTES;
    if (touched <= 0) return 0;
    const wsPages = this.wsPages(m);
    if (wsPages <= 0) return 0;
    return wsPages * -Math.expm1(-touched / wsPages);
  }

  /** The writable working set in pages: the `ws` size, or the whole allocation. */
  private wsPages(m: Migration): number {
    const mem = this.hosts[m.from].memory.domain(m.src.id);
    return mem.wsMb > 0 ? (Math.min(mem.wsMb, mem.allocMb) * MB) / PAGE_BYTES : m.allocPages;
  }

  // ---- stop-and-copy ----

  private suspend(m: Migration, now: number): void {
    m.phase = 'drain';
    m.pausedAtNs = now;
    const host = this.hosts[m.from].host;
    for (const v of m.src.vcpus) host.pause(v, now);
    this.drain(m, now);
  }

  /** Waits for the paused guest's outstanding I/O (blkfront's suspend), then sends the rest. */
  private drain(m: Migration, now: number): void {
    if (m.phase !== 'drain') return;
    for (const v of m.src.vcpus) {
      if (v.ioPending > 0) {
        this.sim.schedule(now + DRAIN_POLL_NS, this.evDrain, m.slot);
        return;
      }
    }
    m.phase = 'final';
    // Live: the pages dirtied since the last pre-copy round began; non-live: everything.
    const pages = m.round === 0 ? m.allocPages : Math.ceil(this.dirtyPages(m));
    // Final round at the maximum rate (Clark et al. §3.3).
    if (this.spec.rate !== null) m.rateBps = this.spec.rate.maxBps;
    this.startRound(m, pages + m.src.vcpus.length + 1, now);
  }

  /** Commitment and activation: the guest leaves the source and runs on the target. */
  private switchOver(m: Migration, now: number): void {
    if (m.phase !== 'resume') return;
    const dr = m.dr;
    const src = m.src;
    const dst = m.dst;
    const from = this.hosts[m.from];
    const to = this.hosts[m.to];
    from.host.destroyDomain(src, now);
    // Carry each vCPU's work over to its copy: the burst under way, sleep deadline.
    for (let j = 0; j < src.vcpus.length; j++) {
      const a = src.vcpus[j];
      const b = dst.vcpus[j];
      b.remainingCycles = a.remainingCycles;
      b.instructionsPerCycle = a.instructionsPerCycle;
      b.hypervisorFraction = a.hypervisorFraction;
      b.waitUntilNs = a.waitUntilNs;
      b.ioPending = a.ioPending;
      b.pauseCount = 0;
      a.remainingCycles = 0;
      a.pauseCount = 0;
      a.ioPending = 0;
      dr.arrivals?.forget(a);
    }
    const sm = from.memory.domain(src.id);
    const tm = to.memory.domain(dst.id);
    tm.wsMb = sm.wsMb;
    from.memory.destroy(src.id, now);
    dst.weight = src.weight;
    dst.cap = src.cap;
    dst.createdAtNs = -1;
    dst.destroyedAtNs = -1;
    to.host.createDomain(dst, now);
    if (src.paused) {
      src.paused = false;
      dst.paused = true;
      for (const v of dst.vcpus) to.host.pause(v, now);
    }
    if (Math.abs(tm.targetMb - tm.allocMb) > 1e-9) to.memory.setTarget(dst.id, tm.targetMb, now);
    dr.domain = dst;
    dr.hostIndex = m.to;
    const p = dr.placement!;
    p.host = to.host;
    p.services = to.services;
    if (dr.arrivals !== null) dr.arrivals.path = to.io.pathFor(dst.id);
    this.finish(m, now, 'completed');
  }

  /** The guest was destroyed while migrating: the reservation on the target is released. */
  abort(dr: GuestPort, now: number): void {
    const m = this.active.find((x) => x !== null && x.dr === dr);
    if (m === undefined || m === null) return;
    this.hosts[m.to].memory.destroy(m.dst.id, now);
    this.finish(m, now, 'aborted', 'the domain was destroyed during the migration');
  }

  private finish(m: Migration, now: number, outcome: MigrationResult['outcome'], message?: string): void {
    m.phase = 'done';
    this.active[m.slot] = null;
    const r = m.record;
    r.outcome = outcome;
    if (message !== undefined) r.message = message;
    this.fill(m, now);
    r.end_ns = now;
    r.total_seconds = round6((now - r.start_ns) / 1e9);
    const dr = m.dr;
    if (dr.windowResponses != null) {
      r.latency!.during = this.latencyOf(dr.windowResponses);
      dr.windowResponses = null;
    }
    dr.phaseResponses?.reset();
    this.lastOf.set(dr, r);
    if (m.evacuation !== null) this.nextOfEvacuation(m.evacuation, now);
  }

  private fill(m: Migration, now: number): void {
    const r = m.record;
    r.rounds = m.rounds.length;
    r.round_detail = m.rounds;
    r.pages_sent = m.totalPages;
    r.bytes_sent = m.totalPages * PAGE_BYTES;
    r.downtime_ms = m.pausedAtNs >= 0 ? round3((now - m.pausedAtNs) / 1e6) : 0;
    r.dom0_cpu_seconds = {
      source: round6(m.srcCycles / this.hosts[m.from].host.ghz / 1e9),
      target: round6(m.dstCycles / this.hosts[m.to].host.ghz / 1e9),
    };
  }

  /** At the end of the run: migrations still under way are reported as such; "after" latency windows close. */
  close(endNs: number): void {
    for (const m of this.active) {
      if (m === null) continue;
      this.fill(m, endNs);
      m.record.total_seconds = round6((endNs - m.record.start_ns) / 1e9);
      if (m.dr.windowResponses != null) m.record.latency!.during = this.latencyOf(m.dr.windowResponses);
    }
    for (const [dr, r] of this.lastOf) if (dr.phaseResponses !== undefined) r.latency!.after = this.latencyOf(dr.phaseResponses);
    this.lastOf.clear();
  }

  private newRecord(dr: GuestPort, from: number, to: number, live: boolean, reason: string, now: number, outcome: MigrationResult['outcome'], message?: string): MigrationResult {
    const r: MigrationResult = {
      domain: dr.domain.name,
      from: this.hosts[from].name,
      to: this.hosts[to].name,
      live,
      reason,
      start_ns: now,
      end_ns: outcome === 'failed' ? now : null,
      total_seconds: 0,
      downtime_ms: 0,
      bytes_sent: 0,
      pages_sent: 0,
      rounds: 0,
      outcome,
      dom0_cpu_seconds: { source: 0, target: 0 },
      round_detail: [],
    };
    if (message !== undefined) r.message = message;
    return r;
  }
}

function round3(x: number): number {
  return Math.round(x * 1e3) / 1e3;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
