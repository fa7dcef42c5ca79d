/**
 * Xen's RTDS scheduler (Real-Time Deferrable Server), following xen/common/sched/rt.c of
 * Xen 4.17 (RELEASE-4.17.0; xen/common/sched_rt.c before 4.14). Read with
 * `git show RELEASE-4.17.0:xen/common/sched/rt.c`.
 *
 * The algorithm, as rt.c's design comment and code have it:
 * - Every vCPU is a deferrable server with a period and a budget (RTDS_DEFAULT_PERIOD
 *   10 ms, RTDS_DEFAULT_BUDGET 4 ms; a domain's `sched: { period, budget }` or
 *   `sched-rtds` set all its vCPUs, as `xl sched-rtds -d D -v all -p -b -e` does). Its
 *   deadline is the end of the current period; at the deadline the budget is refilled in
 *   full and unused budget is lost (rt_update_deadline). Deadlines lie on the grid
 *   k × period from time 0 (cur_deadline starts at 0 and only ever grows by whole
 *   periods), and a vCPU woken after its deadline gets the next grid point and a full
 *   budget. Budget burns only while the vCPU runs (burn_budget, in ns, at each
 *   schedule on its pCPU), so a blocked vCPU keeps what it has: deferrable.
 * - One global runqueue for all pCPUs (rt_private.runq), ordered by priority_level and
 *   then deadline (compare_unit_priority: earlier deadline = higher priority; FIFO among
 *   equals, deadline_queue_insert); a depleted queue, unordered (list_add at its head),
 *   for vCPUs with no budget and no extratime.
 * - extratime (Xen ≥ 4.10, commit 463b958317 "towards work conserving RTDS"): a vCPU
 *   whose budget runs out and that has the flag raises its priority_level by one and
 *   gets a fresh budget, so it keeps running below every vCPU still at a lower level —
 *   in time no reservation wants. rt_alloc_udata sets the flag on every new vCPU in
 *   4.10–4.17, so it is on unless a domain turns it off; before 4.10 there is no such
 *   flag and a domain's `extratime` is ignored (with `xen:` below 4.10).
 * - The replenishment timer (repl_timer, one for the whole scheduler) is armed at the
 *   head of the replenishment queue (replq), which holds every runnable vCPU ordered
 *   like the runqueue; when it fires it replenishes every vCPU whose deadline has come,
 *   re-sorts those on the runqueue and tickles: the running ones if the runqueue head
 *   now outranks them, the depleted ones that came back (repl_timer_handler).
 * - Scheduling (rt_schedule): burn the current vCPU's budget; take the first vCPU of the
 *   runqueue that may run here (hard affinity); keep the current one instead if it is
 *   still runnable, has budget and strictly outranks that head. The slice is the
 *   chosen vCPU's remaining budget (next_time = cur_budget); idle has none. A still
 *   runnable vCPU that lost the pCPU goes back to the runqueue (or the depleted queue)
 *   and tickles (rt_context_saved); one that blocked leaves the replenishment queue.
 * - Tickling (runq_tickle): among the pCPUs the vCPU may use that were not tickled
 *   already (prv->tickled), starting from the one it last ran on, kick the first idle
 *   one; if none is idle, kick the pCPU running the lowest-priority vCPU if the new one
 *   outranks it.
 * - Waking (rt_unit_wake): a vCPU running or queued already is left alone; else it gets
 *   a new period if its deadline passed, joins the replenishment queue and the
 *   runqueue (or the depleted queue) and tickles.
 * Like rt.c, the replenishment queue is sorted with compare_unit_priority (level first),
 * not by deadline alone, and levels change without re-sorting: reproduced as it is.
 *
 * Deadline misses (rt.c counts none; xensim's figure). rt.c's design comment: "The UNIT
 * needs to finish its budget before its deadline in each period". A period counts as a
 * miss when, at its deadline (the replenishment timer reaching the vCPU), (1) the vCPU is
 * runnable — still on the replenishment queue, running or queued; (2) it has budget left
 * at priority_level 0, i.e. it was not given all its budget (below half a ns counts as
 * none: Xen's s_time_t is whole ns); and (3) it spent some time in that period queued in
 * the runqueue, so the unserved budget is the scheduler's doing and not a vCPU that woke
 * too late to use it. `periods` counts the deadlines met runnable (the denominator).
 * Figures per domain (domainFigures → `rtds: {…}`) and host (hostFigures), all additive:
 * periods, deadline_misses, unserved_budget_seconds (budget left at the misses),
 * budget_used_seconds (CPU charged at priority_level 0) and extratime_seconds (CPU at
 * level ≥ 1, or past the budget); budget_used + extratime = the vCPUs' CPU time.
 *
 * Simplifications, and why they are safe:
 * - rt_context_saved runs inside doSchedule, right after the choice: the core switches
 *   at once, so there is no window in which a descheduled vCPU is still on its way off
 *   the pCPU (RTDS_scheduled / RTDS_delayed_runq_add only bridge that window).
 * - One cpupool (all pCPUs), no soft affinity (rt.c ignores it anyway), no tasklets.
 * - Time is float ns: a budget left below half a ns counts as spent (Xen's is whole ns;
 *   without this a rounding crumb would be a 1 µs slice of its own).
 * - Xen 4.5–4.6 replenished by polling in rt_schedule (event-driven since 0709d59545,
 *   2016, Xen 4.7); the 4.17 timer is modelled for every release that has rtds.
 * - A budget above the period, or below RTDS_MIN_BUDGET / RTDS_MIN_PERIOD (10 µs), is
 *   refused by libxl/Xen (EINVAL): adjust leaves the vCPUs as they were; at creation the
 *   budget is cut to the period (libxl would fail the creation; the loader refuses the
 *   case when both are given).
 * - In 4.17 the domain-wide XEN_DOMCTL_SCHEDOP_putinfo ignores the extratime flag (only
 *   the per-vCPU call sets it); xensim applies a domain's `extratime` to all its vCPUs,
 *   as `xl sched-rtds -d D -v all -e 0|1` does.
 * Hot path: state in typed arrays by vcpu.index, queues as intrusive lists through
 * Int32Arrays; nothing is allocated per event (arrays grow only when vCPUs are created).
 */
