/**
 * Xen's credit scheduler (credit1), following xen/common/sched/credit.c of Xen 4.17
 * (older trees: xen/common/sched_credit.c), with the rules of each earlier or later
 * release a scenario names (`xen:`; credit-rules.ts, one rule per xen.git commit).
 * Fact sheet with citations and the release table: docs/credit-scheduler-notes.md.
 *
 * The algorithm, as credit.c's header describes it:
 * - Every vCPU holds credit. Running burns it: 10 credits per ms of CPU
 *   (CSCHED_CREDITS_PER_MSEC), charged at each schedule and tick by burn_credits in
 *   whole credits, the remainder carried (Xen ≥ 4.3; 4.0–4.2 round to the nearest) — or,
 *   sampled (Xen ≤ 3.4, or `accounting: sampled`), a flat 100 credits to whoever runs at
 *   each 10 ms tick (csched_vcpu_acct). 3.0.3 counted 1 credit per ms.
 * - Every 30 ms (the time slice; csched_acct on the master pCPU: its own master_ticker
 *   from 3.4, inside every third tick of the master before) the credits of one period,
 *   300 per pCPU (credits_per_tslice × online pCPUs), are shared among the *active*
 *   domains in proportion to weight × active vCPUs (weight once per domain before 4.1),
 *   each share rounded up and limited to what the domain could use (active vCPUs × 300)
 *   and to its cap (⌈cap × 300 / 100⌉); what a domain cannot use goes to the domains
 *   after it in the active list (a domain joins it at its head). A vCPU with credit ≥ 0
 *   is UNDER, < 0 is OVER; a capped vCPU below −(its cap share) is parked (paused) until
 *   accounting brings it back to ≥ 0, and that unpause is no BOOST (3.0.3: a capped vCPU
 *   in debt sits below idle instead); credit is clipped at −300; a vCPU above 300 leaves
 *   the active list (it is not competing) and its credit is halved (Xen ≥ 4.1; zeroed
 *   before).
 * - A vCPU joins the active list when a tick (every 10 ms, 3 per slice; one per slice
 *   under 3 ms) finds it running. The tick also demotes BOOST to UNDER, and moves the
 *   running vCPU to an idle pCPU when its own has work queued (_csched_cpu_pick).
 * - Waking: an UNDER, unparked vCPU is promoted to BOOST (Xen ≥ 3.0.4), unless it was
 *   just placed by csched_res_pick (its first wake, a migration: Xen ≥ 4.7); it is
 *   inserted in its pCPU's runqueue at the tail of its priority class and tickles
 *   (__runq_tickle, ≥ 4.7): its own pCPU if that is idle; else one idle pCPU that may
 *   run it (which steals it); else its own pCPU if it outranks the running vCPU. Older
 *   releases: its own pCPU if it outranks the running vCPU, plus every idler (≤ 4.0) or
 *   one (4.1–4.6).
 * - Scheduling: the current vCPU (if still runnable) goes back in the runqueue at the
 *   tail of its class, and the head is taken. If the head is only OVER or IDLE, the
 *   pCPU first tries to steal a strictly higher-priority, not running, vCPU that may
 *   run here from the runqueue of a busy peer (csched_load_balance; peers visited from
 *   the one after balance_bias, ≥ 4.9; at most once a ms per pCPU, ≥ 4.18). A vCPU that
 *   has run less than the rate limit (1 ms, ≤ the slice, Xen ≥ 4.2) and is still
 *   runnable keeps the pCPU for the rest of it.
 * - Ticks are suspended on idle pCPUs (csched_tick_suspend) and resume on the next
 *   tick boundary; accounting does nothing while no domain is active, so neither is
 *   scheduled then (idle skipping: same results, far fewer events). Before 3.4 idle
 *   pCPUs ticked too, but such a tick does nothing except the master's accounting, so
 *   only the master's tick is kept running while something is active.
 *
 * Lazy bookkeeping (`scheduler: { bookkeeping: lazy }`; `eager`, the default, queues
 * every tick, pass and slice end as before — lazy is exact but measured no faster on
 * greebo or the estate, docs/performance.md). A "quiet stretch" begins at the end of a
 * tick or a pass when nothing can change a decision until some later pass:
 * - running: one pCPU runs one vCPU, its runqueue and every other are empty, every other
 *   pCPU is idle, and the only active domain is that vCPU's, with one active vCPU and no
 *   cap, its priority UNDER or OVER (not BOOST) and the next slice end not a rate-limit
 *   one. Then a tick only charges it (burn_credits, or 100 credits in 3.x, in
 *   csched_vcpu_acct; no BOOST to drop, already active, and with its runqueue empty
 *   _csched_cpu_pick keeps it where it is), a slice end
 *   only charges it and re-picks it (csched_schedule: runq_insert then the head is
 *   itself; csched_load_balance finds nothing queued, and ≥ 4.18 notes when it
 *   balanced), and a pass (csched_acct) only adds
 *   its one domain's share, credit_peak = 300 (+⌈−balance⌉ after a negative balance;
 *   weight_left is 0 so nothing is passed on or reordered), clips at −300;
 * - idle: every pCPU idle, nothing queued, one active domain with one active vCPU, no cap:
 *   only passes go on.
 * The stretch's timers are taken off the clock; the credit arithmetic is run ahead on
 * copies to the first pass that would change a decision (flip UNDER/OVER, BOOST to
 * UNDER, or take the vCPU off the active list above +300), and a watch timer ends the
 * stretch there (or at a checkpoint further on). Anything that looks at or changes
 * scheduling state — every Host entry point: wake, block, pause, a tickle, a burst's end,
 * a reading of the statistics, sched-credit — first runs the deferred items that come
 * before the event being dispatched, in the order their events would have had, with the
 * same arithmetic in the same order (so every float rounds as it would have: charging
 * in pieces is not charging in one lump), and arms the rest under the sequence numbers
 * they would have had. A deferred item's number is the counter at the first dispatch
 * after the item before it; the simulator keeps a log of recent dispatches during a
 * stretch so that an item falling on the same instant as a real event (a trace period at
 * a whole second on the tick grid) is put before or after it as the queue would have.
 * Only the count of dispatched events differs from eager (test/property/lazy-bookkeeping,
 * test/validation/lazy-identity). Not closed form in the strict sense: each deferred
 * item is still one step of a tight loop (a subtraction per tick), because a lump charge
 * would round differently; what is saved is the event (queue, dispatch, handler).
 *
 * Simplifications, and why they are safe: no NUMA nodes or soft affinity (one node);
 * _csched_cpu_pick sees one socket without SMT (host cpu topology is credit2's), so the
 * first idler after the pCPU wins; no cache-hot check (vcpu_migration_delay defaults to
 * 0, so nothing is cache hot); wake-up does not re-pick the vCPU's pCPU (credit1 keeps
 * v->processor and lets idle pCPUs steal); runqueues are re-sorted right at accounting
 * rather than at each pCPU's next tick (≤ 10 ms sooner); no yield; last_tickle_cpu is
 * one for the host rather than one per waking pCPU; 4.7–4.8 already drop tickled pCPUs
 * from the idlers (that came with 4.9's 47d5292995); ≤ 3.3 (accounting inside the
 * master's tick) never starts a quiet stretch, so lazy there is eager.
 */
import { grownTo } from './grow.js';
import type { SchedChange, SchedulerSpec } from '../params.js';
import type { Domain } from '../domain.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import { AcctState, type Vcpu } from '../vcpu.js';
import { creditRules, type CreditRules } from './credit-rules.js';
import { quietStaysInBand } from './credit-quiet-band.js';

export const CSCHED_DEFAULT_WEIGHT = 256;
export const CSCHED_DEFAULT_TSLICE_MS = 30;
export const CSCHED_TICKS_PER_TSLICE = 3;
export const CSCHED_CREDITS_PER_MSEC = 10;
/** Xen 3.x charged this flat amount to the running vCPU at each tick. */
export const CSCHED_CREDITS_PER_TICK = 100;
/** sched_ratelimit_us default (Xen ≥ 4.2). */
export const CSCHED_DEFAULT_RATELIMIT_US = 1000;

/** CSCHED_MIN_TIMER = XEN_SYSCTL_SCHED_RATELIMIT_MIN: 100 µs. */
export const CSCHED_MIN_TIMER_NS = 100_000;

export const PRI_BOOST = 0;
export const PRI_UNDER = -1;
export const PRI_OVER = -2;
export const PRI_IDLE = -64;

const NS_PER_MS = 1_000_000;

/** 3.0.3 parks a capped vCPU below idle (CSCHED_PRI_TS_PARKED). */
export const PRI_PARKED = -65;

/** The pCPU that does the accounting (csched_priv.master: the first one set up). */
const MASTER_CPU = 0;

export class CreditScheduler implements Scheduler {
  readonly name = 'credit';
  readonly tsliceNs: number;
  readonly tickNs: number;
  readonly ratelimitNs: number;
  readonly sampled: boolean;
  /** The release's rules (credit-rules.ts). */
  readonly rules: CreditRules;
  /** Credits per ms of CPU (CSCHED_CREDITS_PER_MSEC; 1 in 3.0.3). */
  readonly creditsPerMs: number;
  /** What a tick charges in sampled mode (CSCHED_CREDITS_PER_TICK = 100; 3.0.3's CSCHED_TICK = 10). */
  readonly chargePerTick: number;
  /** Credits of one accounting period per pCPU (credits_per_tslice). */
  readonly creditsPerTslice: number;
  /** A vCPU leaving the active list keeps half its credit (Xen ≥ 4.1) rather than none. */
  private readonly halveOnStop: boolean;
  /** burn_credits keeps its remainder (Xen ≥ 4.3) rather than rounding to the nearest credit. */
  private readonly residualCarry: boolean;
  /** `bookkeeping: lazy`: quiet stretches keep ticks, slice ends and passes off the clock (see the header). */
  readonly lazy: boolean;

