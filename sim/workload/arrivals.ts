/**
 * Where a domain's requests come from: the processes that feed `recv` — Poisson,
 * diurnal (a rate that follows the day, by thinning), on/off, replay of recorded
 * instants, and closed-loop clients with think time. Arrived requests wait in a FIFO
 * (their arrival instants, in a growable Float64Array ring) until a thread takes one
 * with `recv`; a thread blocked in `recv` is woken by the next arrival.
 *
 * Network path: when the I/O model is on, an arrival first crosses the NIC, the
 * bridge and netback (Dom0) before it is delivered here (deliver()).
 */
import type { RandomStream } from '../engine/random.js';
import type { Arrivals } from './ast.js';
import type { Vcpu } from '../xen/vcpu.js';
import type { VcpuHost } from '../xen/work.js';
import { sampleOperand } from './sample.js';
import type { ThreadWaiter } from './services.js';

const DAY_NS = 86_400e9;

/** Something that takes an arrival before it reaches the guest (the network path). */
export interface ArrivalPath {
  /** Starts carrying a request that arrived from outside at `now`; calls process.deliver(arrivedAt, …) when it reaches the guest. */
  inbound(process: ArrivalProcess, arrivedAtNs: number, now: number): void;
}

export class ArrivalProcess {
  private ring = new Float64Array(64);
  private head = 0;
  private count = 0;
  /** vCPUs blocked in recv, FIFO. */
  private readonly waiting: Vcpu[] = [];
  /** Guest threads waiting in recv while their vCPUs run other threads, FIFO. */
  private readonly waitingThreads: number[] = [];
  private threadWaiter: ThreadWaiter | null = null;
  private readonly evArrive: number;
  private readonly timer: number;
  private onUntilNs = 0;
  private on = true;
  private replayIndex = 0;
  arrivals = 0;
  dropped = 0;
  path: ArrivalPath | null = null;

  constructor(
    private readonly host: VcpuHost,
    readonly spec: Arrivals,
    private readonly rng: RandomStream,
    readonly domainIndex: number,
  ) {
    this.evArrive = host.sim.register((_t, now) => this.onArrive(now));
    this.timer = host.sim.newTimer();
  }

  /** Starts the process at `now` (the domain's creation). */
  start(now: number): void {
    const s = this.spec;
    switch (s.kind) {
      case 'none':
        return;
      case 'closed':
        // Each client sends its first request after a think time; replies schedule the next.
        for (let i = 0; i < s.clients; i++) this.host.sim.schedule(now + sampleOperand(this.rng, s.thinkNs), this.evArrive, 0);
        return;
      case 'onoff':
        this.on = true;
        this.onUntilNs = now + this.rng.exponential(s.onNs);
        this.scheduleNext(now);
        return;
      default:
        this.scheduleNext(now);
    }
  }

  private scheduleNext(now: number): void {
    const s = this.spec;
    let t: number;
    switch (s.kind) {
      case 'poisson':
        if (s.ratePerSec <= 0) return;
        t = now + this.rng.exponential(1e9 / s.ratePerSec);
        break;
      case 'diurnal': {
        // Thinning (Lewis & Shedler): candidates at the peak rate, kept with probability rate(t)/peak.
        const peak = s.meanPerSec * (1 + Math.abs(s.amplitude));
        if (peak <= 0) return;
        t = now;
        for (;;) {
          t += this.rng.exponential(1e9 / peak);
          const phase = (2 * Math.PI * (t - s.peakHour * 3600e9)) / DAY_NS;
          const rate = s.meanPerSec * (1 + s.amplitude * Math.cos(phase));
          if (this.rng.uniform() * peak <= rate) break;
        }
        break;
      }
      case 'onoff': {
        if (s.ratePerSec <= 0) return;
        t = now + this.rng.exponential(1e9 / s.ratePerSec);
        // Skip over off periods: an arrival falling past the on period moves to the next one.
        while (t > this.onUntilNs) {
          const offEnd = this.onUntilNs + this.rng.exponential(s.offNs);
          const over = t - this.onUntilNs;
          this.onUntilNs = offEnd + this.rng.exponential(s.onNs);
          t = offEnd + over;
        }
        break;
      }
      case 'replay':
        if (this.replayIndex >= s.timesNs.length) return;
        t = s.timesNs[this.replayIndex++];
        break;
      default:
        return;
    }
    this.host.sim.setTimer(this.timer, t, this.evArrive, 0);
  }

  private onArrive(now: number): void {
    this.arrivals++;
    if (this.spec.kind !== 'closed') this.scheduleNext(now);
    if (this.path !== null) this.path.inbound(this, now, now);
    else this.deliver(now, now);
  }

  /** A request that arrived from outside at `arrivedAtNs` reaches the guest now. */
  deliver(arrivedAtNs: number, now: number): void {
    if (this.count === this.ring.length) {
      const bigger = new Float64Array(this.ring.length * 2);
      for (let i = 0; i < this.count; i++) bigger[i] = this.ring[(this.head + i) % this.ring.length];
      this.ring = bigger;
      this.head = 0;
    }
    this.ring[(this.head + this.count) % this.ring.length] = arrivedAtNs;
    this.count++;
    if (this.waiting.length > 0) this.host.wake(this.waiting.shift()!, now);
    else if (this.waitingThreads.length > 0) this.threadWaiter!.threadDone(this.waitingThreads.shift()!, now);
  }

  /** A thread takes the oldest request: its arrival instant, or −1 if none (then it waits). */
  take(v: Vcpu, now: number): number {
    if (this.count === 0) {
      if (this.waiting.indexOf(v) < 0) this.waiting.push(v);
      this.host.block(v, now);
      return -1;
    }
    const t = this.ring[this.head];
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return t;
  }

  /**
   * take() for a guest thread that shares its vCPU with others: without a request, the
   * thread (not the vCPU) waits, and `waiter` is told when one arrives.
   */
  takeFor(waiter: ThreadWaiter, thread: number): number {
    if (this.count === 0) {
      this.threadWaiter = waiter;
      this.waitingThreads.push(thread);
      return -1;
    }
    const t = this.ring[this.head];
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return t;
  }

  /** A response went out: a closed-loop client thinks, then sends again. */
  responded(now: number): void {
    const s = this.spec;
    if (s.kind === 'closed') this.host.sim.schedule(now + sampleOperand(this.rng, s.thinkNs), this.evArrive, 0);
  }

  get queued(): number {
    return this.count;
  }

  /** A vCPU that left (its domain migrated away): it no longer waits in recv here. */
  forget(v: Vcpu): void {
    const i = this.waiting.indexOf(v);
    if (i >= 0) this.waiting.splice(i, 1);
  }
}