import { grownTo } from './grow.js';
import type { SchedChange, SchedulerSpec } from '../params.js';
import type { Domain } from '../domain.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import { atLeast } from '../version.js';
import type { Vcpu } from '../vcpu.js';

const NS_PER_US = 1000;
export const RTDS_DEFAULT_PERIOD_NS = 10_000 * NS_PER_US;
export const RTDS_DEFAULT_BUDGET_NS = 4_000 * NS_PER_US;
/** RTDS_MIN_PERIOD and RTDS_MIN_BUDGET: 10 µs. */
export const RTDS_MIN_PERIOD_NS = 10 * NS_PER_US;
export const RTDS_MIN_BUDGET_NS = 10 * NS_PER_US;
/** UPDATE_LIMIT_SHIFT: past 1024 periods behind, rt_update_deadline multiplies instead of adding. */
const UPDATE_LIMIT_SHIFT = 10;
/** Budget below this is none (float ns; Xen counts whole ns). */
const BUDGET_EPSILON_NS = 0.5;

const NONE = -1;
/** Which queue a vCPU's q_elem is on. */
const Q_NONE = 0;
const Q_RUN = 1;
const Q_DEPLETED = 2;

const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;

export class RtdsScheduler implements Scheduler {
  readonly name = 'rtds';
  /** (Accepted for symmetry: rtds's timer events are its decisions; none is deferred.) */
  readonly lazy: boolean;
  /**
   * Whether the release has extratime (Xen ≥ 4.10, or no release named). rt_alloc_udata
   * then sets it on every vCPU unless a domain turns it off; before 4.10 there is no flag
   * and a domain's `extratime` has no effect.
   */
  readonly hasExtratime: boolean;