  /** Active domains in Xen's list order (domains with extra credit move to the front). */
  private readonly activeDomains: Domain[] = [];
  private readonly acctSnapshot: Domain[] = [];
  /** Σ weight × active vCPUs over active domains (prv->weight). */
  private weightTotal = 0;
  private creditBalance = 0;
  /**
   * Phase of the master ticker relative to the pCPU ticks. In Xen the two run off
   * separate timers armed at different moments (csched_init vs. each pCPU's start),
   * so they never fire at one instant; aligning them in a simulation with no timer
   * jitter locks slices and accounting into an artificial pattern. Half a tick apart.
   */
  private readonly acctPhaseNs: number;
  /** prv->idlers: pCPUs that chose idle and have not been tickled since. */
  private readonly idler: Uint8Array;
  /** How many entries of `idler` are set (so a wake-up need not scan every pCPU). */
  private idlers = 0;
  private lastTickleCpu = 0;
  /** prv->balance_bias (one NUMA node): the pCPU last stolen from. */
  private balanceBias = 0;
  /** load_balance_ratelimit (Xen ≥ 4.18; 0 = none) and each pCPU's last balancing (init_pdata: boot). */
  private readonly lbRatelimitNs: number;
  private readonly lastLoadBalance: Float64Array;
  private readonly acctTimer: number;

  // ---- quiet (lazy bookkeeping; see the header) ----
  private qOn = false;
  private qP: Pcpu | null = null;
  private qV: Vcpu | null = null;
  /**
   * The deferred chains: the first vCPU's tick (0) and slice end (1), accounting (2);
   * in a stretch of several lone vCPUs, vCPU j ≥ 1's tick at 2j + 1 and slice end at 2j + 2.
   */
  private qChains: Chain[] = [new Chain(), new Chain(), new Chain()];
  /** Chains in use: 3, or 2·qN + 1. */
  private qNChains = 3;
  /** vCPUs in the stretch (each running alone on its pCPU) and their pCPUs. */
  private qN = 1;
  private qVs: Vcpu[] = [];
  private qPs: Pcpu[] = [];
  /** Timer that ends a quiet stretch: at the first pass that changes a decision, or a checkpoint. */
  private readonly qWatch: number;
  private qWatchDecision = false;
  private qLookahead = QUIET_LOOKAHEAD_MIN;
  /** Accounting passes the current stretch has run deferred. */
  private qPasses = 0;
  /** Items (ticks, slice ends, passes) the current stretch has run deferred. */
  private qItems = 0;
  /** Counts deferred items as they run (Chain.prevOrd). */
  private qOrd = 0;
  /**
   * A stretch costs about what two or three dispatched events cost (entering, looking
   * ahead, leaving); one that ends before it has deferred QUIET_PAYOFF items did not pay.
   * After one that did not, no stretch starts for a while (a tslice, doubling up to a
   * second while they keep not paying): results are the same either way; only the cost
   * differs.
   */
  private qBackoffNs = 0;
  private qSkipUntil = -1;
  private readonly evQWatch: number;
  /** Scratch for item times (tie resolution). */
  private qScratch: number[] = [];
  private readonly evAcct: number;
  private readonly evTick: number;
  /** 3.0.3: each pCPU's idle slice end (null in later releases). */
  private readonly idleSliceTimer: Int32Array | null;
  private readonly evIdleSlice: number;
  /** Releases ≤ 3.3 (the master's tick carries accounting; 3.0.3's idle slice). */
  private readonly oldIdleRules: boolean;
  /** The rules the hot path asks for, as plain fields: BOOST, ≥ 4.7's tickle, moving the running vCPU at a tick. */
  private readonly boostOn: boolean;
  /** `tickle: false` (Ongaro et al. 2008): a wake-up never preempts a running vCPU; only idle pCPUs are woken. */
  private readonly tickleOn: boolean;
  private readonly modernTickle: boolean;
  private readonly tickMigrate: boolean;

