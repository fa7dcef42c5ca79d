/**
 * The generic scheduling core, as Xen's xen/common/sched/core.c: who runs on which
 * pCPU, context switches, time slices, and the accounting of every vCPU's time
 * (running / runnable-waiting / blocked) and every pCPU's busy time. Policies plug in
 * behind the Scheduler interface (scheduler.ts); CPU work comes from a WorkSource
 * per vCPU (work.ts).
 *
 * Like Xen, a wake-up or a block does not switch vCPUs on the spot: it raises a
 * SCHEDULE_SOFTIRQ on the pCPU (deduplicated), and the switch happens when that runs:
 * right after the handler that raised it returns, before any other event, as Xen runs
 * pending softirqs on the way out of the interrupt or hypercall (Simulator.defer).
 * Hot path: no allocation per event; handlers are registered once and events carry
 * integer handles (pCPU or vCPU index).
 */
import type { Simulator } from '../engine/simulator.js';
import type { DomainSpec } from './params.js';
import type { CpuModel } from '../hw/cpu.js';
import { Domain } from './domain.js';
import { Pcpu } from './pcpu.js';
import type { Scheduler } from './scheduler.js';
import { AcctState, Vcpu } from './vcpu.js';
import type { WorkSource } from './work.js';

/** Shortest slice timer the core arms (guards against float time standing still). */
const MIN_SLICE_NS = 1000;

/** The source of a vCPU nobody gave work to: it has none (armBurst halts the vCPU). */
const IDLE_SOURCE: WorkSource = {
  next(): number {
    return 0;
  },
};

export class Host {
  readonly pcpus: Pcpu[] = [];
  readonly vcpus: Vcpu[] = [];
  readonly domains: Domain[] = [];
  /** Work source of each vCPU, by vcpu.index. */
  readonly sources: WorkSource[] = [];
  scheduler!: Scheduler;
  readonly ghz: number;
  /** vCPUs waiting in all runqueues together. */
  readonly queued = { n: 0 };

  /**
   * Set while the scheduler keeps bookkeeping off the clock ("quiet", credit.ts): every
   * entry point that reads or changes scheduling or vCPU accounting state first calls
   * quiet.leaveQuiet(now), which brings the deferred bookkeeping up to this instant.
   */
  quiet: { leaveQuiet(now: number): void; settleQuiet(now: number): void } | null = null;
  private readonly evSoftirq: number;
  private readonly evSliceEnd: number;
  private readonly evBurstDone: number;
  private readonly evCreate: number;
  private readonly evDestroy: number;

  constructor(readonly sim: Simulator, readonly cpu: CpuModel) {
    this.ghz = cpu.ghz;
    for (let i = 0; i < cpu.pcpus; i++) {
      const p = new Pcpu(i, this.queued);
      p.sliceTimer = sim.newTimer();
      p.burstTimer = sim.newTimer();
      p.tickTimer = sim.newTimer();
      this.pcpus.push(p);
    }
    this.evSoftirq = sim.register((pi, now) => this.onSoftirq(this.pcpus[pi], now));
    this.evSliceEnd = sim.register((pi, now) => this.onSoftirq(this.pcpus[pi], now));
    this.evBurstDone = sim.register((pi, now) => this.onBurstDone(this.pcpus[pi], now));
    this.evCreate = sim.register((di, now) => this.createDomain(this.domains[di], now));
    this.evDestroy = sim.register((di, now) => this.destroyDomain(this.domains[di], now));
  }

  setScheduler(s: Scheduler): void {
    this.scheduler = s;
  }

  /** Adds a domain (not yet created); ids follow the order of addition. */
  addDomain(spec: DomainSpec): Domain {
    const d = new Domain(this.domains.length, spec.name, spec);
    this.domains.push(d);
    for (let i = 0; i < spec.vcpus; i++) {
      const v = new Vcpu(this.vcpus.length, d, i, this.pcpus.length, spec.cpus);
      // Start where it may run, spreading vCPUs over the allowed pCPUs.
      const allowed: number[] = [];
      for (let p = 0; p < this.pcpus.length; p++) if (v.affinity[p]) allowed.push(p);
      v.pcpu = allowed[(d.id + i) % allowed.length];
      d.vcpus.push(v);
      this.vcpus.push(v);
      this.sources.push(IDLE_SOURCE);
    }
    return d;
  }

  setSource(v: Vcpu, source: WorkSource): void {
    this.sources[v.index] = source;
  }

