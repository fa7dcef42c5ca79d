/**
 * Xen's credit2 scheduler, following xen/common/sched/credit2.c of Xen 4.17
 * (RELEASE-4.17.0; before 4.14 the file is xen/common/sched_credit2.c). The default
 * scheduler since Xen 4.12. Notes with the figures it was checked against:
 * docs/sched-credit2.md.
 *
 * The algorithm, as the source's comments describe it:
 * - Credit is time. Every vCPU starts with CSCHED2_CREDIT_INIT (10 ms) and running burns it
 *   at a rate inverse to its weight: t2c(Δt) = Δt × max_weight ÷ weight, max_weight being the
 *   highest weight on its runqueue (burn_credits), never below CSCHED2_CREDIT_MIN (−10 ms).
 * - Runqueues are shared by groups of pCPUs (credit2_runqueue=cpu|core|socket|node|all,
 *   default socket; credit2-runqueues.ts) and kept in credit order (runq_insert). A pCPU
 *   runs the vCPU with most credit (runq_candidate); when the best candidate, the chosen
 *   one or the new head of the runqueue, has credit ≤ 0 (CSCHED2_CREDIT_RESET) an epoch
 *   ends: every vCPU of that runqueue, blocked ones too, gets CSCHED2_CREDIT_INIT more
 *   (2 × INIT if the chosen one sits at CREDIT_MIN), clipped to INIT + CSCHED2_CARRYOVER_MAX
 *   (10.5 ms) (reset_credit), and the runqueue balances its load (balance_load).
 * - A vCPU runs until its credit would equal that of the next waiting vCPU (or reach 0),
 *   but at least CSCHED2_MIN_TIMER (500 µs) or the rest of the rate limit
 *   (sched_ratelimit_us, 1 ms) and at most CSCHED2_MAX_TIMER (10 ms), and a capped one no
 *   longer than its budget (csched2_runtime). A vCPU that has run less than the rate limit
 *   keeps its pCPU at a schedule.
 * - Waking (csched2_unit_wake → runq_tickle): the vCPU is queued on its runqueue; an idle,
 *   untickled pCPU of that runqueue that may run it is tickled (whole idle cores first,
 *   its own pCPU first); else the busy pCPU whose current vCPU has the least credit, if
 *   the woken one has more (by CSCHED2_MIGRATE_RESIST if it would change pCPU) and that
 *   current has run past the rate limit (less 50 µs tolerance): its own pCPU is taken as
 *   soon as it qualifies. A pCPU does not pull a vCPU last run elsewhere unless it has
 *   CSCHED2_MIGRATE_RESIST more credit, nor one meant for another tickled pCPU; a vCPU
 *   that changes pCPU gets CSCHED2_MIGRATE_COMPENSATION (50 µs) of credit.
 * - Load: each runqueue and vCPU keeps an exponentially decaying average of its runnable
 *   count (update_runq_load / update_svc_load: Q18 fixed point, time in 1024 ns units, a
 *   2^20-unit ≈ 1.07 s window). A new vCPU goes to the runqueue with the least load
 *   (csched2_res_pick). At each credit reset the runqueue compares itself with the one
 *   whose load differs most; if the gap is ≥ 1 vCPU (or ≥ 1/8 when a queue is over its
 *   pCPU count) it pushes, pulls or swaps the vCPU pair that makes the gap smallest
 *   (consider/migrate). A running vCPU is moved when it next leaves its pCPU.
 * - Caps (Xen ≥ 4.10): a capped domain has a budget pool of cap% × CSCHED2_BDGT_REPL_PERIOD
 *   (10 ms), refilled (not accumulated) every period by one timer per domain. A vCPU takes
 *   a quota (pool ÷ vCPUs, at least 500 µs) before it runs and gives back what it did not
 *   use when it stops; with none left it is parked (paused) until the next refill, or
 *   until a sibling gives some back (unit_grab_budget, park_unit, unit_return_budget,
 *   replenish_domain_budget).
 *
 * Mapping onto xensim's core: Xen's context switch is split in two (csched2_schedule, then
 * csched2_context_saved once the old context is saved); the core switches at once, so the
 * context-saved work (re-queue of the old vCPU and tickle, budget return, load update, a
 * pending runqueue migration) runs at the end of doSchedule, with the same order of
 * effects. A parked vCPU is paused through the core (Host.pause/unpause), as credit1 here
 * parks, so its time counts as blocked. Credit, budgets and run times keep Xen's integer
 * ns arithmetic (the clock is read as ⌊now⌋, as NOW() is integral; t2c carries its
 * remainder), so equal credits tie as in Xen — the common case of equal-weight hogs —
 * and the load averages keep its fixed point (all exact in doubles at these sizes).
 *
 * Versions: caps exist from 4.10 (ad4b3e1e9d) — with an older `xen:` a domain's cap is
 * ignored (the scheduler cannot warn; docs/sched-credit2.md says so); the rate limit from
 * 4.8 (2615485905) — older releases run without it; the runqueue default is `core` in 4.7
 * and `socket` otherwise (per socket, not an option, in 4.1–4.6). Everything else follows
 * 4.17 for every release: the 4.1–4.9 policy differed in details (tickling, load balancing)
 * not modelled.
 *
 * Simplifications, and why they are safe: no soft affinity (xl sets none by default, so
 * its bonuses in tickle_score are equal for every pCPU and its balancing step is
 * skipped); no yield (the core has none); no tasklets; locks always succeed (a failed
 * trylock only postpones work in Xen); no hotplug or cpupools; NUMA nodes = sockets;
 * SMT siblings share a runqueue's smt_idle bookkeeping but run at full speed. A vCPU is
 * placed by load only when created (csched2_unit_insert) or moved by balancing: as in
 * Xen 4.17, waking does not re-pick a runqueue.
 *
 * Events: none of its own besides the core's slice ends and one replenishment timer per
 * capped domain, which stops while none of the domain's vCPUs is runnable or parked: its
 * refills are caught up exactly, on the same grid, when one wakes (only the queue order of
 * a refill and another event at the very same instant can differ from a timer never
 * stopped; test/property/credit2-conservation). Hot path: per-vCPU, per-runqueue and
 * per-pCPU state in typed arrays, runqueues as intrusive lists of vCPU indices; nothing
 * is allocated per event.
 */
import { grownTo } from './grow.js';
import type { SchedChange, SchedulerSpec } from '../params.js';
import type { Domain } from '../domain.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import type { Vcpu } from '../vcpu.js';
import { atLeast } from '../version.js';
import { arrangeRunqueues, type RunqueueOption } from './credit2-runqueues.js';

