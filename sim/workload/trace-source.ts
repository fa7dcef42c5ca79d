/**
 * Replays a per-interval utilisation trace (PlanetLab, Bitbrains, xentop, CSV) as
 * CPU work. Each interval is cut into periods of `periodNs` (default 1 s, at most the
 * interval); at the start of each period every thread gets its share of the
 * interval's demand — utilisation × reference cores × reference GHz × period, in
 * instructions at the reference speed — computes it, does the interval's disk and
 * network traffic for the period (thread 0), then sleeps to the next period.
 * On a host as fast as the reference, a domain alone reproduces the trace's
 * utilisation in every interval; on a slower or busier host the work queues up
 * (periods run back to back until the backlog clears), as a real guest's would.
 *
 * `trace.startOffsetNs` (the workload's `offset`) starts the replay that far into the
 * trace: trace time zero is put at creation − offset, so the period grid stays the
 * trace's own; the period already under way at creation gets only the part of its
 * demand that falls after creation (its remaining fraction), then the grid goes on.
 *
 * Without an explicit offset, each guest gets its own phase within the period: an offset
 * of `phaseFraction` × period, drawn by the builder from the guest's own random stream
 * (the scenario seed and the domain's name), so guests created together do not all start
 * their periods on the same instants and burst together — real guests' activity is not
 * aligned to a common one-second grid. An explicit offset (also `offset: 0`) wins. The
 * phase costs no events: it moves the grid, and the first period is a partial one; it is
 * a whole number of ≈ 10 ms steps (TRACE_PHASE_STEP_NS), so bursts keep to the tick grid.
 */
import type { Vcpu } from '../xen/vcpu.js';
import type { VcpuHost, WorkSource } from '../xen/work.js';
import type { UtilTrace } from './ast.js';
import type { GuestServices } from './services.js';

export const DEFAULT_TRACE_PERIOD_NS = 1e9;
/**
 * Phases are whole steps of about 10 ms (100 per one-second period). 10 ms is the credit
 * tick, which runs on a global grid: a burst that starts off that grid spans one more tick
 * event than one that starts on it, so continuous phases cost a lone guest 2.3 % more
 * events (measured: 17,784 vs 17,369 over 400 s) while steps of the tick keep the count.
 */
export const TRACE_PHASE_STEP_NS = 10e6;

export class TraceSource implements WorkSource {
  readonly periodNs: number;
  private readonly periodsPerInterval: number;
  /** Next period each thread is to run. */
  private readonly period: Float64Array;
  /** 0: compute next; 1: I/O next; 2: sleep next. */
  private readonly phase: Uint8Array;
  private readonly timers: Int32Array;
  private readonly evWake: number;
  private startNs = 0;
  /** Trace time at creation: the explicit offset, else the guest's phase. */
  private readonly offsetNs: number;
  /** First period (from the offset) and the fraction of it left at creation. */
  private readonly firstPeriod: number;
  private readonly firstFraction: number;

  constructor(
    private readonly host: VcpuHost,
    private readonly trace: UtilTrace,
    private readonly threads: number,
    private readonly services: GuestServices,
    private readonly plainCpi: number,
    private readonly loop: boolean,
    periodNs = DEFAULT_TRACE_PERIOD_NS,
    /** Phase within the period, 0 ≤ f < 1, used when the trace has no explicit offset. */
    phaseFraction = 0,
  ) {
    this.periodsPerInterval = Math.max(1, Math.round(trace.intervalNs / Math.min(periodNs, trace.intervalNs)));
    this.periodNs = trace.intervalNs / this.periodsPerInterval;
    this.period = new Float64Array(threads);
    this.phase = new Uint8Array(threads);
    this.timers = new Int32Array(threads);
    for (let i = 0; i < threads; i++) this.timers[i] = host.sim.newTimer();
    this.evWake = host.sim.register((vi, now) => host.wake(host.vcpus[vi], now));
    const steps = Math.max(1, Math.round(this.periodNs / TRACE_PHASE_STEP_NS));
    const offset = trace.startOffsetNs ?? (Math.floor(phaseFraction * steps) * this.periodNs) / steps;
    this.offsetNs = offset;
    if (offset > 0) {
      this.firstPeriod = Math.floor(offset / this.periodNs);
      this.firstFraction = 1 - (offset - this.firstPeriod * this.periodNs) / this.periodNs;
      this.period.fill(this.firstPeriod);
    } else {
      this.firstPeriod = 0;
      this.firstFraction = 1;
    }
  }

  /** The domain's creation: trace time `offsetNs` (the workload's offset, else its phase). */
  start(nowNs: number): void {
    this.startNs = nowNs - this.offsetNs;
  }

  /** Interval index of a period, or −1 past the end of a non-looping trace. */
  private interval(period: number): number {
    const i = Math.floor(period / this.periodsPerInterval);
    const n = this.trace.cpu.length;
    if (i < n) return i;
    return this.loop ? i % n : -1;
  }

  next(v: Vcpu, now: number): number {
    const t = v.id;
    if (t >= this.threads || v.ioPending > 0 || now < v.waitUntilNs) {
      this.host.block(v, now);
      return 0;
    }
    const tr = this.trace;
    for (;;) {
      const k = this.period[t];
      const iv = this.interval(k);
      if (iv < 0) {
        this.host.block(v, now);
        return 0;
      }
      switch (this.phase[t]) {
        case 0: {
          this.phase[t] = 1;
          // Demand of this thread: its share of the interval's cores, at most one whole vCPU.
          let share = (tr.cpu[iv] * tr.refCores) / this.threads;
          if (share > 1) share = 1;
          let instructions = share * tr.refGhz * this.periodNs;
          // The period under way at creation (with an offset): only what is left of it.
          if (k === this.firstPeriod && this.firstFraction !== 1) instructions *= this.firstFraction;
          if (instructions > 0) {
            v.instructionsPerCycle = 1 / this.plainCpi;
            v.hypervisorFraction = 0;
            return instructions * this.plainCpi;
          }
          break;
        }
        case 1: {
          this.phase[t] = 2;
          if (t !== 0) break;
          const secs = this.periodNs / 1e9;
          if (tr.memMb !== undefined) this.services.setWorkingSet(v, tr.memMb[iv] * 1048576, now);
          if (tr.netTxBps !== undefined && tr.netTxBps[iv] > 0) this.services.netSend(v, tr.netTxBps[iv] * secs, now);
          const rd = tr.diskReadBps !== undefined ? tr.diskReadBps[iv] * secs : 0;
          const wr = tr.diskWriteBps !== undefined ? tr.diskWriteBps[iv] * secs : 0;
          // One request each way per period keeps the event count low; blkfront splits it.
          if (rd > 0 && this.services.blockIo(v, 0, rd, false, now)) {
            if (wr > 0) this.phase[t] = 3;
            return 0;
          }
          if (wr > 0 && this.services.blockIo(v, 0, wr, true, now)) return 0;
          break;
        }
        case 3: {
          this.phase[t] = 2;
          const wr = tr.diskWriteBps![iv] * (this.periodNs / 1e9);
          if (this.services.blockIo(v, 0, wr, true, now)) return 0;
          break;
        }
        default: {
          this.phase[t] = 0;
          const next = k + 1;
          this.period[t] = next;
          const at = this.startNs + next * this.periodNs;
          if (at > now) {
            v.waitUntilNs = at;
            this.host.block(v, now);
            this.host.sim.setTimer(this.timers[t], at, this.evWake, v.index);
            return 0;
          }
          // Behind schedule: go straight on with the next period.
        }
      }
    }
  }
}