  /** Schedules creation (and destruction) of a domain at its start (and stop) time. */
  scheduleLifetime(d: Domain): void {
    this.sim.schedule(d.spec.startNs, this.evCreate, d.id);
    if (d.spec.stopNs !== undefined) this.sim.schedule(d.spec.stopNs, this.evDestroy, d.id);
  }

  createDomain(d: Domain, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    if (d.failed !== undefined || d.createdAtNs >= 0) return;
    d.createdAtNs = now;
    for (const v of d.vcpus) {
      v.offline = false;
      v.acctState = AcctState.Blocked;
      v.acctSinceNs = now;
      v.blocked = true;
      this.scheduler.insertVcpu(v, now);
    }
    // A new domain boots: every vCPU is runnable at once.
    for (const v of d.vcpus) this.wake(v, now);
  }

  destroyDomain(d: Domain, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    if (d.createdAtNs < 0 || d.destroyedAtNs >= 0) return;
    d.destroyedAtNs = now;
    for (const v of d.vcpus) {
      if (v.runnable) this.scheduler.sleep(v, now);
      if (v.running) this.progress(v, now);
      v.setAcct(AcctState.Offline, now);
      v.offline = true;
      this.scheduler.removeVcpu(v, now);
      if (v.running) this.tickle(this.pcpus[v.pcpu]);
    }
  }

  // ---- state changes requested by work sources, devices, timeline ----

  /** The vCPU waits for something (timer, I/O, request). */
  block(v: Vcpu, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    if (v.blocked) return;
    const wasRunnable = v.runnable;
    v.blocked = true;
    if (wasRunnable) this.leaveRunnable(v, now);
  }

  /** What it waited for has happened. */
  wake(v: Vcpu, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    if (!v.blocked) return;
    v.blocked = false;
    if (v.runnable) this.enterRunnable(v, now, true);
  }

  pause(v: Vcpu, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    const wasRunnable = v.runnable;
    v.pauseCount++;
    if (wasRunnable) this.leaveRunnable(v, now);
  }

  unpause(v: Vcpu, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    if (v.pauseCount === 0) return;
    v.pauseCount--;
    if (v.runnable) this.enterRunnable(v, now, false);
  }

  private leaveRunnable(v: Vcpu, now: number): void {
    if (v.running) this.progress(v, now);
    v.setAcct(AcctState.Blocked, now);
    this.scheduler.sleep(v, now);
    if (v.running) this.tickle(this.pcpus[v.pcpu]);
  }

  private enterRunnable(v: Vcpu, now: number, isWake: boolean): void {
    if (isWake) v.wakeups++;
    if (v.running) {
      // Woken again before its pCPU got round to switching it out: it just goes on.
      v.setAcct(AcctState.Running, now);
      v.burstSinceNs = now;
      return;
    }
    v.setAcct(AcctState.Runnable, now);
    v.wokeAtNs = now;
    this.scheduler.wake(v, now);
  }