  // ---- policy-private state (Xen's csched_unit and csched_dom: alloc_udata /
  // alloc_domdata), by vcpu.index and domain.id; grown in insertVcpu ----
  private credit: Float64Array = new Float64Array(0);
  private pri: Int8Array = new Int8Array(0);
  /** On the active list (the domain's active_vcpu list in Xen). */
  private active: Uint8Array = new Uint8Array(0);
  /** Paused by accounting for going over its cap (CSCHED_FLAG_UNIT_PARKED). */
  private parked: Uint8Array = new Uint8Array(0);
  /** Marked migrating by a tick (_VPF_migrating): it leaves its pCPU at the next schedule. */
  private moving: Uint8Array = new Uint8Array(0);
  /** Placed by csched_res_pick since its last wake (CSCHED_FLAG_UNIT_MIGRATING, Xen ≥ 4.7): the next wake is no BOOST. */
  private migrating: Uint8Array = new Uint8Array(0);
  /**
   * start_time: up to where burn_credits has charged it while it runs; while it does not,
   * that point less the time it was descheduled (csched_schedule's start_time -= now,
   * += now on dispatch), so the part of a credit not yet charged carries over.
   */
  private creditStart: Float64Array = new Float64Array(0);
  /** burn_credits' remainder (svc->residual, Xen ≥ 4.3), in ns × credits per ms. */
  private residual: Float64Array = new Float64Array(0);
  /** Time per priority class while runnable or running: boost, under, over (3 per vCPU). */
  private priNs: Float64Array = new Float64Array(0);
  /** Its running + runnable time (as the core counts it) when its priority last changed. */
  private priMark: Float64Array = new Float64Array(0);
  /** The priNs slot of its current priority; −1: not tracked. */
  private priSlot: Int8Array = new Int8Array(0);
  /** Active vCPUs of each domain (sdom->active_unit_count), and whether it is on the active list. */
  private domActive: Int32Array = new Int32Array(0);
  private domOnList: Uint8Array = new Uint8Array(0);

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    this.tsliceNs = spec.tsliceNs ?? CSCHED_DEFAULT_TSLICE_MS * NS_PER_MS;
    // __csched_set_tslice (Xen ≥ 4.2, d0ac87b3c0): one tick per slice under 3 ms, and
    // the tick period in whole µs (tslice_ms × 1000 / ticks_per_tslice).
    const ticksPerTslice = this.tsliceNs < CSCHED_TICKS_PER_TSLICE * NS_PER_MS ? 1 : CSCHED_TICKS_PER_TSLICE;
    this.tickNs = Math.floor(this.tsliceNs / 1000 / ticksPerTslice) * 1000;
    const rules = creditRules(spec.xen);
    this.rules = rules;
    // The release sets the charging (≤ 3.4 sampled at ticks); an explicit `accounting` wins.
    this.sampled = spec.accounting === undefined ? rules.charge === 'tick' : spec.accounting === 'sampled';
    this.creditsPerMs = rules.creditsPerMs;
    // (`accounting: exact` for a release before 4.0 charges as 4.0's burn_credits did.)
    this.residualCarry = rules.charge === 'residual';
    this.chargePerTick = this.creditsPerMs * (this.tickNs / NS_PER_MS);
    this.creditsPerTslice = this.creditsPerMs * (this.tsliceNs / NS_PER_MS);
    // A rate limit above the slice is the slice (csched_init, "Setting ratelimit to tslice").
    if (spec.xen === undefined) {
      // No release named: `accounting: sampled` keeps its old meaning (3.x's charging, no
      // rate limit unless one is given, credit zeroed on leaving the active list).
      this.ratelimitNs = Math.min(this.tsliceNs, spec.ratelimitNs ?? (this.sampled ? 0 : CSCHED_DEFAULT_RATELIMIT_US * 1000));
      this.halveOnStop = !this.sampled;
    } else {
      this.ratelimitNs = rules.hasRatelimit ? Math.min(this.tsliceNs, spec.ratelimitNs ?? CSCHED_DEFAULT_RATELIMIT_US * 1000) : 0;
      this.halveOnStop = rules.halveOnStop;
    }
    this.acctPhaseNs = rules.acctInMasterTick ? 0 : this.tickNs / 2;
    const sim = host.sim;
    this.idler = new Uint8Array(host.pcpus.length).fill(1);
    this.lbRatelimitNs = rules.lbRatelimitNs;
    this.lastLoadBalance = new Float64Array(host.pcpus.length);
    this.idlers = host.pcpus.length;
    // Ongaro, Cox and Rixner's switches (VEE 2008) are experiments on the wake path: the
    // quiet-stretch proofs assume Xen's own wake rules, so they run eager.
    this.lazy = spec.bookkeeping === 'lazy' && spec.boost !== false && spec.tickle !== false;
    this.acctTimer = sim.newTimer();
    this.qWatch = this.lazy ? sim.newTimer() : -1;
    this.evQWatch = sim.register((_t, now) => this.onQuietWatch(now));
    if (this.lazy) sim.onLogTurn((now) => { if (this.qOn) this.leaveQuiet(now); });
    this.evAcct = sim.register((_t, now) => this.onAcct(now));
    this.evTick = sim.register((pi, now) => this.onTick(host.pcpus[pi], now));
    this.evIdleSlice = sim.register((pi) => host.tickle(host.pcpus[pi]));
    this.oldIdleRules = rules.acctInMasterTick;
    this.boostOn = rules.boost && spec.boost !== false;
    this.tickleOn = spec.tickle !== false;
    this.modernTickle = rules.tickle === 'modern';
    this.tickMigrate = rules.tickMigrate;
    if (rules.parkBelowIdle) {
      this.idleSliceTimer = new Int32Array(host.pcpus.length);
      for (let i = 0; i < host.pcpus.length; i++) this.idleSliceTimer[i] = sim.newTimer();
    } else {
      this.idleSliceTimer = null;
    }
  }


  insertVcpu(v: Vcpu, now: number): void {
    this.ensureCapacity(v);
    const i = v.index;
    this.credit[i] = 0;
    this.active[i] = 0;
    this.parked[i] = 0;
    // csched_unit_insert places it with csched_res_pick, which marks it MIGRATING
    // (Xen ≥ 4.7, 66c7449a4d): the wake that starts it is not boosted.
    this.migrating[i] = this.rules.noBoostAfterPick ? 1 : 0;
    this.creditStart[i] = 0; // an offset until its first dispatch (see creditStart)
    this.residual[i] = 0;
    this.priMark[i] = runOrWaitNs(v, now);
    this.setPri(v, PRI_UNDER, now);
    // 3.0.3's csched_vcpu_init puts it on the active list at once (later: its first tick).
    if (this.rules.activeAtCreate) this.acctStart(v, now);
  }

  /**
   * Grows the policy's tables to hold v and its domain (vCPUs come into being when a
   * domain is created, never per event): Xen's alloc_udata / alloc_domdata.
   */
  private ensureCapacity(v: Vcpu): void {
    const host = this.host;
    if (v.index >= this.credit.length) {
      const n = Math.max(host.vcpus.length, v.index + 1, 2 * this.credit.length);
      this.credit = grownTo(this.credit, n);
      this.creditStart = grownTo(this.creditStart, n);
      this.residual = grownTo(this.residual, n);
      this.priMark = grownTo(this.priMark, n);
      this.priNs = grownTo(this.priNs, 3 * n);
      const pri = new Int8Array(n);
      pri.set(this.pri);
      this.pri = pri;
      const slot = new Int8Array(n).fill(-1);
      slot.set(this.priSlot);
      this.priSlot = slot;
      this.active = grownTo(this.active, n);
      this.parked = grownTo(this.parked, n);
      this.migrating = grownTo(this.migrating, n);
      this.moving = grownTo(this.moving, n);
    }
    const id = v.domain.id;
    if (id >= this.domActive.length) {
      const n = Math.max(host.domains.length, id + 1, 2 * this.domActive.length);
      const a = new Int32Array(n);
      a.set(this.domActive);
      this.domActive = a;
      this.domOnList = grownTo(this.domOnList, n);
    }
  }

  /** v's credit, priority and membership of the active list (for tests and reports). */
  creditOf(v: Vcpu): number {
    return this.credit[v.index];
  }

  priorityOf(v: Vcpu): number {
    return this.pri[v.index];
  }

  isActive(v: Vcpu): boolean {
    return this.active[v.index] === 1;
  }

  /**
   * Closes v's time-in-priority interval up to now: the running and runnable time the
   * core counted for v since the last mark (priority changes only here, in credit, so
   * no change of state needs to be watched).
   */
  private notePri(v: Vcpu, now: number): void {
    const i = v.index;
    const slot = this.priSlot[i];
    const r = runOrWaitNs(v, now);
    if (slot >= 0) this.priNs[3 * i + slot] += r - this.priMark[i];
    this.priMark[i] = r;
  }

  /** Changes a vCPU's priority, closing its time at the old one (priority_seconds). */
  private setPri(v: Vcpu, pri: number, now: number): void {
    const i = v.index;
    if (this.pri[i] === pri && this.priSlot[i] >= 0) return;
    this.notePri(v, now);
    this.pri[i] = pri;
    this.priSlot[i] = pri === PRI_BOOST ? 0 : pri === PRI_UNDER ? 1 : 2;
  }

  /** Time in BOOST, UNDER and OVER while runnable or running, in seconds, summed over d's vCPUs. */
  domainFigures(d: Domain, now: number): Record<string, unknown> {
    let boost = 0, under = 0, over = 0;
    const vcpus = d.vcpus;
    for (let k = 0; k < vcpus.length; k++) {
      const v = vcpus[k];
      const i = v.index;
      if (i >= this.priSlot.length) continue; // never created
      // The interval in progress, since the last change of priority.
      const slot = this.priSlot[i];
      const open = slot >= 0 ? runOrWaitNs(v, now) - this.priMark[i] : 0;
      boost += this.priNs[3 * i] + (slot === 0 ? open : 0);
      under += this.priNs[3 * i + 1] + (slot === 1 ? open : 0);
      over += this.priNs[3 * i + 2] + (slot === 2 ? open : 0);
    }
    return { priority_seconds: { boost: boost / 1e9, under: under / 1e9, over: over / 1e9 } };
  }

  removeVcpu(v: Vcpu, now: number): void {
    this.notePri(v, now);
    if (this.active[v.index]) this.acctStop(v);
    if (v.queued) this.host.pcpus[v.pcpu].runq.remove(v);
  }

  adjust(d: Domain, change: SchedChange, now?: number): void {
    if (this.qOn) this.leaveQuiet(now ?? this.host.sim.now);
    const weight = change.weight ?? d.weight;
    const cap = change.cap ?? d.cap;
    if (this.domOnList[d.id]) this.weightTotal += (weight - d.weight) * (this.rules.perVcpuWeight ? this.domActive[d.id] : 1);
    d.weight = weight;
    d.cap = cap;
  }

  wake(v: Vcpu, now: number): void {
    // BOOST (Xen ≥ 3.0.4) for an UNDER vCPU that is not parked nor just placed.
    const i = v.index;
    const migrating = this.migrating[i];
    this.migrating[i] = 0;
    if (this.boostOn && migrating === 0 && this.pri[i] === PRI_UNDER && !this.parked[i]) this.setPri(v, PRI_BOOST, now);
    const p = this.host.pcpus[v.pcpu];
    p.runq.insertByPriority(v, this.pri);
    if (!this.tickleOn) this.tickleIdleOnly(v, p);
    else if (this.modernTickle) this.runqTickle(v, p);
    else this.runqTickleOld(v, p);
  }

  /**
   * Without tickling (Ongaro et al. 2008, §4: the woken vCPU waits for the running one's
   * next scheduling point instead of preempting it): its own pCPU if idle, else one idler
   * that may run it; a busy pCPU is never interrupted.
   */
  private tickleIdleOnly(v: Vcpu, p: Pcpu): void {
    if (p.current === null) {
      this.setIdler(p.id, 0);
      this.host.tickle(p);
      return;
    }
    if (this.idlers === 0) return;
    const n = this.host.pcpus.length;
    for (let k = 1; k <= n; k++) {
      const i = (this.lastTickleCpu + k) % n;
      if (this.idler[i] && v.affinity[i]) {
        this.lastTickleCpu = i;
        this.setIdler(i, 0);
        this.host.tickle(this.host.pcpus[i]);
        return;
      }
    }
  }

  /**
   * __runq_tickle before Xen 4.7: v's pCPU if v outranks what runs there; and, if that
   * pCPU is busy, every idler v may run on (≤ 4.0) or one of them, cycling (4.1–4.6,
   * opt_tickle_one_idle). Tickled pCPUs stay idlers until they schedule (before 4.9).
   */
  private runqTickleOld(v: Vcpu, p: Pcpu): void {
    const host = this.host;
    const cur = p.current;
    const curPri = cur === null ? PRI_IDLE : this.pri[cur.index];
    if (this.pri[v.index] > curPri) host.tickle(p);
    if (cur === null || this.idlers === 0) return;
    const pcpus = host.pcpus;
    const n = pcpus.length;
    const all = this.rules.tickle === 'all-idlers';
    for (let k = 1; k <= n; k++) {
      const i = (this.lastTickleCpu + k) % n;
      if (this.idler[i] && v.affinity[i]) {
        host.tickle(pcpus[i]);
        if (!all) {
          this.lastTickleCpu = i;
          return;
        }
      }
    }
  }

  sleep(v: Vcpu): void {
    if (v.queued) this.host.pcpus[v.pcpu].runq.remove(v);
  }

  /**
   * __runq_tickle (Xen ≥ 4.8): if v's pCPU is idle, or there are no idlers and v
   * outranks what runs there, reschedule that pCPU; otherwise wake one idler that may
   * run v (cycling, as opt_tickle_one_idle), so it steals v; with no such idler, preempt
   * the current vCPU if v outranks it.
   */
  private runqTickle(v: Vcpu, p: Pcpu): void {
    const host = this.host;
    const cur = p.current;
    const curPri = cur === null ? PRI_IDLE : this.pri[cur.index];
    const pcpus = host.pcpus;
    const n = pcpus.length;
    const anyIdler = this.idlers > 0;
    if (curPri === PRI_IDLE || (!anyIdler && this.pri[v.index] > curPri)) {
      this.setIdler(p.id, 0);
      host.tickle(p);
      return;
    }
    if (!anyIdler) return;
    for (let k = 1; k <= n; k++) {
      const i = (this.lastTickleCpu + k) % n;
      if (this.idler[i] && v.affinity[i]) {
        this.lastTickleCpu = i;
        this.setIdler(i, 0);
        host.tickle(pcpus[i]);
        return;
      }
    }
    if (this.pri[v.index] > curPri) host.tickle(p);
  }

  doSchedule(p: Pcpu, now: number): void {
    const cur = p.current;
    let moveTo = -1;
    if (cur !== null) {
      this.burn(cur, now);
      // Marked migrating at a tick: not runnable here (_VPF_migrating), so no rate limit
      // and not queued again; it is woken on its new pCPU once this one has switched.
      if (this.moving[cur.index]) moveTo = this.takeMoving(cur, p);
      if (moveTo < 0 && cur.runnable) {
        // Rate limit: a vCPU that has run less than it keeps the pCPU for the rest.
        if (this.ratelimitNs > 0) {
          const ran = now - cur.runStartNs;
          // (1 ns of slack: float time this far from zero cannot hold a shorter timer.)
          if (ran < this.ratelimitNs - 1) {
            p.next = cur;
            // Never a timer shorter than CSCHED_MIN_TIMER (the minimum rate limit, 100 µs).
            p.nextSliceNs = ran < CSCHED_MIN_TIMER_NS ? CSCHED_MIN_TIMER_NS : this.ratelimitNs - ran;
            this.ensureTick(p, now);
            return;
          }
        }
        p.runq.insertByPriority(cur, this.pri);
      }
    }
    let next = p.runq.head;
    const headPri = next === null ? PRI_IDLE : this.pri[next.index];
    if (next !== null && headPri > PRI_OVER) p.runq.remove(next);
    else next = this.balanceOrHead(p, next, headPri, now);
    if (next !== cur) {
      // csched_schedule: start_time -= now for the vCPU leaving, += now for the one
      // coming, so what burn_credits has not charged yet carries over.
      if (cur !== null) this.creditStart[cur.index] -= now;
      if (next !== null) {
        this.creditStart[next.index] += now;
        next.pcpu = p.id;
      }
    }
    p.next = next;
    p.nextSliceNs = this.tsliceNs;
    this.setIdler(p.id, next === null ? 1 : 0);
    if (moveTo >= 0) this.migrateRunning(cur!, moveTo, now);
    // Stop the tick when going idle, restart it when coming from idle (csched_schedule).
    if (this.oldIdleRules) this.oldIdle(p, next, now);
    else if (next !== null) this.ensureTick(p, now);
    else this.host.sim.cancelTimer(p.tickTimer);
  }

  /** Clears v's migrating mark and returns the pCPU it moves to, or −1 (it stays). */
  private takeMoving(v: Vcpu, p: Pcpu): number {
    this.moving[v.index] = 0;
    return v.runnable ? this.pickIdlerFor(v, p) : -1;
  }

  /**
   * The head is OVER or idle: csched_load_balance steals a strictly better vCPU from a
   * peer (not within load_balance_ratelimit of the last try, ≥ 4.18); otherwise the
   * head runs (OVER), or idle.
   */
  private balanceOrHead(p: Pcpu, head: Vcpu | null, headPri: number, now: number): Vcpu | null {
    if (this.lbRatelimitNs > 0) {
      // Xen ≥ 4.18: balanced less than load_balance_ratelimit ago (58feb9e0ac): no stealing.
      if (!(now - this.lastLoadBalance[p.id] > this.lbRatelimitNs)) {
        if (head !== null && headPri > PRI_IDLE) {
          p.runq.remove(head);
          return head;
        }
        return null;
      }
      this.lastLoadBalance[p.id] = now;
    }
    const stolen = this.loadBalance(p, headPri < PRI_IDLE ? PRI_IDLE : headPri);
    if (stolen !== null) return stolen;
    if (head !== null && headPri > PRI_IDLE) {
      p.runq.remove(head);
      return head;
    }
    // (3.0.3: a parked head sorts below the idle vCPU, which runs instead.)
    return null;
  }

  /**
   * The tick and idle slice of releases ≤ 3.3: the master's tick keeps running while
   * something is active (it carries accounting), and in 3.0.3 the idle vCPU also gets a
   * slice (csched_schedule returns 30 ms for it), so an idle pCPU looks at its runqueue
   * again each slice: how a vCPU parked there below idle gets picked up once accounting
   * unparks it (nothing tickles then).
   */
  private oldIdle(p: Pcpu, next: Vcpu | null, now: number): void {
    const sim = this.host.sim;
    if (next !== null) this.ensureTick(p, now);
    else if (!(p.id === MASTER_CPU && this.weightTotal > 0)) sim.cancelTimer(p.tickTimer);
    if (this.idleSliceTimer !== null) {
      const t = this.idleSliceTimer[p.id];
      if (next === null && p.runq.length > 0) sim.setTimer(t, now + this.tsliceNs, this.evIdleSlice, p.id);
      else sim.cancelTimer(t);
    }
  }

  private setIdler(i: number, value: 0 | 1): void {
    this.idlers += value - this.idler[i];
    this.idler[i] = value;
  }

  /** csched_load_balance / csched_runq_steal: take a strictly better vCPU from a busy peer. */
  private loadBalance(p: Pcpu, pri: number): Vcpu | null {
    const pcpus = this.host.pcpus;
    const n = pcpus.length;
    // Nothing waits anywhere else: no peer to visit (the common case on a big, lightly
    // loaded host, where the scan below would cost a loop over every pCPU).
    if (this.host.queued.n === p.runq.length) return null;
    // Peers in the release's order: from the next pCPU (≤ 4.2), from the first busy one
    // (4.3–4.8), from the one after the pCPU last stolen from (balance_bias, ≥ 4.9).
    const order = this.rules.stealOrder;
    const base = order === 'next' ? p.id + 1 : order === 'first' ? 0 : this.balanceBias + 1;
    const skipSingle = this.rules.skipSingleRunnable;
    for (let k = 0; k < n; k++) {
      const peerId = (base + k) % n;
      if (peerId === p.id) continue;
      const peer = pcpus[peerId];
      // An idle peer is about to pick up its own work: don't steal from it.
      if (peer.current === null || peer.runq.length === 0) continue;
      // ≥ 4.9: a peer with at most one runnable vCPU (nr_runnable) is not worth a look.
      if (skipSingle && peer.runq.length + (peer.current.runnable ? 1 : 0) <= 1) continue;
      for (let s = peer.runq.head; s !== null; s = s.next) {
        if (this.pri[s.index] <= pri) break;
        if (!s.running && s.affinity[p.id]) {
          peer.runq.remove(s);
          s.pcpu = p.id;
          this.balanceBias = peerId;
          return s;
        }
      }
    }
    return null;
  }

  /** burn_credits (Xen ≥ 4.0): charges v the time it ran since its start_time. */
  private burn(v: Vcpu, now: number): void {
    if (this.sampled) return;
    // burnRegs' arithmetic on v's own entries (the hot path), operation for operation.
    const i = v.index;
    const delta = now - this.creditStart[i];
    if (delta <= 0) return;
    const cpm = this.creditsPerMs;
    let credits: number;
    if (this.residualCarry) {
      const val = delta * cpm + this.residual[i];
      credits = Math.floor(val / NS_PER_MS);
      this.residual[i] = val - credits * NS_PER_MS;
    } else {
      credits = Math.floor((delta * cpm + NS_PER_MS / 2) / NS_PER_MS);
    }
    this.credit[i] -= credits;
    this.creditStart[i] += (credits * NS_PER_MS) / cpm;
  }

  // burn_credits' registers: credit, start_time and residual of one vCPU (or a quiet
  // stretch's copy of them), so that charging, deferred charging and the look-ahead
  // run one and the same arithmetic.
  private bC = 0;
  private bS = 0;
  private bR = 0;

  private loadBurn(v: Vcpu): void {
    const i = v.index;
    this.bC = this.credit[i];
    this.bS = this.creditStart[i];
    this.bR = this.residual[i];
  }

  private storeBurn(v: Vcpu): void {
    const i = v.index;
    this.credit[i] = this.bC;
    this.creditStart[i] = this.bS;
    this.residual[i] = this.bR;
  }

  /**
   * burn_credits up to t on the registers: whole credits, 10 a ms. Xen ≥ 4.3 divides
   * delta × 10 + residual by 10⁶ and keeps the remainder in residual (cf0c29d1a9); 4.0–4.2
   * round to the nearest credit (78c9b2a64b, 4f74c85e69). Both advance start_time by the
   * time the whole credits stand for, so the rest of delta is charged later too.
   */
  private burnRegs(t: number): void {
    const delta = t - this.bS;
    if (delta <= 0) return;
    const cpm = this.creditsPerMs;
    let credits: number;
    if (this.residualCarry) {
      const val = delta * cpm + this.bR;
      credits = Math.floor(val / NS_PER_MS);
      this.bR = val - credits * NS_PER_MS;
    } else {
      credits = Math.floor((delta * cpm + NS_PER_MS / 2) / NS_PER_MS);
    }
    this.bC -= credits;
    this.bS += (credits * NS_PER_MS) / cpm;
  }

  /** Resumes the pCPU's tick at the next tick boundary if it was suspended. */
  private ensureTick(p: Pcpu, now: number): void {
    const sim = this.host.sim;
    if (sim.timerPendingAt(p.tickTimer) >= 0) return;
    const next = (Math.floor(now / this.tickNs) + 1) * this.tickNs;
    sim.setTimer(p.tickTimer, next, this.evTick, p.id);
  }

  /** csched_tick → csched_vcpu_acct on the running vCPU. */
  private onTick(p: Pcpu, now: number): void {
    this.tick(p, now);
    if (this.oldIdleRules && p.id === MASTER_CPU) this.masterTick(p, now);
    if (this.lazy) this.quiesce(now);
  }

  /**
   * Xen ≤ 3.3: the master pCPU's tick (which never stops there) runs accounting every
   * CSCHED_TICKS_PER_ACCT ticks, after charging its own running vCPU (csched_tick). Its
   * ticks go on while it idles as long as some vCPU is active.
   */
  private masterTick(p: Pcpu, now: number): void {
    if (Math.round(now / this.tickNs) % CSCHED_TICKS_PER_TSLICE === 0) this.acct(now, false);
    if (this.weightTotal > 0 && this.host.sim.timerPendingAt(p.tickTimer) < 0) {
      this.host.sim.setTimer(p.tickTimer, now + this.tickNs, this.evTick, p.id);
    }
  }

  private tick(p: Pcpu, now: number): void {
    const v = p.current;
    if (v === null || !v.runnable) return; // suspended while idle
    if (this.pri[v.index] === PRI_BOOST) this.setPri(v, PRI_UNDER, now);
    if (this.sampled) this.credit[v.index] -= this.chargePerTick;
    else this.burn(v, now);
    if (!this.active[v.index]) this.acctStart(v, now);
    // csched_unit_acct (≥ 3.0.4, c918890fc5): if _csched_cpu_pick prefers another pCPU
    // for the running vCPU, mark it migrating and reschedule: it moves there.
    else if (this.tickMigrate && p.runq.length > 0 && this.pickIdlerFor(v, p) >= 0) {
      this.moving[v.index] = 1;
      this.host.tickle(p);
    }
    this.host.sim.setTimer(p.tickTimer, now + this.tickNs, this.evTick, p.id);
  }

  // ---- quiet: bookkeeping computed when the state is next looked at ----

  /**
   * Called at the end of this policy's tick and accounting handlers. If one pCPU runs one
   * vCPU with an empty runqueue, every other pCPU is idle, and the only active domain is
   * that vCPU's (one active vCPU, no cap), its ticks, slice ends and accounting passes
   * change nothing until the first pass that flips its priority or takes it off the
   * active list: they stop being dispatched (their timers are taken off the clock) and
   * are run, in order, by leaveQuiet when something looks at the state. That first
   * deciding pass (or a checkpoint QUIET_LOOKAHEAD_PASSES on) is found now by running
   * the credit arithmetic ahead on copies, and a watch timer ends the stretch there —
   * unless the band (credit-quiet-band.ts) shows no pass can decide. With several active
   * domains, quiesceMany covers vCPUs each alone on its pCPU.
   */
  quiesce(now: number): void {
    // (≤ 3.3: accounting rides on the master's tick; no stretch is attempted, lazy = eager.)
    if (this.qOn || !this.lazy || now < this.qSkipUntil || this.rules.acctInMasterTick) return;
    const host = this.host;
    const pcpus = host.pcpus;
    const n = pcpus.length;
    if (host.queued.n !== 0) return;
    if (this.activeDomains.length > 1) {
      this.quiesceMany(n);
      return;
    }
    if (this.idlers < n - 1 || this.activeDomains.length !== 1) return;
    const d = this.activeDomains[0];
    if (d.cap !== 0 || this.domActive[d.id] !== 1 || this.weightTotal !== d.weight) return;
    if (this.idlers === n) {
      this.quiesceIdle(d);
      return;
    }
    let p: Pcpu | null = null;
    for (let i = 0; i < n; i++) {
      const q = pcpus[i];
      if (q.softirqPending) return;
      if (this.idler[i] === 0) p = q;
      else if (q.current !== null) return;
    }
    if (p === null) return;
    const v = p.current;
    if (v === null || v.domain !== d || !this.active[v.index] || !v.runnable || this.pri[v.index] === PRI_BOOST || v.acctState !== AcctState.Running) return;
    const sim = host.sim;
    const tickAt = sim.timerPendingAt(p.tickTimer);
    const sliceAt = sim.timerPendingAt(p.sliceTimer);
    const acctAt = sim.timerPendingAt(this.acctTimer);
    if (tickAt < 0 || sliceAt < 0 || acctAt < 0 || sim.timerPendingAt(p.burstTimer) < 0) return;
    // The next slice end must not be a rate-limit one (doSchedule would keep it short).
    if (this.ratelimitNs > 0 && sliceAt - v.runStartNs < this.ratelimitNs - 1) return;
    const ch = this.qChains;
    ch[0].reset(tickAt, sim.timerSeqOf(p.tickTimer), this.tickNs);
    ch[1].reset(sliceAt, sim.timerSeqOf(p.sliceTimer), this.tsliceNs);
    ch[2].reset(acctAt, sim.timerSeqOf(this.acctTimer), this.tsliceNs);
    sim.cancelTimer(p.tickTimer);
    sim.cancelTimer(p.sliceTimer);
    sim.cancelTimer(this.acctTimer);
    this.qOn = true;
    this.qN = 1;
    this.qNChains = 3;
    this.qP = p;
    this.qV = v;
    host.quiet = this;
    sim.logAcquire();
    this.armQuietWatch(v, d.weight);
    void now;
  }

  /**
   * The idle kind of quiet stretch: every pCPU idle, nothing queued, one active domain
   * with one active vCPU (which is not running) and no cap: only accounting passes go on
   * (they add to its credit until one changes its priority or takes it off the list).
   */
  private quiesceIdle(d: Domain): void {
    const host = this.host;
    const pcpus = host.pcpus;
    for (let i = 0; i < pcpus.length; i++) if (pcpus[i].softirqPending || pcpus[i].current !== null) return;
    let v: Vcpu | null = null;
    for (const u of d.vcpus) if (this.active[u.index]) v = u;
    if (v === null || v.running) return;
    const sim = host.sim;
    const acctAt = sim.timerPendingAt(this.acctTimer);
    if (acctAt < 0) return;
    const ch = this.qChains;
    ch[0].reset(Infinity, 0, this.tickNs);
    ch[1].reset(Infinity, 0, this.tsliceNs);
    ch[2].reset(acctAt, sim.timerSeqOf(this.acctTimer), this.tsliceNs);
    sim.cancelTimer(this.acctTimer);
    this.qOn = true;
    this.qN = 1;
    this.qNChains = 3;
    this.qP = null;
    this.qV = v;
    host.quiet = this;
    sim.logAcquire();
    this.armQuietWatch(v, d.weight);
  }

  private readonly qAhead: Chain[] = [new Chain(), new Chain(), new Chain()];

  /** Runs the stretch's arithmetic ahead on copies to its first deciding pass; arms the watch there. */
  private armQuietWatch(v: Vcpu, w: number): void {
    const sim = this.host.sim;
    const ch = this.qAhead;
    for (let i = 0; i < 3; i++) ch[i].copy(this.qChains[i]);
    const cpt = this.creditsPerTslice;
    const n = this.host.pcpus.length;
    const wT = this.weightTotal;
    // burn_credits' registers (bC, bS, bR) hold the copy of v's credit, start, residual.
    this.loadBurn(v);
    let bal = this.creditBalance;
    const pri = this.pri[v.index];
    let decision = false;
    const tk = ch[0], sl = ch[1], ac = ch[2];
    const sampled = this.sampled;
    if (this.quietForever(pri, bal, tk, sl, ac)) {
      this.armFarCheckpoint(ac);
      return;
    }
    for (let passes = 0; ;) {
      // The ticks strictly before the next slice end and pass, in registers.
      const lim = sl.at < ac.at ? sl.at : ac.at;
      if (tk.at < lim) {
        let t = tk.at;
        let prev = tk.prevAt;
        const period = tk.period;
        do {
          if (sampled) this.bC -= this.chargePerTick;
          else this.burnRegs(t);
          prev = t;
          t = t + period;
        } while (t < lim);
        tk.prevAt = prev;
        tk.at = t;
        tk.atBase = false;
      }
      const tAt = tk.at, sAt = sl.at, aAt = ac.at;
      let k: number;
      if (tAt < sAt && tAt < aAt) k = 0;
      else if (sAt < tAt && sAt < aAt) k = 1;
      else if (aAt < tAt && aAt < sAt) k = 2;
      else k = firstChain(ch);
      const item = k === 0 ? tk : k === 1 ? sl : ac;
      const t = item.at;
      if (k !== 2) {
        if (sampled) {
          // Xen 3.x: a flat charge at each tick, none at a slice end (as tick()).
          if (k === 0) this.bC -= this.chargePerTick;
        } else {
          // burn_credits at a tick or a slice end (as burn()).
          this.burnRegs(t);
        }
      } else {
        if (passes++ === this.qLookahead) break;
        // csched_acct with one active domain of one active vCPU and no cap, as acctQuiet().
        let creditTotal = cpt * n;
        if (bal < 0) creditTotal -= bal;
        let creditPeak = 1 * cpt;
        if (bal < 0) creditPeak += Math.floor((-bal * w * 1 + (wT - 1)) / wT);
        let creditFair = Math.floor((creditTotal * w * 1 + (wT - 1)) / wT);
        if (creditFair >= creditPeak) creditFair = creditPeak;
        creditFair = Math.floor((creditFair + (1 - 1)) / 1);
        this.bC += creditFair;
        if (this.bC < 0) {
          if (pri !== PRI_OVER) { decision = true; break; }
          if (this.bC < -cpt) this.bC = -cpt;
        } else if (pri !== PRI_UNDER || this.bC > cpt) {
          decision = true;
          break;
        }
        bal = 0 + this.bC;
        item.prevAt = t;
        item.at = t + item.period;
        item.atBase = false;
        // Past the first pass the band is known: if it holds, no later pass decides.
        if (this.quietForever(pri, bal, tk, sl, ac)) {
          this.armFarCheckpoint(ac);
          return;
        }
        continue;
      }
      item.prevAt = t;
      item.at = t + item.period;
      item.atBase = false;
    }
    const a = ch[2];
    this.qWatchDecision = decision;
    // At the pass's own number if it is the base; otherwise under a number taken now,
    // before any the pass could have (it is taken when the pass before it runs, later).
    if (a.atBase) sim.setTimerSeq(this.qWatch, a.at, a.baseKey, this.evQWatch, 0);
    else sim.setTimer(this.qWatch, a.at, this.evQWatch, 0);
  }

  /**
   * No pass can decide: the watch is only a checkpoint, as far ahead as the look-ahead
   * would have looked (twice the last stretch, ×4 at each checkpoint reached). Its
   * instant need not be a pass's: a checkpoint ends and restarts the stretch as any
   * event looking at the state would. (Not simply the farthest: a watch moved earlier
   * leaves its old queue entry behind until that instant, and thousands of far-off dead
   * entries made every queue operation dearer.)
   */
  private armFarCheckpoint(ac: Chain): void {
    const at = ac.at + this.qLookahead * ac.period;
    this.qWatchDecision = false;
    this.host.sim.setTimer(this.qWatch, at, this.evQWatch, 0);
  }

  /** quietStaysInBand (credit-quiet-band.ts) on the look-ahead's registers and chains. */
  private quietForever(pri: number, bal: number, tk: Chain, sl: Chain, ac: Chain): boolean {
    if (pri !== PRI_UNDER || bal < 0 || this.sampled || ac.period !== this.tsliceNs) return false;
    return quietStaysInBand(this.bC, this.bS, tk.at, tk.period, sl.at, ac.at, ac.period, this.creditsPerMs);
  }

  private onQuietWatch(now: number): void {
    const sim = this.host.sim;
    const decision = this.qWatchDecision;
    this.leaveQuiet(now);
    if (decision) {
      // The deciding pass is now armed where it belongs. With nothing pending before
      // it, this event is that pass (it is counted as it); otherwise it comes later.
      const k = sim.timerSeqOf(this.acctTimer);
      if (sim.timerPendingAt(this.acctTimer) === now && !sim.pendingBefore(now, k)) {
        sim.cancelTimer(this.acctTimer);
        sim.reposition(k);
        this.onAcct(now);
        return;
      }
    }
    sim.uncount();
    if (!decision) {
      // A checkpoint: the stretch was quiet all along; look further ahead next time.
      this.qLookahead = Math.min(QUIET_LOOKAHEAD_MAX, 4 * Math.max(this.qLookahead, QUIET_LOOKAHEAD_MIN));
      this.quiesce(now);
    }
  }

  /**
   * The stretch of several lone vCPUs: every pCPU either idle or running one vCPU with an
   * empty runqueue, the running vCPUs exactly the active domains' one active vCPU each,
   * none capped, all UNDER, the balance not negative, and every domain's fair share at
   * least its peak — so each pass gives each of them exactly a tslice's credits and they
   * evolve apart, each as a lone vCPU does. Entered only when the band
   * (credit-quiet-band.ts) holds for each: no pass decides, so there is no look-ahead;
   * the watch is a far checkpoint. Releases with sampled accounting (3.x) stay eager.
   */
  private quiesceMany(n: number): void {
    if (this.sampled || this.creditBalance < 0) return;
    const doms = this.activeDomains;
    const m = doms.length;
    if (this.idlers !== n - m) return;
    // csched_acct's shares on the current list: each must clamp to its peak (one vCPU).
    const cpt = this.creditsPerTslice;
    const wT = this.weightTotal;
    let creditTotal = cpt * n;
    let weightLeft = wT;
    for (let j = 0; j < m; j++) {
      const d = doms[j];
      if (d.cap !== 0 || this.domActive[d.id] !== 1) return;
      const w = d.weight; // (× its one active vCPU from 4.1: the same)
      weightLeft -= w;
      const creditFair = Math.floor((creditTotal * w + (wT - 1)) / wT);
      if (creditFair < cpt) return;
      if (weightLeft !== 0) creditTotal += Math.floor(((creditFair - cpt) * wT + (weightLeft - 1)) / weightLeft);
    }
    const host = this.host;
    const sim = host.sim;
    const pcpus = host.pcpus;
    const acctAt = sim.timerPendingAt(this.acctTimer);
    if (acctAt < 0) return;
    let found = 0;
    for (let i = 0; i < n; i++) {
      const q = pcpus[i];
      if (q.softirqPending) return;
      const v = q.current;
      if (this.idler[i] !== 0) {
        if (v !== null) return;
        continue;
      }
      if (v === null || !v.runnable || !this.active[v.index] || this.pri[v.index] !== PRI_UNDER || v.acctState !== AcctState.Running) return;
      if (this.domActive[v.domain.id] !== 1 || v.domain.cap !== 0) return;
      const tickAt = sim.timerPendingAt(q.tickTimer);
      const sliceAt = sim.timerPendingAt(q.sliceTimer);
      if (tickAt < 0 || sliceAt < 0 || sim.timerPendingAt(q.burstTimer) < 0) return;
      if (this.ratelimitNs > 0 && sliceAt - v.runStartNs < this.ratelimitNs - 1) return;
      const k = v.index;
      if (!quietStaysInBand(this.credit[k], this.creditStart[k], tickAt, this.tickNs, sliceAt, acctAt, this.tsliceNs, this.creditsPerMs)) return;
      this.qVs[found] = v;
      this.qPs[found] = q;
      found++;
    }
    if (found !== m) return;
    const nc = 2 * m + 1;
    while (this.qChains.length < nc) this.qChains.push(new Chain());
    const ch = this.qChains;
    for (let j = 0; j < m; j++) {
      const q = this.qPs[j];
      const tk = ch[j === 0 ? 0 : 2 * j + 1];
      const sl = ch[j === 0 ? 1 : 2 * j + 2];
      tk.reset(sim.timerPendingAt(q.tickTimer), sim.timerSeqOf(q.tickTimer), this.tickNs);
      sl.reset(sim.timerPendingAt(q.sliceTimer), sim.timerSeqOf(q.sliceTimer), this.tsliceNs);
    }
    ch[2].reset(acctAt, sim.timerSeqOf(this.acctTimer), this.tsliceNs);
    for (let j = 0; j < m; j++) {
      sim.cancelTimer(this.qPs[j].tickTimer);
      sim.cancelTimer(this.qPs[j].sliceTimer);
    }
    sim.cancelTimer(this.acctTimer);
    this.qOn = true;
    this.qN = m;
    this.qNChains = nc;
    this.qP = this.qPs[0];
    this.qV = this.qVs[0];
    host.quiet = this;
    sim.logAcquire();
    this.armFarCheckpoint(ch[2]);
  }

  /**
   * runDeferred for a stretch of several lone vCPUs: every chain's items in dispatch order
   * (ties by chainBefore, as the queue would have them), each applied to its own vCPU;
   * a pass gives each its tslice of credits.
   */
  private runDeferredMany(now: number): void {
    const host = this.host;
    const s = host.sim.curSeq;
    const ch = this.qChains;
    const nc = this.qNChains;
    let items = 0;
    for (;;) {
      const k = firstChain(ch, nc);
      const c = ch[k];
      const t = c.at;
      if (t > now) break;
      if (t === now && !this.itemBefore(c, t, s)) break;
      if (k === 2) {
        this.qPasses++;
        if (this.acctQuietMany()) throw new Error(`lazy bookkeeping: a deferred accounting pass at ${t} ns changed a decision`);
      } else {
        const j = k < 2 ? 0 : (k - 1) >> 1;
        const v = this.qVs[j];
        // Chain 0 and odd chains from 3 are ticks; 1 and even chains from 4 slice ends.
        if (k !== 0 && (k === 1 || (k & 1) === 0)) host.progress(v, t);
        this.burn(v, t);
      }
      c.prevAt = t;
      c.at = t + c.period;
      c.atBase = false;
      c.prevOrd = ++this.qOrd;
      items++;
    }
    host.sim.offClock += items;
    this.qItems += items;
  }

  /** csched_acct for a stretch of several lone vCPUs (each gets a tslice's credits; none may decide). */
  private acctQuietMany(): boolean {
    const cpt = this.creditsPerTslice;
    let balance = 0;
    for (let j = 0; j < this.qN; j++) {
      const i = this.qVs[j].index;
      const c = this.credit[i] + cpt;
      if (c < 0 || c > cpt || this.pri[i] !== PRI_UNDER) return true;
      this.credit[i] = c;
      balance += c;
    }
    this.creditBalance = balance;
    return false;
  }

  /**
   * Ends a quiet stretch at the event being dispatched (or, outside a run, after
   * everything at `now`): runs the deferred ticks, slice ends and accounting passes that
   * come before it, in order, with the arithmetic their own events would have done,
   * then arms the rest under the sequence numbers they would have had.
   */
  leaveQuiet(now: number): void {
    if (!this.qOn) return;
    this.qOn = false;
    // Look ahead about twice as far as this stretch went.
    this.qLookahead = Math.max(QUIET_LOOKAHEAD_MIN, Math.min(QUIET_LOOKAHEAD_MAX, 2 * this.qPasses));
    this.qPasses = 0;
    const host = this.host;
    host.quiet = null;
    const sim = host.sim;
    const p = this.qP;
    const ch = this.qChains;
    this.runDeferred(now);
    this.nextKeys();
    if (p !== null) {
      sim.setTimerSeq(p.tickTimer, ch[0].at, ch[0].key, this.evTick, p.id);
      host.armSliceEnd(p, ch[1].at, ch[1].key);
    }
    for (let j = 1; j < this.qN; j++) {
      const q = this.qPs[j];
      const tk = ch[2 * j + 1];
      const sl = ch[2 * j + 2];
      sim.setTimerSeq(q.tickTimer, tk.at, tk.key, this.evTick, q.id);
      host.armSliceEnd(q, sl.at, sl.key);
    }
    sim.setTimerSeq(this.acctTimer, ch[2].at, ch[2].key, this.evAcct, 0);
    sim.cancelTimer(this.qWatch);
    sim.logRelease();
    this.qP = null;
    this.qV = null;
    this.qN = 1;
    this.qNChains = 3;
    if (this.qItems < QUIET_PAYOFF) {
      this.qBackoffNs = Math.min(QUIET_BACKOFF_MAX_NS, Math.max(this.tsliceNs, 2 * this.qBackoffNs));
      this.qSkipUntil = now + this.qBackoffNs;
    } else {
      this.qBackoffNs = 0;
    }
    this.qItems = 0;
  }

  /**
   * Brings a quiet stretch up to the event being dispatched without ending it (for a
   * reading of the statistics): the deferred items before it run; each chain's next
   * item becomes its new base, under the number it would have had.
   */
  settleQuiet(now: number): void {
    if (!this.qOn) return;
    this.runDeferred(now);
    const ch = this.qChains;
    this.nextKeys();
    for (let i = 0; i < this.qNChains; i++) {
      const c = ch[i];
      if (!c.atBase && c.at !== Infinity) c.reset(c.at, c.key, c.period);
    }
  }

  /** Runs the quiet stretch's deferred items that come before the event being dispatched. */
  private runDeferred(now: number): void {
    if (this.qN > 1) {
      this.runDeferredMany(now);
      return;
    }
    const host = this.host;
    const sim = host.sim;
    const s = sim.curSeq;
    const v = this.qV!;
    const tk = this.qChains[0];
    const sl = this.qChains[1];
    const ac = this.qChains[2];
    const sampled = this.sampled;
    let items = 0;
    // A tight loop over the three chains in dispatch order (ties, rare, by chainBefore).
    for (;;) {
      // The ticks strictly before the next slice end, pass and `now`, in registers.
      const lim = sl.at < ac.at ? sl.at : ac.at;
      if (tk.at < lim && tk.at < now) {
        let t = tk.at;
        let prev = tk.prevAt;
        const period = tk.period;
        if (sampled) {
          let credit = this.credit[v.index];
          do {
            credit -= this.chargePerTick;
            prev = t;
            t = t + period;
            items++;
          } while (t < lim && t < now);
          this.credit[v.index] = credit;
        } else {
          this.loadBurn(v);
          do {
            this.burnRegs(t);
            prev = t;
            t = t + period;
            items++;
          } while (t < lim && t < now);
          this.storeBurn(v);
        }
        tk.prevAt = prev;
        tk.at = t;
        tk.atBase = false;
        tk.prevOrd = ++this.qOrd;
      }
      const tAt = tk.at, sAt = sl.at, aAt = ac.at;
      let k: number;
      let t: number;
      if (tAt < sAt && tAt < aAt) { k = 0; t = tAt; }
      else if (sAt < tAt && sAt < aAt) { k = 1; t = sAt; }
      else if (aAt < tAt && aAt < sAt) { k = 2; t = aAt; }
      else { k = firstChain(this.qChains, 3); t = this.qChains[k].at; }
      if (t > now) break;
      const c = k === 0 ? tk : k === 1 ? sl : ac;
      if (t === now && !this.itemBefore(c, t, s)) break;
      if (k === 0) {
        if (sampled) this.credit[v.index] -= this.chargePerTick;
        else this.burn(v, t);
      } else if (k === 1) {
        host.progress(v, t);
        if (!sampled) this.burn(v, t);
        // csched_schedule re-picks v; with v OVER it would balance (finding nothing)
        // and note the time (Xen ≥ 4.18).
        const p = this.qP!;
        if (this.lbRatelimitNs > 0 && this.pri[v.index] <= PRI_OVER && t - this.lastLoadBalance[p.id] > this.lbRatelimitNs) this.lastLoadBalance[p.id] = t;
      } else {
        this.qPasses++;
        if (this.acctQuiet(v)) throw new Error(`lazy bookkeeping: a deferred accounting pass at ${t} ns changed a decision`);
      }
      c.prevAt = t;
      c.at = t + c.period;
      c.atBase = false;
      c.prevOrd = ++this.qOrd;
      items++;
    }
    sim.offClock += items;
    this.qItems += items;
  }

  /**
   * csched_acct for a quiet stretch's deferred pass: one active domain with one active
   * vCPU v and no cap — acct()'s arithmetic for that case, expression for expression
   * (weight left is 0, so nothing is passed on and the list is not reordered; the
   * runqueues are empty). Returns true if it would change a decision (it must not: the
   * look-ahead ended the stretch before any such pass).
   */
  private acctQuiet(v: Vcpu): boolean {
    const w = v.domain.weight;
    const weightTotal = this.weightTotal;
    const cpt = this.creditsPerTslice;
    let creditTotal = cpt * this.host.pcpus.length;
    if (this.creditBalance < 0) creditTotal -= this.creditBalance;
    let creditPeak = 1 * cpt;
    if (this.creditBalance < 0) creditPeak += Math.floor((-this.creditBalance * w * 1 + (weightTotal - 1)) / weightTotal);
    let creditFair = Math.floor((creditTotal * w * 1 + (weightTotal - 1)) / weightTotal);
    if (creditFair >= creditPeak) creditFair = creditPeak;
    creditFair = Math.floor((creditFair + (1 - 1)) / 1);
    this.credit[v.index] += creditFair;
    if (this.credit[v.index] < 0) {
      if (this.pri[v.index] !== PRI_OVER) return true;
      if (this.credit[v.index] < -cpt) this.credit[v.index] = -cpt;
    } else if (this.pri[v.index] !== PRI_UNDER || this.credit[v.index] > cpt) {
      return true;
    }
    this.creditBalance = 0 + this.credit[v.index];
    return false;
  }

  /**
   * Sets each chain's `key`: the sequence number its next item would have been armed
   * under. Deferred items that ran between the same two dispatches would have taken
   * consecutive numbers in the order they ran, all below the next dispatch's first: they
   * get C − 1 + r/(N + 1) for the r-th of N chains — ¼, ½, ¾ for three (sequence numbers
   * are float64; real ones are whole).
   */
  private nextKeys(): void {
    const ch = this.qChains;
    const nc = this.qNChains;
    for (let i = 0; i < nc; i++) {
      const c = ch[i];
      c.key = c.atBase || c.at === Infinity ? c.baseKey : this.nextKey(c);
    }
    const step = 1 / (nc + 1);
    for (let i = 0; i < nc; i++) {
      const c = ch[i];
      if (c.atBase || c.at === Infinity) continue;
      let rank = 1;
      for (let j = 0; j < nc; j++) {
        const o = ch[j];
        if (j !== i && !o.atBase && o.at !== Infinity && o.key === c.key && o.prevOrd < c.prevOrd) rank++;
      }
      c.key = c.key - 1 + step * rank;
    }
  }

  /** The counter at the first dispatch after chain c's previous item (c not at its base). */
  private nextKey(c: Chain): number {
    if (c.atBase) return c.baseKey;
    // Taken when the previous item ran: the counter at the first dispatch after it.
    const sim = this.host.sim;
    const tp = c.prevAt;
    // The dispatches at tp are in sequence order and those before the item are a prefix
    // of them: the first one after it is found by bisection.
    let lo = sim.logFirstAtOrAfter(tp);
    let hi = sim.logFirstAfter(tp);
    const n = sim.logN;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.realBefore(sim.logSeqAt(mid), c, tp)) lo = mid + 1;
      else hi = mid;
    }
    return lo < n ? sim.logCtrAt(lo) : sim.nextSeq();
  }

  /** Whether chain c's item at t (its next) comes before a real event of sequence s at t. */
  private itemBefore(c: Chain, t: number, s: number): boolean {
    if (s === Infinity) return true;
    // (The watch ending a stretch at a base item is dispatched under the item's own
    // number, just before it: the item is not before it.)
    if (t === c.baseAt) return c.baseKey < s;
    return !this.realBefore(s, c, t);
  }

  /**
   * Whether a real event of sequence number s at instant t (an instant of one of chain
   * c's items) comes before that item: the item's sequence number would have been taken
   * when the item before it ran, so the event is first iff it was armed before that —
   * at an earlier instant, or at the same instant by an event that came first (asked
   * again, one item back). The base item's number is known.
   */
  private realBefore(s: number, c: Chain, t: number): boolean {
    if (t === c.baseAt) return s < c.baseKey;
    const sim = this.host.sim;
    if (t === c.at && !c.atBase) {
      // The item before it is known: most events are decided by their arming instant.
      const j = sim.logArmingOf(s);
      if (j >= 0 && sim.logTimeAt(j) !== c.prevAt) return sim.logTimeAt(j) < c.prevAt;
    }
    // The chain's item times up to t.
    const times = this.qScratch;
    times.length = 0;
    for (let x = c.baseAt; x < t; x = x + c.period) times.push(x);
    for (let m = times.length - 1; ; m--) {
      const prevT = times[m];
      const j = sim.logArmingOf(s);
      if (j < 0) throw new Error('lazy bookkeeping: the dispatch log is too short to order an event');
      const tA = sim.logTimeAt(j);
      if (tA !== prevT) return tA < prevT;
      s = sim.logSeqAt(j);
      if (m === 0) return s < c.baseKey;
    }
  }

  /**
   * _csched_cpu_pick for v running on p, on one socket without SMT: p itself if its
   * runqueue is empty (it then counts as idle); otherwise the first idler after p that v
   * may run on (cpumask_cycle); −1 when there is none (v stays). With every pCPU its own
   * core on one socket, no idler is "more idle" than another, so the cycle's first wins.
   */
  private pickIdlerFor(v: Vcpu, p: Pcpu): number {
    if (p.runq.length === 0 || this.idlers === 0) return -1;
    const n = this.host.pcpus.length;
    for (let k = 1; k < n; k++) {
      const i = (p.id + k) % n;
      if (this.idler[i] && v.affinity[i]) return i;
    }
    return -1;
  }

  /**
   * vcpu_migrate after a tick marked the running vCPU v migrating: it leaves p for the
   * pCPU csched_res_pick gives now and is woken there (csched_unit_wake: queued and
   * tickled; boosted if UNDER before Xen 4.7, not from 4.7 as it is MIGRATING).
   */
  private migrateRunning(v: Vcpu, target: number, now: number): void {
    const i = v.index;
    const q = this.host.pcpus[target];
    v.pcpu = target;
    if (this.rules.boost && !this.rules.noBoostAfterPick && this.pri[i] === PRI_UNDER && !this.parked[i]) this.setPri(v, PRI_BOOST, now);
    q.runq.insertByPriority(v, this.pri);
    if (this.rules.tickle === 'modern') this.runqTickle(v, q);
    else this.runqTickleOld(v, q);
  }

  private acctStart(v: Vcpu, now: number): void {
    const d = v.domain;
    this.active[v.index] = 1;
    this.domActive[d.id]++;
    const perVcpu = this.rules.perVcpuWeight;
    if (!this.domOnList[d.id]) {
      this.domOnList[d.id] = 1;
      // At the head of the list (list_add in __csched_vcpu_acct_start, every release),
      // in place (unshift allocates).
      const doms = this.activeDomains;
      doms.push(d);
      for (let i = doms.length - 1; i > 0; i--) doms[i] = doms[i - 1];
      doms[0] = d;
      // Before Xen 4.1 an active domain counts its weight once (3a37d430ce made it per vCPU).
      if (!perVcpu) this.weightTotal += d.weight;
    }
    if (perVcpu) this.weightTotal += d.weight;
    const sim = this.host.sim;
    if (this.rules.acctInMasterTick) {
      // ≤ 3.3: accounting rides on the master pCPU's tick, which must be running.
      this.ensureTick(this.host.pcpus[MASTER_CPU], now);
    } else if (sim.timerPendingAt(this.acctTimer) < 0) {
      const phase = this.acctPhaseNs;
      const next = (Math.floor((now - phase) / this.tsliceNs) + 1) * this.tsliceNs + phase;
      sim.setTimer(this.acctTimer, next, this.evAcct, 0);
    }
  }

  private acctStop(v: Vcpu): void {
    const d = v.domain;
    this.active[v.index] = 0;
    this.domActive[d.id]--;
    if (this.rules.perVcpuWeight) this.weightTotal -= d.weight;
    if (this.domActive[d.id] === 0 && this.domOnList[d.id]) {
      this.domOnList[d.id] = 0;
      if (!this.rules.perVcpuWeight) this.weightTotal -= d.weight;
      // Removed in place, keeping the order (splice would allocate the removed part).
      const doms = this.activeDomains;
      const at = doms.indexOf(d);
      if (at >= 0) {
        for (let i = at; i < doms.length - 1; i++) doms[i] = doms[i + 1];
        doms.pop();
      }
    }
  }

  /** csched_acct's timer (the master ticker). */
  private onAcct(now: number): void {
    this.acct(now, false);
    if (this.lazy) this.quiesce(now);
  }

  /**
   * csched_acct: share one period's credits among active domains. `deferred`: a pass
   * of a quiet stretch run late (leaveQuiet): it must change no decision, and it arms
   * no timer (the stretch's chain is the timer). Returns whether a decision changed
   * (a priority, a parking, a vCPU leaving the active list).
   */
  private acct(now: number, deferred: boolean): boolean {
    let changed = false;
    const host = this.host;
    const weightTotal = this.weightTotal;
    let creditTotal = this.creditsPerTslice * host.pcpus.length;
    if (this.creditBalance < 0) creditTotal -= this.creditBalance;
    if (weightTotal === 0) {
      this.creditBalance = 0;
      return false; // nothing active: the master ticker has nothing to do until a vCPU is
    }
    let weightLeft = weightTotal;
    let creditBalance = 0;
    let creditXtra = false;
    const doms = this.activeDomains;
    const perVcpu = this.rules.perVcpuWeight;
    const parkBelowIdle = this.rules.parkBelowIdle;
    // Iterate over a snapshot: domains may leave the list or move to its front. The
    // snapshot array is reused, so accounting allocates nothing once warmed up.
    const snapshot = this.acctSnapshot;
    const count = doms.length;
    for (let i = 0; i < count; i++) snapshot[i] = doms[i];
    for (let j = 0; j < count; j++) {
      const d = snapshot[j];
      const nActive = this.domActive[d.id];
      if (nActive === 0) continue;
      // The domain's weight counts once per active vCPU from Xen 4.1, once before.
      const w = perVcpu ? d.weight * nActive : d.weight;
      weightLeft -= w;
      let creditPeak = nActive * this.creditsPerTslice;
      if (this.creditBalance < 0) {
        creditPeak += Math.floor((-this.creditBalance * w + (weightTotal - 1)) / weightTotal);
      }
      let creditCap = 0;
      if (d.cap !== 0) {
        creditCap = Math.floor((d.cap * this.creditsPerTslice + 99) / 100);
        if (creditCap < creditPeak) creditPeak = creditCap;
        creditCap = Math.floor((creditCap + (nActive - 1)) / nActive);
      }
      let creditFair = Math.floor((creditTotal * w + (weightTotal - 1)) / weightTotal);
      if (creditFair < creditPeak) {
        creditXtra = true;
      } else {
        if (weightLeft !== 0) {
          // Give other domains a chance at the credit this one cannot use.
          creditTotal += Math.floor(((creditFair - creditPeak) * weightTotal + (weightLeft - 1)) / weightLeft);
        }
        if (creditXtra) {
          // Keep domains with extra credit at the head of the list (as Xen does):
          // moved to the front in place (splice and unshift allocate).
          let i = doms.indexOf(d);
          for (; i > 0; i--) doms[i] = doms[i - 1];
          doms[0] = d;
        }
        creditFair = creditPeak;
      }
      creditFair = Math.floor((creditFair + (nActive - 1)) / nActive);
      const vcpus = d.vcpus;
      const credit = this.credit;
      const cpt = this.creditsPerTslice;
      for (let k = 0; k < vcpus.length; k++) {
        const v = vcpus[k];
        const i = v.index;
        if (!this.active[i]) continue;
        let c = credit[i] + creditFair;
        if (c < 0) {
          // 3.0.3: a capped vCPU in debt is parked below idle (it stays runnable).
          const pri = parkBelowIdle && d.cap !== 0 ? PRI_PARKED : PRI_OVER;
          if (this.pri[i] !== pri) {
            changed = true;
            this.setPri(v, pri, now);
          }
          if (!parkBelowIdle && creditCap !== 0 && c < -creditCap && !this.parked[i]) {
            this.parked[i] = 1;
            changed = true;
            host.pause(v, now);
          }
          if (c < -cpt) c = -cpt;
        } else {
          if (this.pri[i] !== PRI_UNDER) {
            changed = true;
            this.setPri(v, PRI_UNDER, now);
          }
          if (this.parked[i]) {
            // Unpaused before the flag is cleared, so this wake-up is not a BOOST
            // (csched_acct: "unset the flag AFTER the unpause()", Xen ≥ 3.0.4).
            changed = true;
            host.unpause(v, now);
            this.parked[i] = 0;
          }
          if (c > cpt) {
            changed = true;
            this.acctStop(v);
            // Xen ≥ 4.1 halves it so a waking vCPU has at most half a slice of credit; 3.x zeroed it.
            // (An int in Xen: `credit /= 2` truncates.)
            c = this.halveOnStop ? Math.trunc(c / 2) : 0;
          }
        }
        credit[i] = c;
        creditBalance += c;
      }
    }
    this.creditBalance = creditBalance;
    const pcpus = host.pcpus;
    for (let i = 0; i < pcpus.length; i++) pcpus[i].runq.sort(this.pri);
    if (deferred || this.rules.acctInMasterTick) return changed;
    if (this.weightTotal > 0) host.sim.setTimer(this.acctTimer, now + this.tsliceNs, this.evAcct, 0);
    return changed;
  }
}

