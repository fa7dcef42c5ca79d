/**
 * Xen's Simple EDF scheduler (sEDF, Stephan Diestelhorst 2004), following
 * xen/common/sched_sedf.c of Xen 4.0.0 — the same algorithm as Xen 3.0.3–4.1; sEDF was
 * the default scheduler of Xen 3.0.0–3.0.2 and was removed in 4.6. Release differences
 * are switched by `xen:` (SchedulerSpec.xen):
 * - 3.0.0–3.0.2 (before 1d13b43fea, 2006-06-17): Dom0 has no extraweight, so its
 *   extratime score is its utilisation's (20 ms/15 ms → 1365, against 131072 for a
 *   default guest: Dom0 took nearly all slack), and a domain stays on the L0 penalty
 *   queue until its short-block loss is paid back; before 3.0.2 (23abfb62a5) `xm
 *   sched-sedf` had no period/slice bounds;
 * - 4.2+ (4da8a5edbd): Dom0 starts best-effort like every domain;
 * - no `xen:` or 3.0.3–4.1: Dom0 gets 15 ms every 20 ms and an extraweight of 1, and a
 *   domain leaves the penalty queue after one L0 quantum ("#if 0" in desched_extra_dom).
 *
 * The algorithm (per pCPU; vCPUs never move):
 * - Each vCPU has a period and a slice: it is guaranteed `slice` of CPU in every
 *   `period`. The runq holds vCPUs whose current period has begun and whose slice is
 *   not used up, sorted by absolute deadline (end of the period): earliest deadline
 *   first; the waitq holds those waiting for their next period, sorted by its start.
 *   A vCPU that used its slice gets deadline += period and waits; a runq vCPU that
 *   missed its deadline is moved to the next period boundary with a fresh slice
 *   (update_queues; counted as a deadline miss). A vCPU with slice 0 is never run in
 *   real-time mode and only cycles through the waitq.
 * - Defaults: a new guest is best-effort: period 100 ms (WEIGHT_PERIOD), slice 0,
 *   extratime on, extraweight 1; Dom0 gets period 20 ms, slice 15 ms (see above). The
 *   first wake sets the deadline to now + slice.
 * - When the runq is empty the time until the next period start is extratime: if at
 *   least EXTRA_QUANTUM (500 µs) is left, the head of the L0 (penalty) extraq, else of
 *   the L1 (utility) extraq, runs for one quantum; less than a quantum is left idle.
 *   L1 is a stride scheduler: after a quantum a vCPU's score is set to
 *   (period << 10) / slice (time-driven domains: the inverse of their utilisation) or
 *   2^17 / extraweight (weight-driven "extraweight" domains: 100 % utilisation = 128),
 *   the queue's scores are lowered by the score it had, and it is re-inserted in score
 *   order (extraq_add_sort_update). So slack is shared in proportion to slice/period
 *   among time-driven domains and to extraweight among best-effort ones (a default
 *   guest, 1/128 of a 100 %-domain, gets little next to a time-driven one).
 * - Waking (UNBLOCK = UNBLOCK_EXTRA_SUPPORT, the compiled choice): woken in its current
 *   period ("short block") a vCPU loses the rest of its slice (deadline += period) and is
 *   put on the L0 penalty extraq with score (period << 10) / (slice − cputime); woken
 *   after its deadline ("long block") it starts a new period now (deadline = now +
 *   period, unblock_long_cons_b). It preempts (should_switch) when its period begins
 *   before the running slice ends, or the pCPU is idle, or it wants L0 and the current
 *   vCPU runs L1 extratime (or L0 with a higher score); never a running EDF slice.
 * - The latency hint is stored and reported but has no effect: the compiled unblocking
 *   rule never reads it (the source's own HOWTO: "unused by the currently compiled
 *   version"), and the period doubling in desched_edf_dom never triggers.
 * - `xm sched-sedf` (adjust): fields not given keep their current values (xm reads them
 *   first); weight ≠ 0 with extratime and period 0 makes an extratime-only domain with
 *   that extraweight; weight ≠ 0 otherwise a "weight-driven" domain whose slice per
 *   100 ms is weight × (95 ms − Σ utilisation of the pCPU's time-driven vCPUs × 100 ms)
 *   / Σ weights (sedf_adjust_weights, recomputed for every domain at each adjust);
 *   weight 0 a time-driven domain (period, slice; extraweight 0). Bad values (period
 *   and weight 0; slice > period; 3.0.2+: period outside 10 µs–10 s, slice < 5 µs) are
 *   refused, leaving everything unchanged, as the hypercall's −EINVAL did. A domain's
 *   `sched:` block is applied the same way right after creation, as xm/libxl did.
 *   Domain.weight (credit's weight, 256 by default) is not sEDF's weight and is ignored.
 *
 * Simplifications, and why:
 * - Times are rounded to whole ns at each entry (Xen's s_time_t is an integer), so
 *   deadlines and slices compare exactly and a slice never ends a fraction of a ns
 *   early; integer divisions are floors, DIV_UP a ceiling, scores 32-bit ints.
 * - A vCPU that blocks and is woken again before its pCPU reschedules keeps running
 *   (the core's rule, host.ts); Xen's sedf_wake returns early for a vCPU still on its
 *   queue and its stale SEDF_ASLEEP would strand it off every queue.
 * - An idle pCPU with nothing queued does not re-run the scheduler every second (that
 *   pass changes nothing); one with a waiting vCPU is woken at its period start, as the
 *   idle vCPU's slice timer does in Xen.
 * - weight and extraweight are `short` in Xen (wrapping above 32767); here they do not wrap.
 * - No `xm vcpu-pin` moves at run time; 3.1–4.2 guests that stopped their periodic timer
 *   were moved to pCPU 0 by sedf_pick_cpu (fixed in e6a6fd6365); not modelled.
 * Hot path: state in typed arrays by vCPU index, queues are intrusive index lists.
 */
