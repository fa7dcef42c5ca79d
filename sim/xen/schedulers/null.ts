/**
 * Xen's null scheduler, following xen/common/sched/null.c of Xen 4.17 (RELEASE-4.17.0;
 * introduced in 4.9 as xen/common/sched_null.c, commit d671da3be3). Read with
 * `git show RELEASE-4.17.0:xen/common/sched/null.c`.
 *
 * The algorithm, as null.c has it: "always choose to run, on each pCPU, either nothing
 * (i.e., the pCPU stays idle) or always the same unit".
 * - Each vCPU is assigned to one pCPU (null_pcpu.unit) and is the only one that pCPU
 *   ever runs; no time slices (next_time = -1), no migration, no priorities.
 * - Placement at insertion (null_unit_insert → pick_res): the pCPU the vCPU already
 *   names if it is free and in its hard affinity; else the lowest-numbered free pCPU in
 *   its affinity (cpumask_first of cpus_free); else there is no room and it goes to the
 *   tail of the wait queue (prv->waitq), unassigned: it gets no CPU at all.
 * - When a pCPU is freed (null_unit_remove → unit_deassign: a domain destroyed), the
 *   wait queue is scanned from its head for the first vCPU whose hard affinity allows
 *   that pCPU; it is assigned there and the pCPU is tickled. A pCPU with no vCPU that
 *   reschedules scans the wait queue the same way (null_schedule).
 * - Waking (null_unit_wake): a vCPU running, or in the wait queue, is left alone; one
 *   assigned to its pCPU tickles it; one neither assigned nor waiting (coming back
 *   online) takes its old pCPU if free and allowed, else waits and tickles every free
 *   pCPU it may use.
 * - Scheduling (null_schedule): the assigned vCPU if it is runnable, else idle — a
 *   blocked vCPU leaves its pCPU idle; nobody else may use it.
 * Figures (domainFigures → `null: {…}`, hostFigures; additive): waitq_seconds, the time
 * the domain's vCPUs spent in the wait queue (unassigned, whether or not runnable), and
 * waitq_entries, how many times one joined it; the host adds assignments (unit_assign
 * calls) and waiting_vcpus (vCPUs still waiting at the end).
 *
 * Simplifications, and why they are safe:
 * - Hard affinity only: soft affinity (the BALANCE_SOFT_AFFINITY steps) is not modelled
 *   (xensim domains have none), so each two-step scan is its hard-affinity step.
 * - pick_res's last resort (no free pCPU: cpumask_any of the affinity, only to have
 *   something sane in v->processor) takes the vCPU's own pCPU if allowed, else the first
 *   allowed one: deterministic, and it changes nothing as the vCPU is not assigned.
 * - One cpupool, no pCPU hot-unplug or suspend (null_unit_migrate is never needed), no
 *   tasklets; the insert-time race (goto retry) cannot happen in one thread.
 * - Dom0's vCPUs are assigned pCPUs like any other (as in Xen: a null-scheduler host
 *   usually boots with dom0_max_vcpus small; a scenario sets `dom0: { vcpus }`).
 * Hot path: the wait queue is an intrusive FIFO through Int32Arrays by vcpu.index; a
 * schedule is an array read. Nothing is allocated per event.
 */
import { grownTo } from './grow.js';
import type { SchedulerSpec } from '../params.js';
import type { Domain } from '../domain.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import type { Vcpu } from '../vcpu.js';

const NONE = -1;

const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;

export class NullScheduler implements Scheduler {
  readonly name = 'null';
  /** (Accepted for symmetry: null has no bookkeeping to defer.) */
  readonly lazy: boolean;

  /** null_pcpu.unit: the vCPU assigned to each pCPU, or NONE (the pCPU is in cpus_free). */
  private readonly assigned: Int32Array;