/**
 * One deferred stream of bookkeeping timers while quiet: its next item (time `at`),
 * the one before (`prevAt`), and its base — the item that was armed when the stretch
 * began, with the sequence number it was armed under (`baseKey`). Every later item's
 * sequence number would have been taken when the one before it ran: the counter at
 * the first event dispatched after it (resolved from the simulator's dispatch log
 * only when an item falls on the same instant as a real event).
 */
class Chain {
  at = 0;
  prevAt = 0;
  /** When its previous item ran among the stretch's deferred items (their order). */
  prevOrd = 0;
  /** Scratch: the sequence number its next item would have had. */
  key = 0;
  atBase = true;
  baseAt = 0;
  baseKey = 0;
  period = 0;

  reset(at: number, key: number, period: number): void {
    this.at = at;
    this.prevAt = at;
    this.atBase = true;
    this.baseAt = at;
    this.baseKey = key;
    this.period = period;
  }

  copy(o: Chain): void {
    this.at = o.at;
    this.prevAt = o.prevAt;
    this.atBase = o.atBase;
    this.baseAt = o.baseAt;
    this.baseKey = o.baseKey;
    this.period = o.period;
  }

  advance(): void {
    this.prevAt = this.at;
    this.at = this.at + this.period;
    this.atBase = false;
  }
}

