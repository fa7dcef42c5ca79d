/**
 * Host memory and ballooning. Xen keeps its own reservation; every domain holds an
 * allocation of pages; the rest is the free pool. Each domain has a balloon target
 * (xm mem-set; memory_dynamic_max), a maxmem ceiling and a floor.
 *
 * The balloon driver follows Linux's drivers/xen/balloon.c (3.x–6.x; the 2.6.18 xen tree
 * is the same but for the retry, see below):
 * - Pass size. Each pass (one XENMEM_populate_physmap / decrease_reservation hypercall)
 *   moves at most one page of frame numbers: frame_list[PAGE_SIZE / sizeof(xen_pfn_t)]
 *   = 512 pages (2 MB) on a 64-bit guest, 1,024 (4 MB) on a 32-bit one (DomainSpec.
 *   wordBits; default 64).
 * - Order within a pass. Growing, increase_reservation makes the hypercall first and then
 *   maps and frees the pages into the guest: the pages leave the free pool when the pass
 *   starts. Shrinking, decrease_reservation first takes the pages from the guest
 *   (alloc_page, scrub, unmap) and makes the hypercall last: the pages reach the pool
 *   when the pass ends. Passes follow each other back to back (balloon_process's loop), the
 *   first starting at the `mem-set`, each lasting its pages / `balloonMbPerSec`. So a
 *   shrink of D MB is done at mem-set + D / rate; a growth holds its last pages one pass
 *   earlier and has them in use at mem-set + D / rate.
 * - Failure and back-off (BP_EAGAIN). Growing fails when Xen has no free pages
 *   (populate_physmap returns 0); shrinking fails when the guest cannot free pages
 *   (alloc_page(GFP_BALLOON) returns NULL: __GFP_NORETRY gives up rather than reclaim
 *   hard). A failed pass moves what it got and the driver sleeps schedule_delay seconds,
 *   doubled before each sleep (update_schedule: 1 → 2, 4, 8, 16, 32, capped at
 *   max_schedule_delay = 32) and reset to 1 by any pass that succeeds; so the retries come
 *   2, 4, 8, 16, 32, 32 … s apart (Linux ≥ 2.6.39, Daniel Kiper's patch; 2.6.18 retried
 *   every 1 s).
 * - When a guest cannot free pages (a simplification of the kernel's reclaim): pages
 *   outside its working set are always free to give; working-set pages only by swapping
 *   them out, which needs a swap device (a vbd). A guest with no vbd therefore stops at
 *   its working set and retries; one with a vbd can be squeezed below it, and then pages
 *   to swap (below).
 * - A new target starts a pass at once (the modern balloon thread wakes on a changed
 *   target), unless a pass is under way: the next pass, after it, heads for the new target.
 * No balloon speed is published: the default rate (MemoryPolicySpec.balloonMbPerSec) is a
 * modelling assumption, see docs/memory.md.
 *
 * A domain whose working set exceeds its allocation pages to its own swap (Xen does
 * no hypervisor swapping): touches fault in proportion to the part of the working set
 * that does not fit, each fault a 4 KiB read from the swap vbd plus a write-back of the
 * evicted page.
 */
import type { Simulator } from '../engine/simulator.js';
import type { DomainSpec, MemoryPolicySpec } from './params.js';

export const PAGE_BYTES = 4096;
/** Pages per balloon pass: one page of frame numbers, 4096 / sizeof(xen_pfn_t). */
export const PAGES_PER_PASS_64BIT = 512;
export const PAGES_PER_PASS_32BIT = 1024;
const MB = 1048576;
/** balloon_stats.max_schedule_delay, seconds. */
export const MAX_SCHEDULE_DELAY_S = 32;

/** What the balloon driver needs of a domain beyond its sizes. */
export interface BalloonTraits {
  /** Pages per pass (512 on a 64-bit guest, 1,024 on a 32-bit one). */
  passPages: number;
  /** Whether it can free working-set pages by swapping them out (it has a vbd to swap to). */
  canSwap: boolean;
}

