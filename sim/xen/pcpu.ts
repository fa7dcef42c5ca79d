/** A physical CPU: what it runs, its runqueue, its timers and its busy/idle time. */
import { RunQueue, type QueuedCount } from './runqueue.js';
import type { Vcpu } from './vcpu.js';

export class Pcpu {
  current: Vcpu | null = null;
  readonly runq: RunQueue;
  /** A SCHEDULE_SOFTIRQ is pending (dedupes tickles at one instant). */
  softirqPending = false;
  /** Timer slots (engine timers) for the end of the time slice, the end of the current burst, the scheduler tick. */
  sliceTimer = -1;
  burstTimer = -1;
  tickTimer = -1;
  busyNs = 0;
  /** When it last changed between idle and busy. */
  sinceNs = 0;

  /** Scheduler's answer from doSchedule: what to run next and for how long (ns; Infinity = until it blocks). */
  next: Vcpu | null = null;
  nextSliceNs = Infinity;

  constructor(readonly id: number, queuedOnHost: QueuedCount = { n: 0 }) {
    this.runq = new RunQueue(queuedOnHost);
  }

  busyNsAt(nowNs: number): number {
    return this.current !== null ? this.busyNs + (nowNs - this.sinceNs) : this.busyNs;
  }
}