/**
 * Whether chain a's next item comes before chain b's in the dispatch order. At one
 * instant: an item armed before the stretch (a base) first, by its sequence number;
 * otherwise the one whose previous item ran first (it re-armed first); chains whose
 * items have coincided since their bases keep their bases' order.
 */
function chainBefore(a: Chain, b: Chain): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.atBase || b.atBase) return a.atBase && b.atBase ? a.baseKey < b.baseKey : a.atBase;
  if (a.prevAt !== b.prevAt) return a.prevAt < b.prevAt;
  return a.baseKey < b.baseKey;
}

function firstChain(chs: Chain[], n = chs.length): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (chainBefore(chs[i], chs[best])) best = i;
  return best;
}

/**
 * Accounting passes a quiet stretch looks ahead (it ends at a checkpoint there if
 * nothing ended it before): twice as many as the last stretch ran before something
 * ended it, at least 1; multiplied by 4 each time a stretch reaches its checkpoint (up
 * to 2048, about a minute) — so a long quiet run costs a few look-aheads, and short
 * stretches look ahead little.
 */
const QUIET_LOOKAHEAD_MIN = 1;
/** Deferred items that make a stretch worth its cost; the longest pause after ones that were not. */
const QUIET_PAYOFF = 6;
const QUIET_BACKOFF_MAX_NS = 4e9;
const QUIET_LOOKAHEAD_MAX = 2048;

/** v's running and runnable-waiting time up to now (Vcpu's cpuNs + waitNs and the stint in progress). */
function runOrWaitNs(v: Vcpu, now: number): number {
  const open = v.acctState <= AcctState.Runnable ? now - v.acctSinceNs : 0;
  return v.cpuNs + v.waitNs + open;
}

registerScheduler('credit', (host, spec) => new CreditScheduler(host, spec));