import type { SchedChange, SchedulerSpec } from '../params.js';
import type { Domain } from '../domain.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import type { Vcpu } from '../vcpu.js';
import { atLeast } from '../version.js';
import { grown, IndexLists } from './index-lists.js';
import { placeAtCreation } from './xen3-placement.js';

const NS_PER_US = 1000;
const NS_PER_MS = 1_000_000;

export const SEDF_EXTRA_QUANTUM_NS = 500 * NS_PER_US;
export const SEDF_WEIGHT_PERIOD_NS = 100 * NS_PER_MS;
export const SEDF_WEIGHT_SAFETY_NS = 5 * NS_PER_MS;
export const SEDF_PERIOD_MAX_NS = 10_000 * NS_PER_MS;
export const SEDF_PERIOD_MIN_NS = 10 * NS_PER_US;
export const SEDF_SLICE_MIN_NS = 5 * NS_PER_US;
/** Dom0's guaranteed share in Xen 3.0–4.1 ("Domain0 gets 75% guaranteed (15ms every 20ms)"). */
export const SEDF_DOM0_PERIOD_NS = 20 * NS_PER_MS;
export const SEDF_DOM0_SLICE_NS = 15 * NS_PER_MS;

// status bits (sched_sedf.c)
const EXTRA_AWARE = 1;
const EXTRA_RUN_PEN = 2;
const EXTRA_RUN_UTIL = 4;
const EXTRA_WANT_PEN_Q = 8;
const SEDF_ASLEEP = 16;
const EXTRA_PEN_Q = 0;
const EXTRA_UTIL_Q = 1;

/** What `xm sched-sedf` hands the hypervisor: every field, as xm fills the missing ones from the current values. */
interface SedfCmd {
  periodNs: number;
  sliceNs: number;
  latencyNs: number;
  extratime: boolean;
  weight: number;
}

export class SedfScheduler implements Scheduler {
  readonly name = 'sedf';
  /** Accepted for symmetry; sEDF's slice ends and period starts are all decisions. */
  readonly lazy: boolean;
  /** 3.0.0–3.0.2 rules (see the header). */
  readonly pre303: boolean;
  /** 3.0.2+ bounds on period and slice. */
  readonly bounded: boolean;
  /** 4.2+: Dom0 starts best-effort. */
  readonly dom0BestEffort: boolean;