export const CSCHED2_DEFAULT_WEIGHT = 256;
/** CSCHED2_MIN_TIMER: 500 µs. */
export const CSCHED2_MIN_TIMER_NS = 500_000;
/** CSCHED2_CREDIT_INIT: 10 ms (the highest weight runs 10 ms per epoch). */
export const CSCHED2_CREDIT_INIT_NS = 10_000_000;
export const CSCHED2_CREDIT_MIN_NS = -CSCHED2_CREDIT_INIT_NS;
/** Below any vCPU's credit: what the idle vCPU "has" when compared in runq_candidate. */
export const CSCHED2_IDLE_CREDIT_NS = CSCHED2_CREDIT_MIN_NS - 1;
/** CSCHED2_CARRYOVER_MAX = CSCHED2_MIN_TIMER. */
export const CSCHED2_CARRYOVER_MAX_NS = CSCHED2_MIN_TIMER_NS;
/** opt_migrate_resist default, sched_credit2_migrate_resist (µs). */
export const CSCHED2_MIGRATE_RESIST_US = 500;
export const CSCHED2_MIGRATE_COMPENSATION_NS = 50_000;
export const CSCHED2_RATELIMIT_TICKLE_TOLERANCE_NS = 50_000;
export const CSCHED2_CREDIT_RESET = 0;
/** CSCHED2_MAX_TIMER = CSCHED2_CREDIT_INIT. */
export const CSCHED2_MAX_TIMER_NS = CSCHED2_CREDIT_INIT_NS;
/** CSCHED2_BDGT_REPL_PERIOD: opt_cap_period 10 ms. */
export const CSCHED2_BDGT_REPL_PERIOD_NS = 10_000_000;
/** sched_ratelimit_us default (SCHED_DEFAULT_RATELIMIT_US). */
export const CSCHED2_DEFAULT_RATELIMIT_US = 1000;

/** Load tracking: time samples >> 10, a window of 2^(30−10) samples, 18 fractional bits. */
const LOADAVG_GRANULARITY = 1024;
const LOAD_WINDOW = 2 ** (30 - 10);
const LOAD_PRECISION_SHIFT = 18;
const LOAD_ONE = 2 ** LOAD_PRECISION_SHIFT;
/** credit2_balance_under = 0, credit2_balance_over = −3 (shifts applied to LOAD_ONE). */
const BALANCE_UNDER = 2 ** (LOAD_PRECISION_SHIFT + 0);
const BALANCE_OVER = 2 ** (LOAD_PRECISION_SHIFT - 3);

const NONE = -1;

export class Credit2Scheduler implements Scheduler {
  readonly name = 'credit2';
  /** Accepted for symmetry: credit2 has no periodic bookkeeping to defer. */
  readonly lazy: boolean;
  readonly ratelimitNs: number;
  readonly migrateResistNs: number;
  readonly capsEnabled: boolean;
  readonly runqueueOption: RunqueueOption;

  // ---- topology (fixed at boot) ----
  /** Runqueue of each pCPU. */
  private readonly rqOf: Int32Array;
  /** pCPUs of each runqueue, ascending. */
  private readonly rqCpus: number[][];
  /** SMT siblings of each pCPU within its runqueue (itself included). */
  private readonly siblings: number[][];

  // ---- per pCPU ----
  /** The vCPU Xen would call curr_on_cpu (index), or NONE for idle. */
  private readonly curOf: Int32Array;
  /** rqd->idle, rqd->tickled, rqd->smt_idle bits. */
  private readonly idle: Uint8Array;
  private readonly tickled: Uint8Array;
  private readonly smtIdle: Uint8Array;

  // ---- per runqueue ----
  private readonly runqHead: Int32Array;
  private readonly svcHead: Int32Array;
  private readonly svcTail: Int32Array;
  /** Instantaneous load: runnable vCPUs assigned (running or queued). */
  private readonly load: Int32Array;
  private readonly loadLast: Float64Array;
  private readonly avgload: Float64Array;
  private readonly bAvgload: Float64Array;
  private readonly maxWeight: Float64Array;
  private readonly pickBias: Int32Array;

  // ---- per vCPU (by vcpu.index; grown at insertion) ----
  private credit: Float64Array = new Float64Array(0);
  private weight: Float64Array = new Float64Array(0);
  /** svc->start_time: when its credit was last burnt. */
  private startTime: Float64Array = new Float64Array(0);
  /** svc->residual: remainder of the last t2c division. */
  private residual: Float64Array = new Float64Array(0);
  /** unit->state_entry_time of a running vCPU: when it got its pCPU. */
  private runStart: Float64Array = new Float64Array(0);
  /** Runqueue it is assigned to (svc->rqd), NONE when not inserted. */
  private vRq: Int32Array = new Int32Array(0);
  private onRunq: Uint8Array = new Uint8Array(0);
  private rqNext: Int32Array = new Int32Array(0);
  private rqPrev: Int32Array = new Int32Array(0);
  private svcNext: Int32Array = new Int32Array(0);
  private svcPrev: Int32Array = new Int32Array(0);
  /** Counted in its runqueue's instantaneous load. */
  private counted: Uint8Array = new Uint8Array(0);
  /** CSFLAG_scheduled: chosen to run and not yet switched out. */
  private scheduled: Uint8Array = new Uint8Array(0);
  /** CSFLAG_runq_migrate_request and its target (svc->migrate_rqd). */
  private migrateReq: Uint8Array = new Uint8Array(0);
  private migrateTo: Int32Array = new Int32Array(0);
  private tickledCpu: Int32Array = new Int32Array(0);
  /** CSFLAG_pinned: hard affinity of exactly one pCPU. */
  private pinned: Uint8Array = new Uint8Array(0);
  /** svc->budget (Infinity = the domain has no cap) and svc->budget_quota. */
  private budget: Float64Array = new Float64Array(0);
  private quota: Float64Array = new Float64Array(0);
  private vAvgload: Float64Array = new Float64Array(0);
  private vLoadLast: Float64Array = new Float64Array(0);
  private parked: Uint8Array = new Uint8Array(0);
  private parkedNext: Int32Array = new Int32Array(0);
  private parkedSince: Float64Array = new Float64Array(0);
  // figures
  private parkedNs: Float64Array = new Float64Array(0);
  private parks: Float64Array = new Float64Array(0);
  private resetsSeen: Float64Array = new Float64Array(0);
  private rqMigrations: Float64Array = new Float64Array(0);
  private cpuMigrations: Float64Array = new Float64Array(0);

  // ---- per domain (by domain.id) ----
  private nrUnits: Int32Array = new Int32Array(0);
  private capOn: Uint8Array = new Uint8Array(0);
  private totBudget: Float64Array = new Float64Array(0);
  private domBudget: Float64Array = new Float64Array(0);
  private nextRepl: Float64Array = new Float64Array(0);
  private replTimer: Int32Array = new Int32Array(0);
  private replArmed: Uint8Array = new Uint8Array(0);
  private parkedHead: Int32Array = new Int32Array(0);

  // ---- host figures ----
  private creditResets = 0;
  private balanceRuns = 0;
  private balanceMoves = 0;
  private runqMoves = 0;
  private parkCount = 0;