  // Per vCPU (by vcpu.index); grown when vCPUs are created.
  private cap = 0;
  private period: Float64Array = new Float64Array(0);
  private budget: Float64Array = new Float64Array(0);
  private curBudget: Float64Array = new Float64Array(0);
  private lastStart: Float64Array = new Float64Array(0);
  private curDeadline: Float64Array = new Float64Array(0);
  private level: Int32Array = new Int32Array(0);
  private extratime: Uint8Array = new Uint8Array(0);
  /** Parameters set (at creation, or by a sched-rtds before it). */
  private configured: Uint8Array = new Uint8Array(0);
  private depleted: Uint8Array = new Uint8Array(0);
  /** Q_NONE / Q_RUN / Q_DEPLETED, and the q_elem links. */
  private onQ: Uint8Array = new Uint8Array(0);
  private qNext: Int32Array = new Int32Array(0);
  private qPrev: Int32Array = new Int32Array(0);
  /** On the replenishment queue, and the replq_elem links. */
  private onReplq: Uint8Array = new Uint8Array(0);
  private rNext: Int32Array = new Int32Array(0);
  private rPrev: Int32Array = new Int32Array(0);
  /** Replenished in the current timer pass (tmp_replq), by order of replenishment. */
  private tmpReplq: Int32Array = new Int32Array(0);
  /** When it last entered the runqueue, and whether it waited there this period (for misses). */
  private queuedSince: Float64Array = new Float64Array(0);
  private waitedThisPeriod: Uint8Array = new Uint8Array(0);
  // Figures per vCPU.
  private periods: Float64Array = new Float64Array(0);
  private misses: Float64Array = new Float64Array(0);
  private unservedNs: Float64Array = new Float64Array(0);
  private budgetUsedNs: Float64Array = new Float64Array(0);
  private extraNs: Float64Array = new Float64Array(0);

  private runqHead = NONE;
  private runqTail = NONE;
  private depletedHead = NONE;
  private depletedTail = NONE;
  private replqHead = NONE;
  private replqTail = NONE;