/** A domain's balloon traits from its spec: word size (default 64-bit) and whether it has a vbd. */
export function balloonTraits(spec: Pick<DomainSpec, 'wordBits' | 'vbds'>): BalloonTraits {
  return { passPages: spec.wordBits === 32 ? PAGES_PER_PASS_32BIT : PAGES_PER_PASS_64BIT, canSwap: spec.vbds.length > 0 };
}
/** How often the auto policy revisits targets (as a management daemon such as xenballoond would). */
export const AUTO_POLICY_PERIOD_NS = 10e9;

export class DomainMemory {
  allocMb = 0;
  targetMb: number;
  wsMb = 0;
  pageFaults = 0;
  swapReads = 0;
  swapWrites = 0;
  balloonedOutMb = 0;
  balloonedInMb = 0;
  alive = false;
  /** balloon_stats.schedule_delay (s): doubled before each back-off, 1 after a pass that succeeds. */
  scheduleDelayS = 1;
  /** The pass under way ends at this instant (−∞: none). */
  passEndNs = -Infinity;
  /** MB the shrink pass under way gives back when it ends; whether it came up short (BP_EAGAIN). */
  shrinkingMb = 0;
  shrinkShort = false;
  readonly passMb: number;
  readonly canSwap: boolean;
  readonly timer: number;

  constructor(readonly id: number, readonly name: string, readonly initialMb: number, readonly maxmemMb: number, readonly floorMb: number, timer: number, traits: BalloonTraits) {
    this.targetMb = initialMb;
    this.timer = timer;
    this.passMb = (traits.passPages * PAGE_BYTES) / MB;
    this.canSwap = traits.canSwap;
  }
}

export class MemoryModel {
  readonly domains: DomainMemory[] = [];
  private readonly evPass: number;
  private readonly evPolicy: number;
  /** Allocation changes (for tests and the conservation property). */
  onChange: ((now: number) => void) | null = null;

  constructor(
    private readonly sim: Simulator,
    readonly totalMb: number,
    readonly xenMb: number,
    readonly policy: MemoryPolicySpec,
  ) {
    this.usedMb = xenMb;
    this.evPass = sim.register((id, now) => this.balloonWork(this.domains[id], now));
    this.evPolicy = sim.register((_t, now) => this.autoPolicy(now));
  }

  add(id: number, name: string, memoryMb: number, maxmemMb: number, floorMb: number, traits: BalloonTraits = { passPages: PAGES_PER_PASS_64BIT, canSwap: true }): DomainMemory {
    const m = new DomainMemory(id, name, memoryMb, Math.max(maxmemMb, memoryMb), floorMb, this.sim.newTimer(), traits);
    this.domains[id] = m;
    return m;
  }

  domain(id: number): DomainMemory {
    return this.domains[id];
  }

  /**
   * Free pool: total less Xen and every allocation. A running sum kept by setAlloc, so
   * a balloon pass on a host of hundreds of domains does not add them all up again.
   */
  freeMb(): number {
    return this.totalMb - this.usedMb;
  }

  /** Xen's reservation plus every domain's allocation. */
  private usedMb: number;

  /** Every change of a domain's allocation goes through here (keeps usedMb true). */
  private setAlloc(m: DomainMemory, mb: number): void {
    this.usedMb += mb - m.allocMb;
    m.allocMb = mb;
  }