  private readonly evReplenish: number;

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    const xen = spec.xen;
    this.lazy = spec.bookkeeping === 'lazy';
    this.capsEnabled = xen === undefined || atLeast(xen, 4, 10);
    this.ratelimitNs = xen !== undefined && !atLeast(xen, 4, 8) ? 0 : spec.ratelimitNs ?? CSCHED2_DEFAULT_RATELIMIT_US * 1000;
    this.migrateResistNs = spec.migrateResistNs ?? CSCHED2_MIGRATE_RESIST_US * 1000;
    this.runqueueOption = spec.runqueue ?? (xen !== undefined && xen.major === 4 && xen.minor === 7 ? 'core' : 'socket');
    const n = host.pcpus.length;
    const layout = arrangeRunqueues(n, this.runqueueOption, host.cpu.sockets ?? 1, host.cpu.threadsPerCore ?? 1);
    this.rqOf = layout.rqOf;
    this.rqCpus = layout.cpus;
    this.siblings = layout.siblings;
    this.curOf = new Int32Array(n).fill(NONE);
    // init_cpu_runqueue: every pCPU starts idle, untickled, its core fully idle.
    this.idle = new Uint8Array(n).fill(1);
    this.tickled = new Uint8Array(n);
    this.smtIdle = new Uint8Array(n).fill(1);
    const k = this.rqCpus.length;
    this.runqHead = new Int32Array(k).fill(NONE);
    this.svcHead = new Int32Array(k).fill(NONE);
    this.svcTail = new Int32Array(k).fill(NONE);
    this.load = new Int32Array(k);
    this.loadLast = new Float64Array(k);
    this.avgload = new Float64Array(k);
    this.bAvgload = new Float64Array(k);
    this.maxWeight = new Float64Array(k).fill(1);
    this.pickBias = new Int32Array(k);
    for (let r = 0; r < k; r++) this.pickBias[r] = this.rqCpus[r][0];
    this.evReplenish = host.sim.register((di, now) => this.onReplenish(di, now));
  }

  /** Runqueues the pCPUs were arranged into (pCPU ids, ascending). */
  get runqueues(): readonly (readonly number[])[] {
    return this.rqCpus;
  }

  /** The runqueue a vCPU is assigned to (NONE if not inserted). */
  runqueueOfVcpu(v: Vcpu): number {
    return v.index < this.vRq.length ? this.vRq[v.index] : NONE;
  }

  // ---- the Scheduler interface ----

  insertVcpu(v: Vcpu, now: number): void {
    this.ensureCapacity();
    const i = v.index;
    const d = v.domain;
    if (this.nrUnits[d.id] === 0) this.resetDomain(d.id);
    // csched2_alloc_udata
    this.credit[i] = CSCHED2_CREDIT_INIT_NS;
    this.weight[i] = d.weight;
    this.startTime[i] = Math.floor(now);
    this.runStart[i] = Math.floor(now);
    this.residual[i] = 0;
    this.onRunq[i] = 0;
    this.counted[i] = 0;
    this.scheduled[i] = 0;
    this.migrateReq[i] = 0;
    this.tickledCpu[i] = NONE;
    this.budget[i] = Infinity;
    this.quota[i] = 0;
    this.vAvgload[i] = LOAD_ONE / 2; // "starting load of 50%"
    this.vLoadLast[i] = Math.floor(now / LOADAVG_GRANULARITY);
    this.parked[i] = 0;
    let allowed = 0;
    for (let p = 0; p < v.affinity.length; p++) allowed += v.affinity[p];
    this.pinned[i] = allowed === 1 ? 1 : 0;
    // csched2_unit_insert: pick a pCPU by load, then join its runqueue.
    this.vRq[i] = NONE;
    const cpu = this.resPick(i, v);
    v.pcpu = cpu;
    this.assign(i, this.rqOf[cpu]);
    this.nrUnits[d.id]++;
    // The toolstack sets the cap once the domain exists (libxl after creation).
    if (this.capsEnabled && d.cap > 0 && this.nrUnits[d.id] === d.vcpus.length) this.setCap(d, d.cap, now);
  }

  removeVcpu(v: Vcpu, now: number): void {
    const i = v.index;
    if (i >= this.vRq.length || this.vRq[i] === NONE) return;
    const r = this.vRq[i];
    const d = v.domain.id;
    if (this.onRunq[i]) this.runqRemove(i);
    const cpu = v.pcpu;
    if (this.curOf[cpu] === i) {
      // Still on its pCPU (the core reschedules it next): do the context-saved work now.
      this.curOf[cpu] = NONE;
      this.tickled[cpu] = 1;
      if (this.budget[i] !== Infinity && this.budget[i] > 0) {
        this.domBudget[d] += this.budget[i];
        this.budget[i] = 0;
      }
    }
    this.scheduled[i] = 0;
    this.migrateReq[i] = 0;
    if (this.counted[i]) {
      this.counted[i] = 0;
      this.updateLoad(r, i, -1, now);
    }
    if (this.parked[i]) {
      this.unlinkParked(d, i);
      this.endPark(i, now);
    }
    this.deassign(i);
    this.vRq[i] = NONE;
    if (--this.nrUnits[d] === 0) this.resetDomain(d);
  }

  adjust(d: Domain, change: SchedChange, now: number): void {
    this.ensureCapacity();
    if (change.weight !== undefined && change.weight > 0 && change.weight !== d.weight) {
      const old = d.weight;
      d.weight = change.weight;
      for (const v of d.vcpus) {
        const i = v.index;
        if (this.vRq[i] === NONE) continue;
        // As Xen: the time a running vCPU has not been charged for yet is charged at the new weight.
        this.weight[i] = d.weight;
        this.updateMaxWeight(this.vRq[i], d.weight, old);
      }
    }
    if (change.cap !== undefined) {
      d.cap = change.cap;
      if (!this.capsEnabled || this.nrUnits[d.id] === 0) return;
      if (change.cap > 0) this.setCap(d, change.cap, now);
      else if (this.capOn[d.id]) this.clearCap(d, now);
    }
  }

  wake(v: Vcpu, now: number): void {
    const i = v.index;
    if (this.vRq[i] === NONE || this.curOf[v.pcpu] === i || this.onRunq[i]) return;
    const d = v.domain.id;
    if (this.capOn[d] && !this.replArmed[d]) this.resumeReplenishment(d, now);
    this.counted[i] = 1;
    this.updateLoad(this.vRq[i], i, 1, now);
    this.runqInsert(i);
    this.runqTickle(i, now);
  }

  sleep(v: Vcpu, now: number): void {
    const i = v.index;
    if (this.vRq[i] === NONE) return;
    if (this.curOf[v.pcpu] === i) this.tickleCpu(v.pcpu);
    else if (this.onRunq[i]) {
      this.counted[i] = 0;
      this.updateLoad(this.vRq[i], i, -1, now);
      this.runqRemove(i);
    }
  }

  /** csched2_schedule, then csched2_context_saved for the vCPU switched out. */
  doSchedule(p: Pcpu, now: number): void {
    const cpu = p.id;
    const r = this.rqOf[cpu];
    if (this.tickled[cpu]) {
      this.tickled[cpu] = 0;
      this.smtIdleMaskSet(cpu);
    }
    const scurr = this.curOf[cpu];
    let parkedNow = false;
    if (scurr !== NONE) {
      this.burn(scurr, now);
      // Capped and out of budget: take more from the pool, or be parked.
      if (this.budget[scurr] <= 0 && !this.grabBudget(scurr, now)) parkedNow = true;
    }
    const snext = this.runqCandidate(r, scurr, cpu, now);
    const requeue = snext !== scurr && scurr !== NONE && this.schedRunnable(scurr);
    const vcpus = this.host.vcpus;
    if (snext !== NONE) {
      if (snext !== scurr) {
        this.runqRemove(snext);
        this.scheduled[snext] = 1;
      } else {
        this.updateLoad(r, snext, 0, now);
      }
      if (this.idle[cpu]) {
        this.idle[cpu] = 0;
        this.smtIdleMaskClear(cpu);
      }
      // End of an epoch: the best candidate has no credit left.
      const head = this.runqHead[r];
      const top = head === NONE || this.credit[snext] >= this.credit[head] ? this.credit[snext] : this.credit[head];
      if (top <= CSCHED2_CREDIT_RESET) {
        this.resetCredit(r, now, snext);
        this.balanceLoad(cpu, now);
      }
      this.startTime[snext] = Math.floor(now);
      this.tickledCpu[snext] = NONE;
      const v = vcpus[snext];
      if (v.pcpu !== cpu) {
        this.credit[snext] += CSCHED2_MIGRATE_COMPENSATION_NS;
        this.cpuMigrations[snext]++;
      }
      if (snext !== scurr) this.runStart[snext] = Math.floor(now);
    } else {
      if (!this.idle[cpu]) {
        this.idle[cpu] = 1;
        this.smtIdleMaskSet(cpu);
      }
      this.updateRunqLoad(r, 0, now);
    }
    p.next = snext === NONE ? null : vcpus[snext];
    p.nextSliceNs = this.runtime(r, snext, snext === scurr, now);
    this.curOf[cpu] = snext;
    if (scurr !== NONE && snext !== scurr) this.contextSaved(scurr, requeue, now);
    if (parkedNow) this.host.pause(vcpus[scurr], now);
  }

  domainFigures(d: Domain, now: number): Record<string, unknown> | undefined {
    if (d.id >= this.nrUnits.length) return undefined;
    let parked = 0;
    let parks = 0;
    let resets = 0;
    let rqMoves = 0;
    let cpuMoves = 0;
    for (const v of d.vcpus) {
      const i = v.index;
      parked += this.parkedNs[i] + (this.parked[i] ? now - this.parkedSince[i] : 0);
      parks += this.parks[i];
      resets += this.resetsSeen[i];
      rqMoves += this.rqMigrations[i];
      cpuMoves += this.cpuMigrations[i];
    }
    return {
      credit2: {
        parked_seconds: parked / 1e9,
        parks,
        credit_resets: resets,
        runqueue_migrations: rqMoves,
        pcpu_migrations: cpuMoves,
      },
    };
  }

  hostFigures(): Record<string, unknown> | undefined {
    return {
      runqueues: this.rqCpus.length,
      credit_resets: this.creditResets,
      load_balances: this.balanceRuns,
      balance_moves: this.balanceMoves,
      runqueue_migrations: this.runqMoves,
      parks: this.parkCount,
    };
  }

  // ---- scheduling decisions ----

  /** Runnable as credit2 sees it: not blocked, paused or parked, no runqueue move pending (_VPF_migrating). */
  private schedRunnable(i: number): boolean {
    return this.host.vcpus[i].runnable && this.parked[i] === 0 && this.migrateReq[i] === 0;
  }

  /** runq_candidate: the current vCPU, the best queued one that may run here, or idle (NONE). */
  private runqCandidate(r: number, scurr: number, cpu: number, now: number): number {
    let snext = NONE;
    let snextCredit = CSCHED2_IDLE_CREDIT_NS;
    if (scurr !== NONE) {
      const runnable = this.schedRunnable(scurr);
      // Rate limit: a vCPU that has run less than ratelimit_us keeps the pCPU.
      if (this.ratelimitNs > 0 && runnable && Math.floor(now) - this.runStart[scurr] < this.ratelimitNs) return scurr;
      if (runnable) {
        snext = scurr;
        snextCredit = this.credit[scurr];
      }
    }
    const vcpus = this.host.vcpus;
    let it = this.runqHead[r];
    while (it !== NONE) {
      const nxt = this.rqNext[it];
      const c = this.credit[it];
      if (c <= snextCredit) break;
      const v = vcpus[it];
      if (!this.schedRunnable(it) || !v.affinity[cpu]) {
        it = nxt;
        continue;
      }
      // Meant for another pCPU that was tickled and has not scheduled yet.
      const tc = this.tickledCpu[it];
      if (tc !== NONE && tc !== cpu && this.tickled[tc]) {
        it = nxt;
        continue;
      }
      // Last ran elsewhere: pull it only with CSCHED2_MIGRATE_RESIST more credit.
      if (v.pcpu !== cpu && snextCredit + this.migrateResistNs > c) {
        it = nxt;
        continue;
      }
      // Last check, for its side effects: a capped vCPU takes budget or is parked.
      if (this.budget[it] !== Infinity && !this.grabBudget(it, now)) {
        it = nxt;
        continue;
      }
      snext = it;
      break;
    }
    return snext;
  }

  /** csched2_runtime: how long snext runs before the next schedule (Infinity for idle). */
  private runtime(r: number, snext: number, continuing: boolean, now: number): number {
    if (snext === NONE) return Infinity;
    let minTime = CSCHED2_MIN_TIMER_NS;
    if (this.ratelimitNs > 0) {
      const rl = continuing ? this.runStart[snext] + this.ratelimitNs - Math.floor(now) : this.ratelimitNs;
      if (rl > minTime) minTime = rl;
    }
    let rtCredit = this.credit[snext];
    const head = this.runqHead[r];
    if (head !== NONE && this.credit[head] > 0) rtCredit = this.credit[snext] - this.credit[head];
    // c2t: credit × weight ÷ max_weight, in integer ns.
    let time = rtCredit > 0 ? Math.floor((rtCredit * this.weight[snext]) / this.maxWeight[r]) : 0;
    if (this.budget[snext] !== Infinity && this.budget[snext] < time) time = this.budget[snext];
    if (time < minTime) time = minTime;
    else if (time > CSCHED2_MAX_TIMER_NS) time = CSCHED2_MAX_TIMER_NS;
    return time;
  }

  /** csched2_context_saved (+ sched_unit_migrate_finish) for prev, switched out at `now`. */
  private contextSaved(prev: number, requeue: boolean, now: number): void {
    this.scheduled[prev] = 0;
    const d = this.host.vcpus[prev].domain.id;
    let unpark = false;
    if (this.budget[prev] !== Infinity && this.budget[prev] > 0) unpark = this.returnBudget(prev, d);
    if (requeue && this.schedRunnable(prev)) {
      this.runqInsert(prev);
      this.runqTickle(prev, now);
    } else if (this.counted[prev]) {
      this.counted[prev] = 0;
      this.updateLoad(this.vRq[prev], prev, -1, now);
    }
    if (this.migrateReq[prev]) this.migrateFinish(prev, now);
    if (unpark) this.unparkAll(d, now);
  }

  /** runq_tickle: which pCPU should pick up the vCPU just queued. */
  private runqTickle(i: number, now: number): void {
    const v = this.host.vcpus[i];
    const cpu = v.pcpu;
    const r = this.vRq[i];
    const aff = v.affinity;
    let ipid = NONE;
    if (this.pinned[i] && this.idle[cpu] && !this.tickled[cpu]) ipid = cpu;
    else {
      // A whole idle core first, then any idle untickled pCPU; its own pCPU first.
      ipid = this.testOrCycle(cpu, r, aff, true);
      if (ipid === NONE) ipid = this.testOrCycle(cpu, r, aff, false);
      if (ipid === NONE) {
        // Preempt the busy pCPU whose vCPU has the least credit; its own pCPU wins at once.
        let max = 0;
        if (!this.idle[cpu] && !this.tickled[cpu] && aff[cpu]) {
          const s = this.tickleScore(i, cpu, now);
          if (s > max) ipid = cpu;
        }
        if (ipid === NONE) {
          const cpus = this.rqCpus[r];
          for (let k = 0; k < cpus.length; k++) {
            const q = cpus[k];
            if (q === cpu || this.idle[q] || this.tickled[q] || !aff[q]) continue;
            const s = this.tickleScore(i, q, now);
            if (s > max) {
              max = s;
              ipid = q;
            }
          }
        }
        if (ipid === NONE) return;
      }
    }
    this.tickleCpu(ipid);
    this.tickledCpu[i] = ipid;
  }

  /**
   * cpumask_test_or_cycle(cpu, mask) over the runqueue's pCPUs v may use: cpu itself if in
   * the mask, else the next one after it, wrapping. wholeCore: rqd->smt_idle; else idle
   * and not tickled.
   */
  private testOrCycle(cpu: number, r: number, aff: Uint8Array, wholeCore: boolean): number {
    const cpus = this.rqCpus[r];
    if (this.idleFor(cpu, aff, wholeCore)) return cpu;
    let first = NONE;
    for (let k = 0; k < cpus.length; k++) {
      const q = cpus[k];
      if (!this.idleFor(q, aff, wholeCore)) continue;
      if (q > cpu) return q;
      if (first === NONE) first = q;
    }
    return first;
  }

  private idleFor(q: number, aff: Uint8Array, wholeCore: boolean): boolean {
    if (!aff[q]) return false;
    return wholeCore ? this.smtIdle[q] === 1 : this.idle[q] === 1 && this.tickled[q] === 0;
  }

  /** tickle_score: how much better off pCPU q is running vCPU i (≤ 0: not at all). */
  private tickleScore(i: number, q: number, now: number): number {
    const cur = this.curOf[q];
    if (cur === NONE) return -1;
    if (this.ratelimitNs > CSCHED2_RATELIMIT_TICKLE_TOLERANCE_NS && Math.floor(now) - this.runStart[cur] <= this.ratelimitNs - CSCHED2_RATELIMIT_TICKLE_TOLERANCE_NS) return -1;
    this.burn(cur, now);
    let score = this.credit[i] - this.credit[cur];
    if (this.host.vcpus[i].pcpu !== q) score -= this.migrateResistNs;
    // Soft affinity: q is in the new vCPU's (all pCPUs by default): one bonus, the same for every q.
    if (score > 0) score += CSCHED2_CREDIT_INIT_NS;
    return score;
  }

  private tickleCpu(q: number): void {
    this.tickled[q] = 1;
    this.smtIdleMaskClear(q);
    this.host.tickle(this.host.pcpus[q]);
  }

  /** smt_idle_mask_set(cpu, idle & ~tickled): if the whole core is idle and untickled, mark it. */
  private smtIdleMaskSet(cpu: number): void {
    const sib = this.siblings[cpu];
    for (let k = 0; k < sib.length; k++) {
      const q = sib[k];
      if (!this.idle[q] || this.tickled[q]) return;
    }
    for (let k = 0; k < sib.length; k++) this.smtIdle[sib[k]] = 1;
  }

  /** smt_idle_mask_clear: clears the core's bits if they are all set. */
  private smtIdleMaskClear(cpu: number): void {
    const sib = this.siblings[cpu];
    for (let k = 0; k < sib.length; k++) if (!this.smtIdle[sib[k]]) return;
    for (let k = 0; k < sib.length; k++) this.smtIdle[sib[k]] = 0;
  }

  // ---- credit ----

  /**
   * burn_credits + t2c_update: charge a running vCPU for the time since start_time, at
   * max_weight ÷ weight, in integer ns with the division's remainder carried (svc->residual).
   */
  private burn(i: number, now: number): void {
    const t = Math.floor(now);
    const delta = t - this.startTime[i];
    if (delta <= 0) return;
    const w = this.weight[i];
    const val = delta * this.maxWeight[this.vRq[i]] + this.residual[i];
    const rem = val % w;
    this.residual[i] = rem;
    const c = this.credit[i] - (val - rem) / w;
    this.credit[i] = c < CSCHED2_CREDIT_MIN_NS ? CSCHED2_CREDIT_MIN_NS : c;
    if (this.budget[i] !== Infinity) this.budget[i] -= delta;
    this.startTime[i] = t;
  }

  /** reset_credit: a new epoch on runqueue r — everyone assigned to it gets CREDIT_INIT more. */
  private resetCredit(r: number, now: number, snext: number): void {
    let reset = CSCHED2_CREDIT_INIT_NS;
    if (this.credit[snext] === CSCHED2_CREDIT_MIN_NS) reset += CSCHED2_CREDIT_INIT_NS;
    const vcpus = this.host.vcpus;
    const cap = CSCHED2_CREDIT_INIT_NS + CSCHED2_CARRYOVER_MAX_NS;
    for (let it = this.svcHead[r]; it !== NONE; it = this.svcNext[it]) {
      const q = vcpus[it].pcpu;
      if (this.curOf[q] === it) {
        this.burn(it, now);
        if (this.budget[it] <= 0) this.tickleCpu(q);
      }
      const c = this.credit[it] + reset;
      this.credit[it] = c > cap ? cap : c;
      this.startTime[it] = Math.floor(now);
      this.resetsSeen[it]++;
    }
    this.creditResets++;
  }

  /** update_max_weight: after a vCPU of weight old left / one of weight neu arrived. */
  private updateMaxWeight(r: number, neu: number, old: number): void {
    if (neu > this.maxWeight[r]) this.maxWeight[r] = neu;
    else if (old === this.maxWeight[r]) {
      let m = 1;
      for (let it = this.svcHead[r]; it !== NONE; it = this.svcNext[it]) if (this.weight[it] > m) m = this.weight[it];
      this.maxWeight[r] = m;
    }
  }

  // ---- runqueue lists ----

  /** runq_insert: after every vCPU with at least as much credit. */
  private runqInsert(i: number): void {
    const r = this.vRq[i];
    const c = this.credit[i];
    let prev = NONE;
    let at = this.runqHead[r];
    while (at !== NONE && this.credit[at] >= c) {
      prev = at;
      at = this.rqNext[at];
    }
    this.rqPrev[i] = prev;
    this.rqNext[i] = at;
    if (prev === NONE) this.runqHead[r] = i;
    else this.rqNext[prev] = i;
    if (at !== NONE) this.rqPrev[at] = i;
    this.onRunq[i] = 1;
  }

  private runqRemove(i: number): void {
    const r = this.vRq[i];
    const prev = this.rqPrev[i];
    const next = this.rqNext[i];
    if (prev === NONE) this.runqHead[r] = next;
    else this.rqNext[prev] = next;
    if (next !== NONE) this.rqPrev[next] = prev;
    this.rqNext[i] = this.rqPrev[i] = NONE;
    this.onRunq[i] = 0;
  }

  /** _runq_assign: joins runqueue r's list of vCPUs (at the tail). */
  private assign(i: number, r: number): void {
    this.vRq[i] = r;
    const tail = this.svcTail[r];
    this.svcPrev[i] = tail;
    this.svcNext[i] = NONE;
    if (tail === NONE) this.svcHead[r] = i;
    else this.svcNext[tail] = i;
    this.svcTail[r] = i;
    this.updateMaxWeight(r, this.weight[i], 0);
    this.bAvgload[r] += this.vAvgload[i];
  }

  /** _runq_deassign. */
  private deassign(i: number): void {
    const r = this.vRq[i];
    const prev = this.svcPrev[i];
    const next = this.svcNext[i];
    if (prev === NONE) this.svcHead[r] = next;
    else this.svcNext[prev] = next;
    if (next === NONE) this.svcTail[r] = prev;
    else this.svcPrev[next] = prev;
    this.svcNext[i] = this.svcPrev[i] = NONE;
    this.updateMaxWeight(r, 0, this.weight[i]);
    const b = this.bAvgload[r] - this.vAvgload[i];
    this.bAvgload[r] = b > 0 ? b : 0;
  }

  // ---- load tracking and balancing ----

  private updateLoad(r: number, i: number, change: number, now: number): void {
    this.updateRunqLoad(r, change, now);
    if (i !== NONE) this.updateSvcLoad(i, change, now);
  }

  /** update_runq_load: avg += Δ·load·P/W − Δ·avg/W, in Xen's fixed point; a full window resets it. */
  private updateRunqLoad(r: number, change: number, now: number): void {
    const t = Math.floor(now / LOADAVG_GRANULARITY);
    const load = this.load[r];
    if (this.loadLast[r] + LOAD_WINDOW < t) {
      this.avgload[r] = load * LOAD_ONE;
      this.bAvgload[r] = load * LOAD_ONE;
    } else {
      let delta = t - this.loadLast[r];
      if (delta < 0) delta = 0;
      const add = Math.floor((delta * load * LOAD_ONE) / LOAD_WINDOW);
      this.avgload[r] = this.avgload[r] + add - Math.floor((delta * this.avgload[r]) / LOAD_WINDOW);
      this.bAvgload[r] = this.bAvgload[r] + add - Math.floor((delta * this.bAvgload[r]) / LOAD_WINDOW);
    }
    this.load[r] = load + change;
    this.loadLast[r] = t;
  }

  /** update_svc_load: the same average of one vCPU's runnable state. */
  private updateSvcLoad(i: number, change: number, now: number): void {
    const unitLoad = change === -1 ? 1 : change === 1 ? 0 : this.schedRunnable(i) ? 1 : 0;
    const t = Math.floor(now / LOADAVG_GRANULARITY);
    if (this.vLoadLast[i] + LOAD_WINDOW < t) this.vAvgload[i] = unitLoad * LOAD_ONE;
    else {
      let delta = t - this.vLoadLast[i];
      if (delta < 0) delta = 0;
      this.vAvgload[i] = this.vAvgload[i] + Math.floor((delta * unitLoad * LOAD_ONE) / LOAD_WINDOW) - Math.floor((delta * this.vAvgload[i]) / LOAD_WINDOW);
    }
    this.vLoadLast[i] = t;
  }

  /** csched2_res_pick (without a migration request): the least-loaded runqueue v may use; a pCPU of it. */
  private resPick(i: number, v: Vcpu): number {
    let minLoad = Infinity;
    let minRq = NONE;
    for (let r = 0; r < this.rqCpus.length; r++) {
      if (!this.affinityMeets(v.affinity, r)) continue;
      let l = this.bAvgload[r];
      if (r === this.vRq[i]) {
        l -= this.vAvgload[i];
        if (l < 0) l = 0;
      }
      if (l < minLoad) {
        minLoad = l;
        minRq = r;
      }
    }
    return this.pickIn(minRq, v.affinity);
  }

  /** cpumask_cycle(pick_bias, hard affinity ∩ runqueue r), then pick_bias = the result. */
  private pickIn(r: number, aff: Uint8Array): number {
    const cpus = this.rqCpus[r];
    const bias = this.pickBias[r];
    let first = NONE;
    let found = NONE;
    for (let k = 0; k < cpus.length; k++) {
      const q = cpus[k];
      if (!aff[q]) continue;
      if (q > bias) {
        found = q;
        break;
      }
      if (first === NONE) first = q;
    }
    if (found === NONE) found = first;
    this.pickBias[r] = found;
    return found;
  }

  private affinityMeets(aff: Uint8Array, r: number): boolean {
    const cpus = this.rqCpus[r];
    for (let k = 0; k < cpus.length; k++) if (aff[cpus[k]]) return true;
    return false;
  }

  /** unit_is_migrateable to runqueue r. */
  private migrateable(i: number, r: number): boolean {
    return this.migrateReq[i] === 0 && this.affinityMeets(this.host.vcpus[i].affinity, r);
  }

  /**
   * balance_load, from pCPU cpu at a credit reset: find the runqueue whose load differs
   * most from ours; past the threshold, push, pull or swap the pair that evens it best.
   */
  private balanceLoad(cpu: number, now: number): void {
    const l = this.rqOf[cpu];
    const k = this.rqCpus.length;
    this.updateRunqLoad(l, 0, now);
    let maxDeltaRq = NONE;
    let loadDelta = 0;
    for (let o = 0; o < k; o++) {
      if (o === l) continue;
      this.updateRunqLoad(o, 0, now);
      let d = this.bAvgload[l] - this.bAvgload[o];
      if (d < 0) d = -d;
      if (d > loadDelta) {
        loadDelta = d;
        maxDeltaRq = o;
      }
    }
    if (maxDeltaRq === NONE) return;
    // As the source has it, the threshold looks at the last runqueue of the loop (st.orqd),
    // not necessarily the one furthest away.
    const last = k - 1;
    const loadMax = Math.max(this.bAvgload[l], this.bAvgload[last]);
    const cpusMax = Math.max(this.rqCpus[l].length, this.rqCpus[last].length);
    if (loadMax < cpusMax * LOAD_ONE) {
      if (loadDelta < BALANCE_UNDER) return;
    } else if (loadDelta < BALANCE_OVER) return;
    const o = maxDeltaRq;
    this.balanceRuns++;
    let bestPush = NONE;
    let bestPull = NONE;
    let best = loadDelta;
    let innerUpdated = false;
    const lLoad = this.bAvgload[l];
    const oLoad = this.bAvgload[o];
    for (let push = this.svcHead[l]; push !== NONE; push = this.svcNext[push]) {
      this.updateSvcLoad(push, 0, now);
      if (!this.migrateable(push, o)) continue;
      for (let pull = this.svcHead[o]; pull !== NONE; pull = this.svcNext[pull]) {
        if (!innerUpdated) this.updateSvcLoad(pull, 0, now);
        if (!this.migrateable(pull, l)) continue;
        const d = Math.abs(lLoad - this.vAvgload[push] + this.vAvgload[pull] - (oLoad + this.vAvgload[push] - this.vAvgload[pull]));
        if (d < best) {
          best = d;
          bestPush = push;
          bestPull = pull;
        }
      }
      innerUpdated = true;
      const d = Math.abs(lLoad - this.vAvgload[push] - (oLoad + this.vAvgload[push]));
      if (d < best) {
        best = d;
        bestPush = push;
        bestPull = NONE;
      }
    }
    for (let pull = this.svcHead[o]; pull !== NONE; pull = this.svcNext[pull]) {
      if (!this.migrateable(pull, l)) continue;
      const d = Math.abs(lLoad + this.vAvgload[pull] - (oLoad - this.vAvgload[pull]));
      if (d < best) {
        best = d;
        bestPush = NONE;
        bestPull = pull;
      }
    }
    if (bestPush !== NONE) this.migrate(bestPush, o, now, true);
    if (bestPull !== NONE) this.migrate(bestPull, l, now, true);
  }

  /** migrate(): move vCPU i to runqueue t now, or (if it is on a pCPU) when it next leaves it. */
  private migrate(i: number, t: number, now: number, byBalance: boolean): void {
    if (byBalance) this.balanceMoves++;
    const v = this.host.vcpus[i];
    if (this.scheduled[i]) {
      this.migrateTo[i] = t;
      this.migrateReq[i] = 1;
      this.tickleCpu(v.pcpu);
      return;
    }
    const onR = this.onRunq[i] === 1;
    if (onR) {
      this.runqRemove(i);
      this.updateRunqLoad(this.vRq[i], -1, now);
    }
    this.deassign(i);
    v.pcpu = this.pickIn(t, v.affinity);
    this.assign(i, t);
    this.rqMigrations[i]++;
    this.runqMoves++;
    if (onR) {
      this.updateRunqLoad(t, 1, now);
      this.runqInsert(i);
      this.runqTickle(i, now);
    }
  }

  /**
   * sched_unit_migrate_finish after a requested move: csched2_res_pick honours the request
   * (a pCPU of the target runqueue), csched2_unit_migrate moves it there, vcpu_wake queues it
   * if it is runnable.
   */
  private migrateFinish(i: number, now: number): void {
    this.migrateReq[i] = 0;
    const v = this.host.vcpus[i];
    const t = this.migrateTo[i];
    const cpu = this.affinityMeets(v.affinity, t) ? this.pickIn(t, v.affinity) : this.resPick(i, v);
    if (this.rqOf[cpu] !== this.vRq[i]) this.migrate(i, this.rqOf[cpu], now, false);
    else v.pcpu = cpu;
    if (this.schedRunnable(i)) this.wake(v, now);
  }

  // ---- caps: budgets, parking, replenishment ----

  /** The domain's first vCPU arrives or its last leaves: no budget, nothing parked, no timer. */
  private resetDomain(d: number): void {
    this.capOn[d] = 0;
    this.totBudget[d] = 0;
    this.domBudget[d] = 0;
    this.nextRepl[d] = 0;
    this.parkedHead[d] = NONE;
    if (this.replTimer[d] !== NONE) this.host.sim.cancelTimer(this.replTimer[d]);
    this.replArmed[d] = 0;
  }

  /** csched2_dom_cntl putinfo with a cap: tot_budget = period × cap / 100; quotas; start budgeting. */
  private setCap(dom: Domain, cap: number, now: number): void {
    const d = dom.id;
    if (this.capOn[d] && !this.replArmed[d]) this.resumeReplenishment(d, now);
    this.totBudget[d] = Math.floor((CSCHED2_BDGT_REPL_PERIOD_NS * cap) / 100);
    const quota = Math.max(Math.floor(this.totBudget[d] / this.nrUnits[d]), CSCHED2_MIN_TIMER_NS);
    for (const v of dom.vcpus) if (this.vRq[v.index] !== NONE) this.quota[v.index] = quota;
    if (this.capOn[d]) return;
    this.domBudget[d] = this.totBudget[d];
    this.nextRepl[d] = Math.floor(now) + CSCHED2_BDGT_REPL_PERIOD_NS;
    this.armReplenishment(d);
    for (const v of dom.vcpus) {
      const i = v.index;
      if (this.vRq[i] === NONE) continue;
      if (this.curOf[v.pcpu] === i) {
        // Charge the run so far without a budget, then make it ask for one at once.
        this.burn(i, now);
        this.tickled[v.pcpu] = 1;
        this.host.tickle(this.host.pcpus[v.pcpu]);
      }
      this.budget[i] = 0;
    }
    this.capOn[d] = 1;
  }

  /** putinfo with cap 0 on a capped domain: no more budgets; everyone parked is let go. */
  private clearCap(dom: Domain, now: number): void {
    const d = dom.id;
    if (this.replTimer[d] !== NONE) this.host.sim.cancelTimer(this.replTimer[d]);
    this.replArmed[d] = 0;
    for (const v of dom.vcpus) {
      this.budget[v.index] = Infinity;
      this.quota[v.index] = 0;
    }
    this.capOn[d] = 0;
    this.unparkAll(d, now);
  }

  /** unit_grab_budget: settle an overrun against the pool, take a quota, or park. */
  private grabBudget(i: number, now: number): boolean {
    if (this.budget[i] > 0) return true;
    const d = this.host.vcpus[i].domain.id;
    this.domBudget[d] += this.budget[i];
    if (this.domBudget[d] > 0) {
      const take = this.domBudget[d] >= this.quota[i] ? this.quota[i] : this.domBudget[d];
      this.budget[i] = take;
      this.domBudget[d] -= take;
      return true;
    }
    this.budget[i] = 0;
    this.park(i, d, now);
    return false;
  }

  /**
   * park_unit: off the runqueue (if queued there) and onto the domain's parked list. A
   * queued vCPU is paused through the core at once; the current one by doSchedule once it
   * has chosen another.
   */
  private park(i: number, d: number, now: number): void {
    const v = this.host.vcpus[i];
    this.parked[i] = 1;
    this.parkedSince[i] = now;
    this.parks[i]++;
    this.parkCount++;
    this.parkedNext[i] = this.parkedHead[d];
    this.parkedHead[d] = i;
    if (this.onRunq[i]) {
      this.runqRemove(i);
      this.counted[i] = 0;
      this.updateLoad(this.vRq[i], i, -1, now);
      this.host.pause(v, now);
    }
  }

  /** unit_return_budget: what a stopping vCPU did not use goes back; true if parked vCPUs may now run. */
  private returnBudget(i: number, d: number): boolean {
    this.domBudget[d] += this.budget[i];
    this.budget[i] = 0;
    return this.domBudget[d] > 0 && this.parkedHead[d] !== NONE;
  }

  /** unpark_parked_units: everyone on the domain's parked list, most recently parked first. */
  private unparkAll(d: number, now: number): void {
    let it = this.parkedHead[d];
    this.parkedHead[d] = NONE;
    const vcpus = this.host.vcpus;
    while (it !== NONE) {
      const nxt = this.parkedNext[it];
      this.parkedNext[it] = NONE;
      this.endPark(it, now);
      // Unpausing a runnable vCPU brings it back through wake(): queued and tickled.
      this.host.unpause(vcpus[it], now);
      it = nxt;
    }
  }

  private endPark(i: number, now: number): void {
    this.parked[i] = 0;
    this.parkedNs[i] += now - this.parkedSince[i];
  }

  private unlinkParked(d: number, i: number): void {
    let prev = NONE;
    for (let it = this.parkedHead[d]; it !== NONE; it = this.parkedNext[it]) {
      if (it === i) {
        if (prev === NONE) this.parkedHead[d] = this.parkedNext[it];
        else this.parkedNext[prev] = this.parkedNext[it];
        this.parkedNext[i] = NONE;
        return;
      }
      prev = it;
    }
  }

  /** replenish_domain_budget: refill to tot_budget (once per period missed), let the parked go. */
  private onReplenish(d: number, now: number): void {
    this.replArmed[d] = 0;
    if (!this.capOn[d]) return;
    this.catchUp(d, now);
    if (this.domBudget[d] > 0) this.unparkAll(d, now);
    // Nobody of the domain can run: stop until one wakes (resumeReplenishment catches up).
    if (!this.domainMayRun(d)) return;
    this.armReplenishment(d);
  }

  /** The refills due by `now` (do_replenish, repeated while late), as the timer would have made them. */
  private catchUp(d: number, now: number): void {
    if (this.nextRepl[d] > now) return;
    do {
      this.nextRepl[d] += CSCHED2_BDGT_REPL_PERIOD_NS;
      this.domBudget[d] += this.totBudget[d];
    } while (this.nextRepl[d] <= now);
    if (this.domBudget[d] > this.totBudget[d]) this.domBudget[d] = this.totBudget[d];
  }

  private resumeReplenishment(d: number, now: number): void {
    this.catchUp(d, now);
    this.armReplenishment(d);
  }

  private armReplenishment(d: number): void {
    if (this.replTimer[d] === NONE) this.replTimer[d] = this.host.sim.newTimer();
    this.host.sim.setTimer(this.replTimer[d], this.nextRepl[d], this.evReplenish, d);
    this.replArmed[d] = 1;
  }

  private domainMayRun(d: number): boolean {
    if (this.parkedHead[d] !== NONE) return true;
    for (const v of this.host.domains[d].vcpus) {
      const i = v.index;
      if (this.vRq[i] !== NONE && (v.runnable || this.curOf[v.pcpu] === i)) return true;
    }
    return false;
  }

  // ---- state sizing (insertion time only) ----

  private ensureCapacity(): void {
    const nv = this.host.vcpus.length;
    if (this.vRq.length < nv) {
      this.credit = grownTo(this.credit, nv);
      this.weight = grownTo(this.weight, nv);
      this.startTime = grownTo(this.startTime, nv);
      this.residual = grownTo(this.residual, nv);
      this.runStart = grownTo(this.runStart, nv);
      this.vRq = grownTo(this.vRq, nv, NONE);
      this.onRunq = grownTo(this.onRunq, nv);
      this.rqNext = grownTo(this.rqNext, nv, NONE);
      this.rqPrev = grownTo(this.rqPrev, nv, NONE);
      this.svcNext = grownTo(this.svcNext, nv, NONE);
      this.svcPrev = grownTo(this.svcPrev, nv, NONE);
      this.counted = grownTo(this.counted, nv);
      this.scheduled = grownTo(this.scheduled, nv);
      this.migrateReq = grownTo(this.migrateReq, nv);
      this.migrateTo = grownTo(this.migrateTo, nv, NONE);
      this.tickledCpu = grownTo(this.tickledCpu, nv, NONE);
      this.pinned = grownTo(this.pinned, nv);
      this.budget = grownTo(this.budget, nv);
      this.quota = grownTo(this.quota, nv);
      this.vAvgload = grownTo(this.vAvgload, nv);
      this.vLoadLast = grownTo(this.vLoadLast, nv);
      this.parked = grownTo(this.parked, nv);
      this.parkedNext = grownTo(this.parkedNext, nv, NONE);
      this.parkedSince = grownTo(this.parkedSince, nv);
      this.parkedNs = grownTo(this.parkedNs, nv);
      this.parks = grownTo(this.parks, nv);
      this.resetsSeen = grownTo(this.resetsSeen, nv);
      this.rqMigrations = grownTo(this.rqMigrations, nv);
      this.cpuMigrations = grownTo(this.cpuMigrations, nv);
    }
    const nd = this.host.domains.length;
    if (this.nrUnits.length < nd) {
      this.nrUnits = grownTo(this.nrUnits, nd, 0);
      this.capOn = grownTo(this.capOn, nd);
      this.totBudget = grownTo(this.totBudget, nd);
      this.domBudget = grownTo(this.domBudget, nd);
      this.nextRepl = grownTo(this.nextRepl, nd);
      this.replTimer = grownTo(this.replTimer, nd, NONE);
      this.replArmed = grownTo(this.replArmed, nd);
      this.parkedHead = grownTo(this.parkedHead, nd, NONE);
    }
  }
}

registerScheduler('credit2', (host, spec) => new Credit2Scheduler(host, spec));
