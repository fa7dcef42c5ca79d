/**
 * Host memory and ballooning. Xen keeps its own reservation; every domain holds an
 * allocation of pages; the rest is the free pool. Each domain has a balloon target
 * (xm mem-set; memory_dynamic_max), a maxmem ceiling and a floor.
 *
 * The balloon driver follows Linux's drivers/xen/balloon.c: it moves the allocation
 * toward the target in passes of at most 512 pages (one XENMEM_increase/decrease_
 * reservation hypercall each). Going down it releases pages to the free pool; going
 * up it claims pages while the pool has them, and when a claim cannot be met it
 * retries after 1, 2, 4 … 32 s (balloon_stats.schedule_delay doubling up to
 * max_schedule_delay). No balloon speed is published: the default rate
 * (MemoryPolicySpec.balloonMbPerSec) is a modelling assumption, see docs/memory.md.
 *
 * A domain whose working set exceeds its allocation pages to its own swap (Xen does
 * no hypervisor swapping): touches fault in proportion to the part of the working set
 * that does not fit, each fault a 4 KiB read from the swap vbd plus a write-back of the
 * evicted page.
 */
import type { Simulator } from '../engine/simulator.js';
import type { MemoryPolicySpec } from './params.js';

export const PAGE_BYTES = 4096;
export const PAGES_PER_PASS = 512;
const MB = 1048576;
const PASS_MB = (PAGES_PER_PASS * PAGE_BYTES) / MB;
const MAX_RETRY_S = 32;
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
  retryDelayS = 1;
  readonly timer: number;

  constructor(readonly id: number, readonly name: string, readonly initialMb: number, readonly maxmemMb: number, readonly floorMb: number, timer: number) {
    this.targetMb = initialMb;
    this.timer = timer;
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
    this.evPass = sim.register((id, now) => this.balloonPass(this.domains[id], now));
    this.evPolicy = sim.register((_t, now) => this.autoPolicy(now));
  }

  add(id: number, name: string, memoryMb: number, maxmemMb: number, floorMb: number): DomainMemory {
    const m = new DomainMemory(id, name, memoryMb, Math.max(maxmemMb, memoryMb), floorMb, this.sim.newTimer());
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
    m.retryDelayS = 1;
    m.alive = true;
    this.onChange?.(now);
    return undefined;
  }

  destroy(id: number, now: number): void {
    const m = this.domains[id];
    if (!m.alive) return;
    m.alive = false;
    this.setAlloc(m, 0);
    this.sim.cancelTimer(m.timer);
    this.onChange?.(now);
  }

  /** xm mem-set: a new balloon target, clamped to [floor, maxmem]. */
  setTarget(id: number, targetMb: number, now: number): void {
    const m = this.domains[id];
    if (!m.alive) return;
    m.targetMb = Math.min(Math.max(targetMb, m.floorMb), m.maxmemMb);
    m.retryDelayS = 1;
    this.sim.setTimer(m.timer, now, this.evPass, id);
  }

  /** One balloon pass: up to 512 pages toward the target. */
  private balloonPass(m: DomainMemory, now: number): void {
    if (!m.alive) return;
    const diff = m.targetMb - m.allocMb;
    if (Math.abs(diff) < 1e-9) return;
    const step = Math.min(PASS_MB, Math.abs(diff));
    const passNs = (step / this.policy.balloonMbPerSec) * 1e9;
    if (diff < 0) {
      this.setAlloc(m, m.allocMb - step);
      m.balloonedOutMb += step;
    } else {
      const free = this.freeMb();
      const got = Math.min(step, free);
      if (got <= 1e-9) {
        // The hypervisor refused: retry later, backing off as balloon.c does.
        this.sim.setTimer(m.timer, now + m.retryDelayS * 1e9, this.evPass, m.id);
        m.retryDelayS = Math.min(m.retryDelayS * 2, MAX_RETRY_S);
        return;
      }
      this.setAlloc(m, m.allocMb + got);
      m.balloonedInMb += got;
      m.retryDelayS = 1;
    }
    this.onChange?.(now);
    if (Math.abs(m.targetMb - m.allocMb) > 1e-9) this.sim.setTimer(m.timer, now + passNs, this.evPass, m.id);
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