  /**
   * Creates a domain's memory: its initial allocation comes from the free pool,
   * ballooning Dom0 down toward its minimum first if autoballoon is on (xl/xend).
   * Returns an error message naming what was needed and free, or undefined.
   */
  create(id: number, now: number, dom0Id = 0): string | undefined {
    const m = this.domains[id];
    let free = this.freeMb();
    if (free < m.initialMb && this.policy.autoballoon && id !== dom0Id) {
      const d0 = this.domains[dom0Id];
      if (d0 !== undefined && d0.alive) {
        const give = Math.min(m.initialMb - free, d0.allocMb - this.policy.dom0MinMb);
        if (give > 0) {
          // xl waits for Dom0's balloon to free the pages; modelled as done before the build.
          this.setAlloc(d0, d0.allocMb - give);
          d0.targetMb = d0.allocMb;
          d0.balloonedOutMb += give;
          free += give;
        }
      }
    }
    if (free + 1e-9 < m.initialMb) {
      return `cannot create domain '${m.name}': it needs ${fmt(m.initialMb)} MB and only ${fmt(Math.max(0, free))} MB is free`;
    }
    this.setAlloc(m, m.initialMb);
    m.targetMb = m.initialMb;
    m.alive = true;
    this.onChange?.(now);
    return undefined;
  }

  /**
   * Reserves `mb` for a domain arriving by migration (its allocation on the source),
   * ballooning Dom0 down first if autoballoon is on, as create() does. Returns an error
   * message, or undefined with the pages held (the domain counts as alive here).
   */
  reserve(id: number, mb: number, targetMb: number, now: number, dom0Id = 0): string | undefined {
    const m = this.domains[id];
    let free = this.freeMb();
    if (free < mb && this.policy.autoballoon && id !== dom0Id) {
      const d0 = this.domains[dom0Id];
      if (d0 !== undefined && d0.alive) {
        const give = Math.min(mb - free, d0.allocMb - this.policy.dom0MinMb);
        if (give > 0) {
          this.setAlloc(d0, d0.allocMb - give);
          d0.targetMb = d0.allocMb;
          d0.balloonedOutMb += give;
          free += give;
        }
      }
    }
    if (free + 1e-9 < mb) {
      return `cannot reserve ${fmt(mb)} MB for '${m.name}': only ${fmt(Math.max(0, free))} MB is free`;
    }
    this.setAlloc(m, mb);
    m.targetMb = Math.min(Math.max(targetMb, m.floorMb), m.maxmemMb);
    m.scheduleDelayS = 1;
    m.passEndNs = -Infinity;
    m.shrinkingMb = 0;
    m.alive = true;
    this.onChange?.(now);
    return undefined;
  }

  destroy(id: number, now: number): void {
    const m = this.domains[id];
    if (!m.alive) return;
    m.alive = false;
    this.setAlloc(m, 0);
    m.passEndNs = -Infinity;
    m.shrinkingMb = 0;
    this.sim.cancelTimer(m.timer);
    this.onChange?.(now);
  }

  /** xm mem-set: a new balloon target, clamped to [floor, maxmem]. */
  setTarget(id: number, targetMb: number, now: number): void {
    const m = this.domains[id];
    if (!m.alive) return;
    m.targetMb = Math.min(Math.max(targetMb, m.floorMb), m.maxmemMb);
    // A pass under way runs to its end (its timer is set); otherwise the driver starts now,
    // also out of a back-off.
    if (now < m.passEndNs) return;
    this.sim.setTimer(m.timer, now, this.evPass, id);
  }

  /**
   * The balloon worker runs: at a mem-set, at the end of each pass, and after a back-off.
   * A shrink pass ending now gives its pages back first; then the next pass starts (or
   * the driver backs off, or it is done).
   */
  private balloonWork(m: DomainMemory, now: number): void {
    if (!m.alive) return;
    m.passEndNs = -Infinity;
    if (m.shrinkingMb > 0) {
      const mb = m.shrinkingMb;
      m.shrinkingMb = 0;
      this.setAlloc(m, m.allocMb - mb);
      m.balloonedOutMb += mb;
      this.onChange?.(now);
      if (m.shrinkShort) {
        this.backOff(m, now);
        return;
      }
      m.scheduleDelayS = 1;
    }
    const diff = m.targetMb - m.allocMb;
    if (Math.abs(diff) < 1e-9) return;
    if (diff > 0) {
      // increase_reservation: the hypercall first; Xen gives what it has.
      const got = Math.min(m.passMb, diff, this.freeMb());
      if (got <= 1e-9) {
        this.backOff(m, now);
        return;
      }
      this.setAlloc(m, m.allocMb + got);
      m.balloonedInMb += got;
      m.scheduleDelayS = 1;
      this.onChange?.(now);
      this.endPassAt(m, now + (got / this.policy.balloonMbPerSec) * 1e9);
    } else {
      // decrease_reservation: the guest gathers the pages (as many as it can free), the
      // hypercall gives them back at the end of the pass.
      const want = Math.min(m.passMb, -diff);
      const can = Math.min(want, this.freeableMb(m));
      if (can <= 1e-9) {
        this.backOff(m, now);
        return;
      }
      m.shrinkingMb = can;
      m.shrinkShort = can < want - 1e-9;
      this.endPassAt(m, now + (can / this.policy.balloonMbPerSec) * 1e9);
    }
  }