  // Per vCPU (by vcpu.index).
  private period = new Float64Array(0);
  private slice = new Float64Array(0);
  private periodOrig = new Float64Array(0);
  private sliceOrig = new Float64Array(0);
  private latency = new Float64Array(0);
  private deadl = new Float64Array(0);
  private schedStart = new Float64Array(0);
  private cputime = new Float64Array(0);
  private blockAbs = new Float64Array(0);
  private shortBlockLost = new Float64Array(0);
  private status = new Int32Array(0);
  private weight = new Int32Array(0);
  private extraweight = new Int32Array(0);
  private score = [new Int32Array(0), new Int32Array(0)];
  private inserted = new Uint8Array(0);
  // Figures (additive).
  private extraNs = new Float64Array(0);
  private penaltyNs = new Float64Array(0);
  private deadlineMisses = new Float64Array(0);
  private shortBlocks = new Float64Array(0);
  private longBlocks = new Float64Array(0);

  /** runq of pCPU p is list 2p, its waitq 2p+1 (a vCPU is on at most one). */
  private readonly lists: IndexLists;
  /** extraq[0] (L0 penalty) and extraq[1] (L1 utility): list p of each is pCPU p's. */
  private readonly extraq: IndexLists[];
  /** Per pCPU: when the slice handed out by the last schedule ends (should_switch). */
  private readonly sliceExpires: Float64Array;
  /** Per pCPU: wakes an idle pCPU at the next period start (the idle vCPU's slice timer). */
  private readonly idleTimer: Int32Array;
  private readonly evIdle: number;

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    this.lazy = spec.bookkeeping === 'lazy';
    const v = spec.xen;
    this.pre303 = v !== undefined && !atLeast(v, 3, 0, 3);
    this.bounded = v === undefined || atLeast(v, 3, 0, 2);
    this.dom0BestEffort = v !== undefined && atLeast(v, 4, 2);
    const n = host.pcpus.length;
    this.lists = new IndexLists(2 * n, 0);
    this.extraq = [new IndexLists(n, 0), new IndexLists(n, 0)];
    this.sliceExpires = new Float64Array(n);
    this.idleTimer = new Int32Array(n);
    for (let i = 0; i < n; i++) this.idleTimer[i] = host.sim.newTimer();
    this.evIdle = host.sim.register((pi) => host.tickle(host.pcpus[pi]));
  }

  // ---- queues ----

  private runq(p: number): number {
    return 2 * p;
  }

  private waitq(p: number): number {
    return 2 * p + 1;
  }

  private periodBegin(i: number): number {
    return this.deadl[i] - this.period[i];
  }

  /** __add_to_waitqueue_sort: by period start, after equal ones. */
  private addToWaitq(i: number, p: number): void {
    const l = this.lists;
    const key = this.periodBegin(i);
    let cur = l.first(this.waitq(p));
    while (cur !== -1 && !(key < this.periodBegin(cur))) cur = l.after(cur);
    l.insertBefore(this.waitq(p), i, cur);
  }

  /** __add_to_runqueue_sort: by deadline, after equal ones. */
  private addToRunq(i: number, p: number): void {
    const l = this.lists;
    const key = this.deadl[i];
    let cur = l.first(this.runq(p));
    while (cur !== -1 && !(key < this.deadl[cur])) cur = l.after(cur);
    l.insertBefore(this.runq(p), i, cur);
  }

  /** extraq_add_sort_update: insert by score, lowering every other score by `sub`. */
  private extraqAddSortUpdate(i: number, q: number, p: number, sub: number): void {
    const l = this.extraq[q];
    const sc = this.score[q];
    let cur = l.first(p);
    while (cur !== -1) {
      sc[cur] -= sub;
      if (sc[i] < sc[cur]) break;
      cur = l.after(cur);
    }
    l.insertBefore(p, i, cur);
    if (cur !== -1 && sub !== 0) {
      for (let c = l.after(cur); c !== -1; c = l.after(c)) sc[c] -= sub;
    }
  }

  private extraqOn(i: number, q: number): boolean {
    return this.extraq[q].on(i);
  }

  private extraqDel(i: number, q: number): void {
    this.extraq[q].remove(i);
  }

  /** extraq_check: on L1 exactly when extratime-aware (or running extratime) and runnable. */
  private extraqCheck(i: number, p: number): void {
    const st = this.status[i];
    if (this.extraqOn(i, EXTRA_UTIL_Q)) {
      if (!(st & EXTRA_AWARE) && !(st & (EXTRA_RUN_PEN | EXTRA_RUN_UTIL))) this.extraqDel(i, EXTRA_UTIL_Q);
    } else if ((st & EXTRA_AWARE) && !(st & SEDF_ASLEEP)) {
      this.extraqAddSortUpdate(i, EXTRA_UTIL_Q, p, 0);
    }
  }

  // ---- Scheduler interface ----

  insertVcpu(v: Vcpu, nowNs: number): void {
    this.ensure(v.index + 1);
    placeAtCreation(this.host, v, 'xen3');
    const i = v.index;
    this.deadl[i] = 0;
    this.latency[i] = 0;
    this.status[i] = EXTRA_AWARE | SEDF_ASLEEP;
    this.weight[i] = 0;
    if (v.domain.isDom0 && !this.dom0BestEffort) {
      this.period[i] = SEDF_DOM0_PERIOD_NS;
      this.slice[i] = SEDF_DOM0_SLICE_NS;
      this.extraweight[i] = this.pre303 ? 0 : 1;
    } else {
      this.period[i] = SEDF_WEIGHT_PERIOD_NS;
      this.slice[i] = 0;
      this.extraweight[i] = 1;
    }
    this.periodOrig[i] = this.period[i];
    this.sliceOrig[i] = this.slice[i];
    this.cputime[i] = 0;
    this.schedStart[i] = 0;
    this.blockAbs[i] = 0;
    this.shortBlockLost[i] = 0;
    this.score[0][i] = 0;
    this.score[1][i] = 0;
    this.inserted[i] = 1;
    // The toolstack sets the config's sEDF parameters once every vCPU exists.
    const d = v.domain;
    if (v.id === d.vcpus.length - 1) {
      const s = d.spec.sched;
      if (s !== undefined && (s.periodNs !== undefined || s.sliceNs !== undefined || s.latencyNs !== undefined || s.extratime !== undefined)) {
        this.adjust(d, s, nowNs);
      }
    }
  }

  removeVcpu(v: Vcpu): void {
    const i = v.index;
    this.lists.remove(i);
    this.extraqDel(i, EXTRA_PEN_Q);
    this.extraqDel(i, EXTRA_UTIL_Q);
    this.inserted[i] = 0;
  }

  sleep(v: Vcpu): void {
    const i = v.index;
    this.status[i] |= SEDF_ASLEEP;
    // A running vCPU leaves its queues at the next schedule (the core tickles its pCPU).
    if (v.running) return;
    this.lists.remove(i);
    this.extraqDel(i, EXTRA_UTIL_Q);
    this.extraqDel(i, EXTRA_PEN_Q);
  }

  wake(v: Vcpu, nowNs: number): void {
    const now = Math.round(nowNs);
    const i = v.index;
    const p = v.pcpu;
    if (this.lists.on(i)) return;
    this.status[i] &= ~SEDF_ASLEEP;
    if (this.deadl[i] === 0) this.deadl[i] = now + this.slice[i];
    if (now < this.periodBegin(i)) {
      // Unblocking in extratime.
      if (this.status[i] & EXTRA_WANT_PEN_Q) this.extraqAddSortUpdate(i, EXTRA_PEN_Q, p, 0);
      this.extraqCheckAddUnblocked(i, p);
    } else if (now < this.deadl[i]) {
      this.shortBlocks[i]++;
      this.unblockShortExtraSupport(i, p);
      this.extraqCheckAddUnblocked(i, p);
    } else {
      this.longBlocks[i]++;
      // unblock_long_cons_b: the wake-up starts a new period.
      this.deadl[i] = now + this.period[i];
      this.cputime[i] = 0;
      this.extraqCheckAddUnblocked(i, p);
    }
    if (this.periodBegin(i) > now) this.addToWaitq(i, p); else this.addToRunq(i, p);
    const pc = this.host.pcpus[p];
    if (this.shouldSwitch(pc, i)) this.host.tickle(pc);
  }

  private extraqCheckAddUnblocked(i: number, p: number): void {
    // An extratime-aware vCPU joins L1 without changing any score. (Defensive: a vCPU
    // woken while still on L1 — it was never taken off — stays where it is.)
    if ((this.status[i] & EXTRA_AWARE) && !this.extraqOn(i, EXTRA_UTIL_Q)) this.extraqAddSortUpdate(i, EXTRA_UTIL_Q, p, 0);
  }

  /** unblock_short_extra_support: no more real time this period; the lost slice earns a place on L0. */
  private unblockShortExtraSupport(i: number, p: number): void {
    this.deadl[i] += this.period[i];
    if (this.blockAbs[i] !== 0) {
      let pen = this.slice[i] - this.cputime[i];
      if (pen < 0) pen = 0;
      this.shortBlockLost[i] = pen;
      if (pen !== 0) {
        this.score[EXTRA_PEN_Q][i] = Math.floor((this.period[i] * 1024) / pen);
        if (this.extraqOn(i, EXTRA_PEN_Q)) this.extraqDel(i, EXTRA_PEN_Q);
        else this.status[i] |= EXTRA_WANT_PEN_Q;
        this.extraqAddSortUpdate(i, EXTRA_PEN_Q, p, 0);
      }
    }
    this.cputime[i] = 0;
  }

  /** should_switch: may the woken vCPU i interrupt what pCPU pc runs? */
  private shouldSwitch(pc: Pcpu, i: number): boolean {
    if (this.periodBegin(i) < this.sliceExpires[pc.id]) return true;
    const cur = pc.current;
    if (cur === null || !this.inserted[cur.index]) return true;
    const c = cur.index;
    const st = this.status[c];
    if (st & EXTRA_RUN_PEN) {
      return (this.status[i] & EXTRA_WANT_PEN_Q) !== 0 && this.score[EXTRA_PEN_Q][i] < this.score[EXTRA_PEN_Q][c];
    }
    if (st & EXTRA_RUN_UTIL) return (this.status[i] & EXTRA_WANT_PEN_Q) !== 0;
    // Do not interrupt a running EDF domain.
    return false;
  }

  doSchedule(pc: Pcpu, nowNs: number): void {
    const now = Math.round(nowNs);
    const p = pc.id;
    this.host.sim.cancelTimer(this.idleTimer[p]);
    const cur = pc.current;
    if (cur !== null && this.inserted[cur.index]) {
      const i = cur.index;
      // The vCPU's state as of now (a vCPU woken again before this schedule goes on).
      if (cur.runnable) this.status[i] &= ~SEDF_ASLEEP;
      else this.status[i] |= SEDF_ASLEEP;
      if (this.status[i] & SEDF_ASLEEP) this.blockAbs[i] = now;
      if (this.status[i] & (EXTRA_RUN_PEN | EXTRA_RUN_UTIL)) this.deschedExtra(i, p, now);
      else this.deschedEdf(i, p, now);
    }
    this.updateQueues(p, now);

    const l = this.lists;
    const runHead = l.first(this.runq(p));
    const waitHead = l.first(this.waitq(p));
    let next = -1;
    let time: number;
    if (runHead !== -1) {
      next = runHead;
      const left = this.slice[runHead] - this.cputime[runHead];
      time = waitHead !== -1 ? Math.min(now + left, this.periodBegin(waitHead)) - now : left;
    } else if (waitHead !== -1) {
      // sedf_do_extra_schedule: slack until the next period start.
      const endXt = this.periodBegin(waitHead);
      time = endXt - now;
      if (endXt - now >= SEDF_EXTRA_QUANTUM_NS) {
        if (!this.extraq[EXTRA_PEN_Q].empty(p)) {
          next = this.extraq[EXTRA_PEN_Q].first(p);
          this.status[next] |= EXTRA_RUN_PEN;
          time = SEDF_EXTRA_QUANTUM_NS;
        } else if (!this.extraq[EXTRA_UTIL_Q].empty(p)) {
          next = this.extraq[EXTRA_UTIL_Q].first(p);
          this.status[next] |= EXTRA_RUN_UTIL;
          time = SEDF_EXTRA_QUANTUM_NS;
        }
      }
    } else {
      // Nothing runnable here: Xen's idle vCPU would re-run this in a second, to no effect.
      time = Infinity;
    }
    // "Ouch! We are seriously BEHIND schedule!"
    if (time < 0) time = SEDF_EXTRA_QUANTUM_NS;
    this.sliceExpires[p] = now + time;
    if (next === -1) {
      pc.next = null;
      pc.nextSliceNs = Infinity;
      if (time !== Infinity) this.host.sim.setTimer(this.idleTimer[p], now + time, this.evIdle, p);
      return;
    }
    this.schedStart[next] = now;
    pc.next = this.host.vcpus[next];
    pc.nextSliceNs = time;
  }

  /** desched_edf_dom: charge the real-time run; a used-up slice moves the deadline on. */
  private deschedEdf(i: number, p: number, now: number): void {
    this.cputime[i] += now - this.schedStart[i];
    const asleep = (this.status[i] & SEDF_ASLEEP) !== 0;
    if (this.cputime[i] < this.slice[i] && !asleep) return;
    this.lists.remove(i);
    if (this.cputime[i] >= this.slice[i]) {
      this.cputime[i] -= this.slice[i];
      if (this.period[i] < this.periodOrig[i]) {
        // Latency scaling: never entered by the compiled unblocking rule (kept as the source has it).
        this.period[i] *= 2;
        this.slice[i] *= 2;
        if (this.period[i] > this.periodOrig[i] || this.slice[i] > this.sliceOrig[i]) {
          this.period[i] = this.periodOrig[i];
          this.slice[i] = this.sliceOrig[i];
        }
      }
      this.deadl[i] += this.period[i];
    }
    if (!asleep) {
      this.addToWaitq(i, p);
    } else {
      this.extraqDel(i, EXTRA_PEN_Q);
      this.extraqDel(i, EXTRA_UTIL_Q);
    }
  }

  /** desched_extra_dom: end of an extratime quantum; re-queue by the new score. */
  private deschedExtra(i: number, p: number, now: number): void {
    const q = this.status[i] & EXTRA_RUN_PEN ? EXTRA_PEN_Q : EXTRA_UTIL_Q;
    this.status[i] &= ~(EXTRA_RUN_PEN | EXTRA_RUN_UTIL);
    this.cputime[i] = 0;
    const ran = now - this.schedStart[i];
    this.extraNs[i] += ran;
    this.extraqDel(i, q);
    let oldscore = this.score[q][i];
    if (q === EXTRA_PEN_Q) {
      this.penaltyNs[i] += ran;
      this.shortBlockLost[i] -= ran;
      if (!this.pre303 || this.shortBlockLost[i] <= 0) {
        // Compensated (3.0.0–3.0.2), or always after one quantum (3.0.3+: KAF's "#if 0").
        this.shortBlockLost[i] = 0;
        this.status[i] &= ~EXTRA_WANT_PEN_Q;
      } else {
        this.score[EXTRA_PEN_Q][i] = Math.floor((this.period[i] * 1024) / this.shortBlockLost[i]);
        oldscore = 0;
      }
    } else if (this.extraweight[i] === 0) {
      // 10-bit fixed point inverse utilisation.
      this.score[EXTRA_UTIL_Q][i] = Math.floor((this.period[i] * 1024) / this.slice[i]);
    } else {
      // Full (100 %) utilisation is worth an extraweight of 128.
      this.score[EXTRA_UTIL_Q][i] = Math.floor((1 << 17) / this.extraweight[i]);
    }
    const st = this.status[i];
    if (!(st & SEDF_ASLEEP)) {
      if ((q === EXTRA_UTIL_Q && (st & EXTRA_AWARE)) || (q === EXTRA_PEN_Q && (st & EXTRA_WANT_PEN_Q))) {
        this.extraqAddSortUpdate(i, q, p, oldscore);
      }
    } else {
      this.lists.remove(i);
      this.extraqDel(i, q === EXTRA_PEN_Q ? EXTRA_UTIL_Q : EXTRA_PEN_Q);
    }
  }

  /** update_queues: release waitq vCPUs whose period began; fix runq ones that cannot run. */
  private updateQueues(p: number, now: number): void {
    const l = this.lists;
    const wq = this.waitq(p);
    const rq = this.runq(p);
    for (let cur = l.first(wq); cur !== -1;) {
      const nxt = l.after(cur);
      if (this.periodBegin(cur) > now) break;
      l.remove(cur);
      this.addToRunq(cur, p);
      cur = nxt;
    }
    for (let cur = l.first(rq); cur !== -1;) {
      const nxt = l.after(cur);
      const period = this.period[cur];
      if (this.slice[cur] === 0) {
        // Zero-slice (best-effort) vCPUs only move on to their next period.
        l.remove(cur);
        this.deadl[cur] += period;
        const pb = this.periodBegin(cur);
        if (pb < now) this.deadl[cur] += Math.ceil((now - pb) / period) * period;
        this.addToWaitq(cur, p);
      } else if (this.deadl[cur] < now || this.cputime[cur] > this.slice[cur]) {
        // Missed its deadline (or its slice shrank under it): next period, fresh slice.
        this.deadlineMisses[cur]++;
        l.remove(cur);
        this.deadl[cur] += period;
        if (this.deadl[cur] < now) this.deadl[cur] += Math.ceil((now - this.deadl[cur]) / period) * period;
        this.cputime[cur] = 0;
        if (this.periodBegin(cur) > now) this.addToWaitq(cur, p); else this.addToRunq(cur, p);
      } else {
        break;
      }
      cur = nxt;
    }
  }

  // ---- xm sched-sedf ----

  adjust(d: Domain, change: SchedChange, _nowNs?: number): void {
    if (d.vcpus.length === 0) return;
    const i0 = d.vcpus[0].index;
    if (!this.inserted[i0]) return;
    const cmd: SedfCmd = {
      periodNs: change.periodNs ?? this.period[i0],
      sliceNs: change.sliceNs ?? this.slice[i0],
      latencyNs: change.latencyNs ?? this.latency[i0],
      extratime: change.extratime ?? (this.status[i0] & EXTRA_AWARE) !== 0,
      weight: change.weight ?? this.weight[i0],
    };
    this.adjdom(d, cmd);
  }

  /** sedf_adjust (XEN_DOMCTL_SCHEDOP_putinfo); false = −EINVAL, nothing changed. */
  private adjdom(d: Domain, cmd: SedfCmd): boolean {
    const period = Math.round(cmd.periodNs);
    const slice = Math.round(cmd.sliceNs);
    if (period === 0 && cmd.weight === 0) return false;
    if (cmd.weight !== 0) {
      if (cmd.extratime && period === 0) {
        // Weight-driven domains with extratime only.
        for (const v of d.vcpus) {
          const i = v.index;
          this.extraweight[i] = cmd.weight;
          this.weight[i] = 0;
          this.slice[i] = 0;
          this.period[i] = SEDF_WEIGHT_PERIOD_NS;
        }
      } else {
        // Weight-driven domains with real-time execution.
        for (const v of d.vcpus) this.weight[v.index] = cmd.weight;
      }
    } else {
      if (slice > period) return false;
      if (this.bounded && (period > SEDF_PERIOD_MAX_NS || period < SEDF_PERIOD_MIN_NS || slice < SEDF_SLICE_MIN_NS)) return false;
      for (const v of d.vcpus) {
        const i = v.index;
        this.weight[i] = 0;
        this.extraweight[i] = 0;
        this.period[i] = this.periodOrig[i] = period;
        this.slice[i] = this.sliceOrig[i] = slice;
      }
    }
    this.adjustWeights();
    for (const v of d.vcpus) {
      const i = v.index;
      this.status[i] = (this.status[i] & ~EXTRA_AWARE) | (cmd.extratime ? EXTRA_AWARE : 0);
      this.latency[i] = Math.round(cmd.latencyNs);
      this.extraqCheck(i, v.pcpu);
    }
    return true;
  }

  /** sedf_adjust_weights: weight-driven vCPUs share what the time-driven ones leave of 95 ms per 100 ms, per pCPU. */
  private adjustWeights(): void {
    const n = this.host.pcpus.length;
    const sumw = new Float64Array(n);
    const sumt = new Float64Array(n);
    const vcpus = this.host.vcpus;
    for (const v of vcpus) {
      const i = v.index;
      if (i >= this.inserted.length || !this.inserted[i]) continue;
      if (this.weight[i] !== 0) sumw[v.pcpu] += this.weight[i];
      else sumt[v.pcpu] += Math.floor((SEDF_WEIGHT_PERIOD_NS * this.sliceOrig[i]) / this.periodOrig[i]);
    }
    for (const v of vcpus) {
      const i = v.index;
      if (i >= this.inserted.length || !this.inserted[i] || this.weight[i] === 0) continue;
      this.period[i] = this.periodOrig[i] = SEDF_WEIGHT_PERIOD_NS;
      this.slice[i] = this.sliceOrig[i] = Math.floor((this.weight[i] * (SEDF_WEIGHT_PERIOD_NS - SEDF_WEIGHT_SAFETY_NS - sumt[v.pcpu])) / sumw[v.pcpu]);
    }
  }

  // ---- figures ----

  domainFigures(d: Domain, nowNs: number): Record<string, unknown> | undefined {
    const now = Math.round(nowNs);
    let extra = 0;
    let pen = 0;
    let misses = 0;
    let sb = 0;
    let lb = 0;
    for (const v of d.vcpus) {
      const i = v.index;
      if (i >= this.inserted.length) continue;
      extra += this.extraNs[i];
      pen += this.penaltyNs[i];
      // An extratime quantum still running counts up to now.
      if (v.running && this.inserted[i] && (this.status[i] & (EXTRA_RUN_PEN | EXTRA_RUN_UTIL))) {
        extra += now - this.schedStart[i];
        if (this.status[i] & EXTRA_RUN_PEN) pen += now - this.schedStart[i];
      }
      misses += this.deadlineMisses[i];
      sb += this.shortBlocks[i];
      lb += this.longBlocks[i];
    }
    return {
      sedf: {
        extra_seconds: extra / 1e9,
        penalty_extra_seconds: pen / 1e9,
        deadline_misses: misses,
        short_blocks: sb,
        long_blocks: lb,
      },
    };
  }

  /** The row of `xm sched-sedf` (reports/sched-table.ts): period, slice and latency in ms, extratime, weight. */
  domainParams(d: Domain): Record<string, number | boolean> | undefined {
    if (d.vcpus.length === 0 || d.vcpus[0].index >= this.inserted.length) return undefined;
    const p = this.params(d);
    return { period_ms: p.periodNs / 1e6, slice_ms: p.sliceNs / 1e6, latency_ms: p.latencyNs / 1e6, extratime: p.extratime, weight: p.weight };
  }

  /** The parameters `xm sched-sedf` would print for the domain (period, slice, latency in ns). */
  params(d: Domain): { periodNs: number; sliceNs: number; latencyNs: number; extratime: boolean; weight: number; extraweight: number } {
    const i = d.vcpus[0].index;
    return {
      periodNs: this.period[i],
      sliceNs: this.slice[i],
      latencyNs: this.latency[i],
      extratime: (this.status[i] & EXTRA_AWARE) !== 0,
      weight: this.weight[i],
      extraweight: this.extraweight[i],
    };
  }

  /** Grows the per-vCPU tables (domain creation only). */
  private ensure(n: number): void {
    if (n <= this.inserted.length) return;
    const m = Math.max(n, this.host.vcpus.length);
    this.period = grown(this.period, m);
    this.slice = grown(this.slice, m);
    this.periodOrig = grown(this.periodOrig, m);
    this.sliceOrig = grown(this.sliceOrig, m);
    this.latency = grown(this.latency, m);
    this.deadl = grown(this.deadl, m);
    this.schedStart = grown(this.schedStart, m);
    this.cputime = grown(this.cputime, m);
    this.blockAbs = grown(this.blockAbs, m);
    this.shortBlockLost = grown(this.shortBlockLost, m);
    this.status = grown(this.status, m);
    this.weight = grown(this.weight, m);
    this.extraweight = grown(this.extraweight, m);
    this.score = [grown(this.score[0], m), grown(this.score[1], m)];
    this.inserted = grown(this.inserted, m);
    this.extraNs = grown(this.extraNs, m);
    this.penaltyNs = grown(this.penaltyNs, m);
    this.deadlineMisses = grown(this.deadlineMisses, m);
    this.shortBlocks = grown(this.shortBlocks, m);
    this.longBlocks = grown(this.longBlocks, m);
    const size = this.inserted.length;
    this.lists.grow(size);
    this.extraq[0].grow(size);
    this.extraq[1].grow(size);
  }
}

registerScheduler('sedf', (host, spec) => new SedfScheduler(host, spec));