  /** Raises SCHEDULE_SOFTIRQ on a pCPU: it reschedules at this instant, once. */
  tickle(p: Pcpu): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(this.sim.now);
    if (p.softirqPending) return;
    p.softirqPending = true;
    this.sim.defer(this.evSoftirq, p.id);
  }

  // ---- the core's own events ----

  private onSoftirq(p: Pcpu, now: number): void {
    if (this.quiet !== null) this.quiet.leaveQuiet(now);
    p.softirqPending = false;
    const prev = p.current;
    if (prev !== null && prev.acctState === AcctState.Running) this.progress(prev, now);
    this.scheduler.doSchedule(p, now);
    const next = p.next;
    if (next !== prev) {
      if (prev !== null) this.stopRunning(p, prev, now);
      if (next !== null) this.startRunning(p, next, now);
    } else if (next !== null && this.sim.timerPendingAt(p.burstTimer) < 0) {
      // It keeps the pCPU but has no burst under way (it blocked and was woken again
      // at the same instant): ask its source for work.
      this.armBurst(p, next, now);
    }
    if (p.current !== null && p.nextSliceNs !== Infinity) {
      // A slice too short for float time at this instant would fire at `now` for ever.
      const end = now + p.nextSliceNs;
      this.sim.setTimer(p.sliceTimer, end > now ? end : now + MIN_SLICE_NS, this.evSliceEnd, p.id);
    } else {
      this.sim.cancelTimer(p.sliceTimer);
    }
  }

  /** Re-arms a slice end under the sequence number it would have had (credit.ts, leaving a quiet stretch). */
  armSliceEnd(p: Pcpu, at: number, seq: number): void {
    this.sim.setTimerSeq(p.sliceTimer, at, seq, this.evSliceEnd, p.id);
  }

  private startRunning(p: Pcpu, v: Vcpu, now: number): void {
    if (p.current === null) p.sinceNs = now;
    p.current = v;
    v.running = true;
    v.pcpu = p.id;
    v.runStartNs = now;
    v.burstSinceNs = now;
    v.contextSwitches++;
    v.setAcct(AcctState.Running, now);
    if (v.wokeAtNs >= 0) {
      v.wakeLatencySumNs += now - v.wokeAtNs;
      v.wakeLatencyCount++;
      v.wokeAtNs = -1;
    }
    this.armBurst(p, v, now);
  }

  private stopRunning(p: Pcpu, v: Vcpu, now: number): void {
    v.running = false;
    if (v.acctState === AcctState.Running) v.setAcct(AcctState.Runnable, now);
    this.sim.cancelTimer(p.burstTimer);
    p.current = null;
    p.busyNs += now - p.sinceNs;
    p.sinceNs = now;
  }

  /** Makes sure the running vCPU has CPU work and arms the timer for its end. */
  private armBurst(p: Pcpu, v: Vcpu, now: number): void {
    if (v.remainingCycles <= 0) {
      const cycles = this.sources[v.index].next(v, now);
      if (cycles <= 0 || !v.runnable) {
        // No work and still runnable (the idle workload returns 0 without blocking):
        // the guest halts, as an idle kernel does with SCHEDOP_block. Without this the
        // pCPU would reschedule the same vCPU at the same instant for ever.
        if (v.runnable) this.block(v, now);
        // It blocked (or was paused) without using the CPU: give the pCPU up.
        this.sim.cancelTimer(p.burstTimer);
        if (p.current === v) this.tickle(p);
        return;
      }
      v.remainingCycles = cycles;
    }
    this.sim.setTimer(p.burstTimer, now + v.remainingCycles / this.ghz, this.evBurstDone, p.id);
  }

  private onBurstDone(p: Pcpu, now: number): void {
    // A burst's end changes no scheduling state by itself: a quiet stretch is brought up
    // to date and goes on (a block or a wake-up the work source asks for ends it).
    if (this.quiet !== null) this.quiet.settleQuiet(now);
    const v = p.current;
    if (v === null) return;
    this.progress(v, now);
    v.remainingCycles = 0;
    this.armBurst(p, v, now);
  }

  /**
   * Takes away the rest of a vCPU's current burst (an interrupt arriving in the middle
   * of it): returns the cycles left, leaving it with none. If it is running, call
   * restartBurst(v, now) next, so its source is asked for work at once.
   */
  takeBurst(v: Vcpu, now: number): number {
    if (this.quiet !== null) this.quiet.settleQuiet(now);
    if (v.running && v.acctState === AcctState.Running) this.progress(v, now);
    const left = v.remainingCycles;
    v.remainingCycles = 0;
    return left;
  }

  restartBurst(v: Vcpu, now: number): void {
    if (this.quiet !== null) this.quiet.settleQuiet(now);
    if (!v.running) return;
    const p = this.pcpus[v.pcpu];
    if (p.current === v) this.armBurst(p, v, now);
  }

  /** Charges the running vCPU for the cycles executed since burstSinceNs. */
  progress(v: Vcpu, now: number): void {
    const dt = now - v.burstSinceNs;
    if (dt <= 0) return;
    const cycles = dt * this.ghz;
    v.remainingCycles = v.remainingCycles > cycles ? v.remainingCycles - cycles : 0;
    v.instructions += cycles * v.instructionsPerCycle;
    v.hypervisorNs += dt * v.hypervisorFraction;
    v.burstSinceNs = now;
  }

  /** Brings running vCPUs' accounting up to `now` (before reading statistics). */
  settle(now: number): void {
    // Reading statistics changes nothing: the quiet stretch goes on after it.
    if (this.quiet !== null) this.quiet.settleQuiet(now);
    for (const p of this.pcpus) {
      const v = p.current;
      if (v !== null && v.acctState === AcctState.Running) {
        this.progress(v, now);
        // Re-arm the burst timer from the settled remainder (same instant of completion).
        v.setAcct(AcctState.Running, now);
      }
      if (v !== null) {
        p.busyNs += now - p.sinceNs;
        p.sinceNs = now;
      }
    }
    for (const v of this.vcpus) if (v.acctState !== AcctState.Running) v.setAcct(v.acctState, now);
  }
}