  private endPassAt(m: DomainMemory, atNs: number): void {
    m.passEndNs = atNs;
    this.sim.setTimer(m.timer, atNs, this.evPass, m.id);
  }

  /** BP_EAGAIN: update_schedule doubles schedule_delay (≤ 32 s), then the worker sleeps that long. */
  private backOff(m: DomainMemory, now: number): void {
    m.scheduleDelayS = Math.min(m.scheduleDelayS * 2, MAX_SCHEDULE_DELAY_S);
    this.sim.setTimer(m.timer, now + m.scheduleDelayS * 1e9, this.evPass, m.id);
  }

  /** MB the guest can free now: all of it with swap; without, only what lies outside its working set. */
  private freeableMb(m: DomainMemory): number {
    if (m.canSwap) return Infinity;
    const f = m.allocMb - m.wsMb;
    return f > 0 ? f : 0;
  }

  /**
   * The `auto` policy, run every `AUTO_POLICY_PERIOD_NS`: each guest's target follows its
   * working set plus the headroom; memory left over is shared out in proportion to
   * those needs (up to maxmem); when the needs do not fit, every target shrinks in the
   * same proportion. Dom0 keeps its allocation.
   */
  startAutoPolicy(dom0Id: number, now: number): void {
    if (this.policy.policy !== 'auto') return;
    this.dom0Id = dom0Id;
    this.sim.schedule(now + AUTO_POLICY_PERIOD_NS, this.evPolicy, 0);
  }

  private dom0Id = 0;

  private autoPolicy(now: number): void {
    const guests = this.domains.filter((d) => d !== undefined && d.alive && d.id !== this.dom0Id);
    const d0 = this.domains[this.dom0Id];
    const available = this.totalMb - this.xenMb - (d0 !== undefined && d0.alive ? d0.allocMb : 0);
    const need = guests.map((d) => Math.min(d.maxmemMb, Math.max(d.floorMb, d.wsMb * (1 + this.policy.headroom))));
    const total = need.reduce((a, b) => a + b, 0);
    guests.forEach((d, i) => {
      let target: number;
      if (total <= 0) target = d.targetMb;
      else if (total <= available) target = Math.min(d.maxmemMb, need[i] + ((available - total) * need[i]) / total);
      else target = (need[i] * available) / total;
      if (Math.abs(target - d.targetMb) >= 1) this.setTarget(d.id, Math.floor(target), now);
    });
    this.sim.schedule(now + AUTO_POLICY_PERIOD_NS, this.evPolicy, 0);
  }

  /**
   * The domain touches `bytes` of its working set. Returns the number of 4 KiB pages
   * that fault: the touched pages that fall in the part of the working set that does
   * not fit in the allocation.
   */
  touch(id: number, bytes: number): number {
    const m = this.domains[id];
    if (m.wsMb <= m.allocMb || m.wsMb <= 0) return 0;
    const missing = (m.wsMb - m.allocMb) / m.wsMb;
    const faults = Math.round((bytes / PAGE_BYTES) * missing);
    m.pageFaults += faults;
    m.swapReads += faults;
    m.swapWrites += faults;
    return faults;
  }
}

function fmt(mb: number): string {
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}