  // Per vCPU (by vcpu.index); grown when vCPUs are created.
  private cap = 0;
  private inWaitq: Uint8Array = new Uint8Array(0);
  private wNext: Int32Array = new Int32Array(0);
  private wPrev: Int32Array = new Int32Array(0);
  private waitSince: Float64Array = new Float64Array(0);
  private waitNs: Float64Array = new Float64Array(0);
  private waitEntries: Float64Array = new Float64Array(0);
  private waitqHead = NONE;
  private waitqTail = NONE;
  private assignments = 0;

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    this.lazy = spec.bookkeeping === 'lazy';
    this.assigned = new Int32Array(host.pcpus.length).fill(NONE);
  }

  insertVcpu(v: Vcpu, now: number): void {
    this.ensureCapacity(v.index + 1);
    const cpu = this.pickRes(v);
    v.pcpu = cpu;
    if (this.assigned[cpu] === NONE) this.assign(v, cpu);
    else this.waitqAdd(v.index, now);
  }

  removeVcpu(v: Vcpu, now: number): void {
    const i = v.index;
    if (this.inWaitq[i]) this.waitqRemove(i, now);
    else if (this.assigned[v.pcpu] === i) this.deassign(v.pcpu, now);
  }

  wake(v: Vcpu, now: number): void {
    const i = v.index;
    const cpu = v.pcpu;
    if (this.host.pcpus[cpu].current === v) return;
    if (this.inWaitq[i]) return;
    if (this.assigned[cpu] === i) {
      this.host.tickle(this.host.pcpus[cpu]);
      return;
    }
    // Neither assigned nor waiting: coming back online.
    if (this.assigned[cpu] === NONE && v.affinity[cpu]) {
      this.assign(v, cpu);
      this.host.tickle(this.host.pcpus[cpu]);
      return;
    }
    this.waitqAdd(i, now);
    for (let c = 0; c < this.assigned.length; c++) {
      if (this.assigned[c] === NONE && v.affinity[c]) this.host.tickle(this.host.pcpus[c]);
    }
  }

  sleep(v: Vcpu, now: number): void {
    const i = v.index;
    const cpu = v.pcpu;
    let tickled = false;
    if (v.offline) {
      if (this.inWaitq[i]) this.waitqRemove(i, now);
      else if (this.assigned[cpu] === i) tickled = this.deassign(cpu, now);
    }
    if (!tickled && this.host.pcpus[cpu].current === v) this.host.tickle(this.host.pcpus[cpu]);
  }

  doSchedule(p: Pcpu, now: number): void {
    const cpu = p.id;
    let next = this.assigned[cpu];
    if (next === NONE) {
      // A free pCPU looks for someone waiting that may run here.
      const w = this.firstWaitingFor(cpu);
      if (w !== NONE) {
        this.waitqRemove(w, now);
        this.assign(this.host.vcpus[w], cpu);
        next = w;
      }
    }
    const v = next === NONE ? null : this.host.vcpus[next];
    p.next = v !== null && v.runnable ? v : null;
    p.nextSliceNs = Infinity;
  }

  domainFigures(d: Domain, now: number): Record<string, unknown> | undefined {
    let waitNs = 0, entries = 0;
    for (const v of d.vcpus) {
      waitNs += this.waitedNs(v.index, now);
      if (v.index < this.cap) entries += this.waitEntries[v.index];
    }
    return { null: { waitq_seconds: round9(waitNs / 1e9), waitq_entries: entries } };
  }

  hostFigures(now: number): Record<string, unknown> | undefined {
    let waitNs = 0, entries = 0, waiting = 0;
    for (let i = 0; i < this.cap; i++) {
      waitNs += this.waitedNs(i, now);
      entries += this.waitEntries[i];
      waiting += this.inWaitq[i];
    }
    return { waitq_seconds: round9(waitNs / 1e9), waitq_entries: entries, assignments: this.assignments, waiting_vcpus: waiting };
  }

  // ---- null.c's pieces ----

  /** pick_res (hard affinity): own pCPU if free or ours, else the first free allowed one, else own/first allowed. */
  private pickRes(v: Vcpu): number {
    const own = v.pcpu;
    const mine = this.assigned[own];
    if ((mine === NONE || mine === v.index) && v.affinity[own]) return own;
    for (let c = 0; c < this.assigned.length; c++) if (this.assigned[c] === NONE && v.affinity[c]) return c;
    if (v.affinity[own]) return own;
    for (let c = 0; c < v.affinity.length; c++) if (v.affinity[c]) return c;
    return own;
  }

  /** unit_assign. */
  private assign(v: Vcpu, cpu: number): void {
    this.assigned[cpu] = v.index;
    v.pcpu = cpu;
    this.assignments++;
  }

  /** unit_deassign: frees the pCPU and hands it to the first waiting vCPU allowed there; true if it tickled. */
  private deassign(cpu: number, now: number): boolean {
    this.assigned[cpu] = NONE;
    const w = this.firstWaitingFor(cpu);
    if (w === NONE) return false;
    this.waitqRemove(w, now);
    this.assign(this.host.vcpus[w], cpu);
    this.host.tickle(this.host.pcpus[cpu]);
    return true;
  }

  private firstWaitingFor(cpu: number): number {
    const vcpus = this.host.vcpus;
    for (let at = this.waitqHead; at !== NONE; at = this.wNext[at]) if (vcpus[at].affinity[cpu]) return at;
    return NONE;
  }

  /** list_add_tail to prv->waitq. */
  private waitqAdd(i: number, now: number): void {
    this.inWaitq[i] = 1;
    this.wNext[i] = NONE;
    this.wPrev[i] = this.waitqTail;
    if (this.waitqTail !== NONE) this.wNext[this.waitqTail] = i;
    else this.waitqHead = i;
    this.waitqTail = i;
    this.waitSince[i] = now;
    this.waitEntries[i]++;
  }

  private waitqRemove(i: number, now: number): void {
    const n = this.wNext[i];
    const pr = this.wPrev[i];
    if (pr !== NONE) this.wNext[pr] = n;
    else this.waitqHead = n;
    if (n !== NONE) this.wPrev[n] = pr;
    else this.waitqTail = pr;
    this.wNext[i] = this.wPrev[i] = NONE;
    this.inWaitq[i] = 0;
    this.waitNs[i] += now - this.waitSince[i];
  }

  /** Time in the wait queue so far, including a stay still going on. */
  private waitedNs(i: number, now: number): number {
    if (i >= this.cap) return 0;
    return this.inWaitq[i] ? this.waitNs[i] + (now - this.waitSince[i]) : this.waitNs[i];
  }

  private ensureCapacity(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.host.vcpus.length, 2 * this.cap);
    this.inWaitq = grownTo(this.inWaitq, cap);
    this.wNext = grownTo(this.wNext, cap, NONE);
    this.wPrev = grownTo(this.wPrev, cap, NONE);
    this.waitSince = grownTo(this.waitSince, cap);
    this.waitNs = grownTo(this.waitNs, cap);
    this.waitEntries = grownTo(this.waitEntries, cap);
    this.cap = cap;
  }
}

registerScheduler('null', (host, spec) => new NullScheduler(host, spec));