  /** curr_on_cpu: the vCPU each pCPU runs (as last decided here), or NONE for idle. */
  private readonly curOn: Int32Array;
  /** prv->tickled: pCPUs kicked by runq_tickle that have not rescheduled yet. */
  private readonly tickled: Uint8Array;
  private readonly replTimer: number;
  private readonly evRepl: number;
  private replEvents = 0;
  /** Scratch sums for the figures: periods, misses, unserved, budget used, extra (ns). */
  private readonly figures = new Float64Array(5);

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    this.lazy = spec.bookkeeping === 'lazy';
    this.hasExtratime = spec.xen === undefined || atLeast(spec.xen, 4, 10);
    const n = host.pcpus.length;
    this.curOn = new Int32Array(n).fill(NONE);
    this.tickled = new Uint8Array(n);
    this.replTimer = host.sim.newTimer();
    this.evRepl = host.sim.register((_t, now) => this.onReplTimer(now));
  }

  // ---- the Scheduler interface ----

  insertVcpu(v: Vcpu, now: number): void {
    this.ensureCapacity(v.index + 1);
    const i = v.index;
    // rt_alloc_udata: defaults; then the domain's parameters (libxl at creation) —
    // unless a sched-rtds came first and set them already.
    if (!this.configured[i]) this.configure(i, v.domain);
    this.level[i] = 0;
    this.curDeadline[i] = 0;
    this.curBudget[i] = 0;
    this.lastStart[i] = 0;
    this.depleted[i] = 0;
    // rt_res_pick: the pCPU it has if its affinity allows it (the core placed it so).
    if (!v.affinity[v.pcpu]) v.pcpu = this.firstAllowedFrom(v, v.pcpu);
    // rt_unit_insert: now ≥ cur_deadline (0), so it gets its first period. It is not
    // runnable yet: the wake that follows queues it.
    this.updateDeadline(i, now);
  }

  removeVcpu(v: Vcpu): void {
    const i = v.index;
    if (this.onQ[i] !== Q_NONE) this.qRemove(i);
    if (this.onReplq[i]) this.replqRemove(i);
  }

  wake(v: Vcpu, now: number): void {
    const i = v.index;
    if (this.curOn[v.pcpu] === i) return;
    if (this.onQ[i] !== Q_NONE) return;
    // A deadline passed while it slept: a new period and a full budget.
    if (now >= this.curDeadline[i]) this.updateDeadline(i, now);
    this.replqInsert(i);
    this.runqInsert(i, now);
    this.runqTickle(i);
  }

  sleep(v: Vcpu, now: number): void {
    const i = v.index;
    if (this.curOn[v.pcpu] === i) {
      this.host.tickle(this.host.pcpus[v.pcpu]);
    } else if (this.onQ[i] !== Q_NONE) {
      this.qRemove(i, now);
      this.replqRemove(i);
    }
  }

  doSchedule(p: Pcpu, now: number): void {
    const cpu = p.id;
    this.tickled[cpu] = 0;
    const scurr = p.current;
    const cur = scurr === null ? NONE : scurr.index;
    if (cur !== NONE) this.burnBudget(cur, now);

    let snext = this.runqPick(cpu);
    // If the current vCPU has budget and strictly outranks the head, it stays.
    if (scurr !== null && scurr.runnable && this.curBudget[cur] > 0 && (snext === NONE || this.compare(cur, snext) > 0)) snext = cur;

    if (snext !== NONE) {
      this.lastStart[snext] = now;
      if (snext !== cur) this.qRemove(snext, now);
      // sched_set_res when it comes from another pCPU (the core would set it only after
      // the switch; the tickle below must already see it here).
      this.host.vcpus[snext].pcpu = cpu;
      p.next = this.host.vcpus[snext];
      p.nextSliceNs = this.curBudget[snext];
    } else {
      p.next = null;
      p.nextSliceNs = Infinity;
    }
    this.curOn[cpu] = snext;

    // rt_context_saved for the vCPU that left the pCPU.
    if (cur !== NONE && snext !== cur && !scurr!.offline) {
      if (scurr!.runnable) {
        this.runqInsert(cur, now);
        this.runqTickle(cur);
      } else if (this.onReplq[cur]) {
        this.replqRemove(cur);
      }
    }
  }

  adjust(d: Domain, change: SchedChange): void {
    if (d.vcpus.length === 0) return;
    this.ensureCapacity(d.vcpus[d.vcpus.length - 1].index + 1);
    for (const v of d.vcpus) if (!this.configured[v.index]) this.configure(v.index, d);
    const first = d.vcpus[0].index;
    const period = change.periodNs ?? this.period[first];
    const budget = change.budgetNs ?? this.budget[first];
    // XEN_DOMCTL_SCHEDOP_putvcpuinfo refuses these (EINVAL): nothing changes.
    if (period < RTDS_MIN_PERIOD_NS || budget < RTDS_MIN_BUDGET_NS || budget > period) return;
    for (const v of d.vcpus) {
      // New values apply from the next replenishment, as in Xen (cur_budget and
      // cur_deadline are not touched).
      this.period[v.index] = period;
      this.budget[v.index] = budget;
      if (change.extratime !== undefined) this.extratime[v.index] = this.hasExtratime && change.extratime ? 1 : 0;
    }
  }

  /** The row of `xl sched-rtds` (reports/sched-table.ts): the first vCPU's period and budget in µs, and extratime. */
  domainParams(d: Domain): Record<string, number | boolean> | undefined {
    if (d.vcpus.length === 0 || d.vcpus[0].index >= this.period.length) return undefined;
    const i = d.vcpus[0].index;
    return { period_us: this.period[i] / 1e3, budget_us: this.budget[i] / 1e3, extratime: this.extratime[i] !== 0 };
  }

  domainFigures(d: Domain, now: number): Record<string, unknown> | undefined {
    const f = this.figures;
    f.fill(0);
    for (const v of d.vcpus) this.addFigures(v.index, now);
    return { rtds: this.figureRecord() };
  }

  hostFigures(now: number): Record<string, unknown> | undefined {
    this.figures.fill(0);
    for (let i = 0; i < this.cap; i++) this.addFigures(i, now);
    return { ...this.figureRecord(), replenishment_timer_events: this.replEvents };
  }

  // ---- rt.c's pieces ----

  /** A vCPU's parameters from its domain's `sched:` (rt_alloc_udata's defaults otherwise). */
  private configure(i: number, d: Domain): void {
    const s = d.spec.sched;
    const period = s?.periodNs ?? RTDS_DEFAULT_PERIOD_NS;
    this.period[i] = period;
    this.budget[i] = Math.min(s?.budgetNs ?? RTDS_DEFAULT_BUDGET_NS, period);
    this.extratime[i] = this.hasExtratime && (s?.extratime ?? true) ? 1 : 0;
    this.configured[i] = 1;
  }

  /** compare_unit_priority: > 0 when a outranks b (lower level, then earlier deadline). */
  private compare(a: number, b: number): number {
    const prio = this.level[b] - this.level[a];
    if (prio === 0) return this.curDeadline[b] - this.curDeadline[a];
    return prio;
  }

  /** rt_update_deadline: the first deadline after now on the period grid, a full budget, level 0. */
  private updateDeadline(i: number, now: number): void {
    const period = this.period[i];
    let dl = this.curDeadline[i];
    if (dl + period * (1 << UPDATE_LIMIT_SHIFT) > now) {
      do dl += period; while (dl <= now);
    } else {
      dl += (Math.floor((now - dl) / period) + 1) * period;
    }
    this.curDeadline[i] = dl;
    this.lastStart[i] = now;
    this.curBudget[i] = this.budget[i];
    this.level[i] = 0;
    this.waitedThisPeriod[i] = 0;
    if (this.onQ[i] === Q_RUN) this.queuedSince[i] = now;
  }

  /** burn_budget: charges the time since last_start; extratime raises the level and refills. */
  private burnBudget(i: number, now: number): void {
    const delta = now - this.lastStart[i];
    this.lastStart[i] = now;
    if (delta <= 0) return;
    this.noteUse(i, delta);
    const left = this.curBudget[i] - delta;
    if (left > BUDGET_EPSILON_NS) {
      this.curBudget[i] = left;
    } else if (this.extratime[i]) {
      this.level[i]++;
      this.curBudget[i] = this.budget[i];
    } else {
      this.curBudget[i] = 0;
      this.depleted[i] = 1;
    }
  }

  /** Figures: `delta` of CPU, charged to the budget while at level 0 and within it, else extra. */
  private noteUse(i: number, delta: number): void {
    if (this.level[i] === 0) {
      const fromBudget = delta < this.curBudget[i] ? delta : this.curBudget[i];
      this.budgetUsedNs[i] += fromBudget;
      this.extraNs[i] += delta - fromBudget;
    } else {
      this.extraNs[i] += delta;
    }
  }

  /** runq_insert: with budget or extratime into the runqueue by priority, else the depleted queue. */
  private runqInsert(i: number, now: number): void {
    if (this.curBudget[i] > 0 || this.extratime[i]) {
      let at = this.runqHead;
      while (at !== NONE && !(this.compare(i, at) > 0)) at = this.qNext[at];
      this.linkBefore(i, at, Q_RUN);
      this.queuedSince[i] = now;
    } else {
      // list_add: at the head of the unordered depleted queue.
      this.linkBefore(i, this.depletedHead, Q_DEPLETED);
    }
  }

  /** q_remove (with `now`, notes time spent waiting in the runqueue this period). */
  private qRemove(i: number, now = -1): void {
    const q = this.onQ[i];
    if (q === Q_RUN && now > this.queuedSince[i]) this.waitedThisPeriod[i] = 1;
    const n = this.qNext[i];
    const pr = this.qPrev[i];
    if (pr !== NONE) this.qNext[pr] = n;
    else if (q === Q_RUN) this.runqHead = n;
    else this.depletedHead = n;
    if (n !== NONE) this.qPrev[n] = pr;
    else if (q === Q_RUN) this.runqTail = pr;
    else this.depletedTail = pr;
    this.qNext[i] = this.qPrev[i] = NONE;
    this.onQ[i] = Q_NONE;
  }

  private linkBefore(i: number, at: number, q: number): void {
    this.onQ[i] = q;
    this.qNext[i] = at;
    if (at === NONE) {
      const tail = q === Q_RUN ? this.runqTail : this.depletedTail;
      this.qPrev[i] = tail;
      if (tail !== NONE) this.qNext[tail] = i;
      else if (q === Q_RUN) this.runqHead = i;
      else this.depletedHead = i;
      if (q === Q_RUN) this.runqTail = i;
      else this.depletedTail = i;
    } else {
      const pr = this.qPrev[at];
      this.qPrev[i] = pr;
      if (pr !== NONE) this.qNext[pr] = i;
      else if (q === Q_RUN) this.runqHead = i;
      else this.depletedHead = i;
      this.qPrev[at] = i;
    }
  }

  /** runq_pick: the first runqueue vCPU whose hard affinity allows this pCPU. */
  private runqPick(cpu: number): number {
    const vcpus = this.host.vcpus;
    for (let at = this.runqHead; at !== NONE; at = this.qNext[at]) {
      if (vcpus[at].affinity[cpu]) return at;
    }
    return NONE;
  }

  /** deadline_replq_insert; re-arms the timer when it lands at the head (replq_insert). */
  private replqInsert(i: number): void {
    if (this.replqLink(i)) this.host.sim.setTimer(this.replTimer, this.curDeadline[i], this.evRepl, 0);
  }

  /** Inserts by compare_unit_priority (FIFO among equals); true if it is now the head. */
  private replqLink(i: number): boolean {
    let at = this.replqHead;
    while (at !== NONE && !(this.compare(i, at) > 0)) at = this.rNext[at];
    this.onReplq[i] = 1;
    this.rNext[i] = at;
    if (at === NONE) {
      this.rPrev[i] = this.replqTail;
      if (this.replqTail !== NONE) this.rNext[this.replqTail] = i;
      else this.replqHead = i;
      this.replqTail = i;
    } else {
      const pr = this.rPrev[at];
      this.rPrev[i] = pr;
      if (pr !== NONE) this.rNext[pr] = i;
      else this.replqHead = i;
      this.rPrev[at] = i;
    }
    return this.replqHead === i;
  }

  private replqUnlink(i: number): void {
    const n = this.rNext[i];
    const pr = this.rPrev[i];
    if (pr !== NONE) this.rNext[pr] = n;
    else this.replqHead = n;
    if (n !== NONE) this.rPrev[n] = pr;
    else this.replqTail = pr;
    this.rNext[i] = this.rPrev[i] = NONE;
    this.onReplq[i] = 0;
  }

  /** replq_remove: if it was the head, the timer follows the new head (or stops). */
  private replqRemove(i: number): void {
    const wasHead = this.replqHead === i;
    this.replqUnlink(i);
    if (!wasHead) return;
    if (this.replqHead !== NONE) this.host.sim.setTimer(this.replTimer, this.curDeadline[this.replqHead], this.evRepl, 0);
    else this.host.sim.cancelTimer(this.replTimer);
  }

  /** runq_tickle: an idle pCPU first (from the one it last ran on), else the lowest-priority one it outranks. */
  private runqTickle(i: number): void {
    const v = this.host.vcpus[i];
    const n = this.curOn.length;
    let latest = NONE;
    let latestCpu = NONE;
    for (let k = 0; k < n; k++) {
      const cpu = (v.pcpu + k) % n;
      if (!v.affinity[cpu] || this.tickled[cpu]) continue;
      const c = this.curOn[cpu];
      if (c === NONE) {
        this.kick(cpu);
        return;
      }
      if (latest === NONE || this.compare(c, latest) < 0) {
        latest = c;
        latestCpu = cpu;
      }
    }
    if (latest !== NONE && this.compare(latest, i) < 0) this.kick(latestCpu);
  }

  private kick(cpu: number): void {
    this.tickled[cpu] = 1;
    this.host.tickle(this.host.pcpus[cpu]);
  }

  /** repl_timer_handler: replenish every vCPU whose deadline has come, re-sort, tickle, re-arm. */
  private onReplTimer(now: number): void {
    this.replEvents++;
    const vcpus = this.host.vcpus;
    let nTmp = 0;
    while (this.replqHead !== NONE) {
      const i = this.replqHead;
      if (now < this.curDeadline[i]) break;
      this.replqUnlink(i);
      this.countPeriodEnd(i, now);
      this.updateDeadline(i, now);
      this.tmpReplq[nTmp++] = i;
      if (this.onQ[i] !== Q_NONE) {
        this.qRemove(i, now);
        this.runqInsert(i, now);
      }
    }
    // tmp_replq was built with list_add (at its head): walk it newest first.
    for (let k = nTmp - 1; k >= 0; k--) {
      const i = this.tmpReplq[k];
      if (this.curOn[vcpus[i].pcpu] === i && this.runqHead !== NONE) {
        const head = this.runqHead;
        if (this.compare(i, head) < 0) this.runqTickle(head);
      } else if (this.depleted[i]) {
        this.depleted[i] = 0;
        if (this.onQ[i] !== Q_NONE) this.runqTickle(i);
      }
      this.replqLink(i);
    }
    if (this.replqHead !== NONE) this.host.sim.setTimer(this.replTimer, this.curDeadline[this.replqHead], this.evRepl, 0);
  }

  /** Figures at a deadline reached runnable: a period, and a miss if budget was left unserved. */
  private countPeriodEnd(i: number, now: number): void {
    let left = this.curBudget[i];
    const running = this.curOn[this.host.vcpus[i].pcpu] === i;
    if (running) {
      // rt_update_deadline will drop the time run since last_start: count it here.
      const ran = now - this.lastStart[i];
      if (ran > 0) this.noteUse(i, ran);
      left -= ran;
    }
    const waited = this.waitedThisPeriod[i] === 1 || (this.onQ[i] === Q_RUN && now > this.queuedSince[i]);
    this.periods[i]++;
    if (this.level[i] === 0 && left > BUDGET_EPSILON_NS && waited) {
      this.misses[i]++;
      this.unservedNs[i] += left;
    }
  }

  /** Adds vCPU i's figures to `figures`, with the stint it is running now (not yet burnt). */
  private addFigures(i: number, now: number): void {
    if (i >= this.cap) return;
    const f = this.figures;
    f[0] += this.periods[i];
    f[1] += this.misses[i];
    f[2] += this.unservedNs[i];
    f[3] += this.budgetUsedNs[i];
    f[4] += this.extraNs[i];
    const v = this.host.vcpus[i];
    if (v.offline || this.curOn[v.pcpu] !== i) return;
    const ran = now - this.lastStart[i];
    if (ran <= 0) return;
    const fromBudget = this.level[i] === 0 ? Math.min(ran, this.curBudget[i]) : 0;
    f[3] += fromBudget;
    f[4] += ran - fromBudget;
  }

  private figureRecord(): Record<string, number> {
    const f = this.figures;
    return {
      periods: f[0],
      deadline_misses: f[1],
      unserved_budget_seconds: round9(f[2] / 1e9),
      budget_used_seconds: round9(f[3] / 1e9),
      extratime_seconds: round9(f[4] / 1e9),
    };
  }

  private firstAllowedFrom(v: Vcpu, from: number): number {
    const n = v.affinity.length;
    for (let k = 1; k <= n; k++) {
      const c = (from + k) % n;
      if (v.affinity[c]) return c;
    }
    return from;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.host.vcpus.length, 2 * this.cap);
    this.period = grownTo(this.period, cap);
    this.budget = grownTo(this.budget, cap);
    this.curBudget = grownTo(this.curBudget, cap);
    this.lastStart = grownTo(this.lastStart, cap);
    this.curDeadline = grownTo(this.curDeadline, cap);
    this.level = grownTo(this.level, cap, NONE).fill(0, this.cap);
    this.extratime = grownTo(this.extratime, cap);
    this.configured = grownTo(this.configured, cap);
    this.depleted = grownTo(this.depleted, cap);
    this.onQ = grownTo(this.onQ, cap);
    this.qNext = grownTo(this.qNext, cap, NONE);
    this.qPrev = grownTo(this.qPrev, cap, NONE);
    this.onReplq = grownTo(this.onReplq, cap);
    this.rNext = grownTo(this.rNext, cap, NONE);
    this.rPrev = grownTo(this.rPrev, cap, NONE);
    this.tmpReplq = grownTo(this.tmpReplq, cap, NONE);
    this.queuedSince = grownTo(this.queuedSince, cap);
    this.waitedThisPeriod = grownTo(this.waitedThisPeriod, cap);
    this.periods = grownTo(this.periods, cap);
    this.misses = grownTo(this.misses, cap);
    this.unservedNs = grownTo(this.unservedNs, cap);
    this.budgetUsedNs = grownTo(this.budgetUsedNs, cap);
    this.extraNs = grownTo(this.extraNs, cap);
    this.cap = cap;
  }
}

registerScheduler('rtds', (host, spec) => new RtdsScheduler(host, spec));
