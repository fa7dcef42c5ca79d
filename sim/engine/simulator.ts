/**
 * The simulation kernel: a clock in nanoseconds (float64, Xen's s_time_t unit), the
 * pending-event set, and the run loop. It knows nothing of Xen.
 *
 * Vocabulary (as SimPy's): `now`, `schedule(at, kind, target)`, `run(until)`.
 * Handlers are registered once per event kind and called as handler(target, now):
 * an integer handle, no closure or object per event.
 *
 * Cancellation is lazy: the model allocates timer slots (`newTimer()`); arming a
 * timer (`setTimer`) or cancelling it bumps the slot's generation, and a popped
 * event whose generation is stale is dropped without being dispatched or counted.
 */
import { EventQueue } from './event-queue.js';

export type Handler = (target: number, now: number) => void;

export interface RunLimits {
  /** Stop before dispatching any event later than this (ns). The clock ends at it. */
  untilNs: number;
  /** Stop after this many dispatched events in all. */
  maxEvents?: number;
  /** Called every `checkEvery` events; returning true stops the run. */
  check?: (now: number, events: number) => boolean;
  /** Power of two minus one: check when (events & checkMask) === 0. Default 2^16 − 1. */
  checkMask?: number;
}

export type StopReason = 'horizon' | 'empty' | 'max-events' | 'stopped';

export class Simulator {
  now = 0;
  /** Events dispatched so far (stale, cancelled ones are not counted). */
  events = 0;
  readonly queue: EventQueue;
  private handlers: Handler[] = [];
  private timerGen = new Int32Array(64);
  private timerAt = new Float64Array(64);
  private timers = 0;
  private stopRequested = false;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Registers a handler; returns its event kind number. */
  register(handler: Handler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event that cannot be cancelled. */
  schedule(atNs: number, kind: number, target: number): void {
    this.queue.push(atNs < this.now ? this.now : atNs, kind, target, -1, 0);
  }

  /** A new cancellable timer slot. */
  newTimer(): number {
    if (this.timers === this.timerGen.length) {
      const g = new Int32Array(this.timers * 2); g.set(this.timerGen); this.timerGen = g;
      const a = new Float64Array(this.timers * 2); a.set(this.timerAt); this.timerAt = a;
    }
    this.timerAt[this.timers] = -1;
    return this.timers++;
  }

  /** Arms a timer slot, replacing whatever it had pending. */
  setTimer(timer: number, atNs: number, kind: number, target: number): void {
    const gen = (this.timerGen[timer] + 1) | 0;
    this.timerGen[timer] = gen;
    const at = atNs < this.now ? this.now : atNs;
    this.timerAt[timer] = at;
    this.queue.push(at, kind, target, timer, gen);
  }

  cancelTimer(timer: number): void {
    this.timerGen[timer] = (this.timerGen[timer] + 1) | 0;
    this.timerAt[timer] = -1;
  }

  /** When the timer fires, or -1 if it is not armed. */
  timerPendingAt(timer: number): number {
    return this.timerAt[timer];
  }

  /** Asks the run loop to stop after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  run(limits: RunLimits): StopReason {
    const q = this.queue;
    const handlers = this.handlers;
    const until = limits.untilNs;
    const maxEvents = limits.maxEvents ?? Infinity;
    const check = limits.check;
    const mask = limits.checkMask ?? 0xffff;
    this.stopRequested = false;
    while (q.size > 0) {
      if (q.peekTime() > until) {
        // Never backwards: a horizon already passed leaves the clock where it is.
        if (until > this.now) this.now = until;
        return 'horizon';
      }
      q.pop();
      const timer = q.outTimer;
      if (timer >= 0) {
        if (q.outGen !== this.timerGen[timer]) continue;
        this.timerAt[timer] = -1;
      }
      this.now = q.outTime;
      handlers[q.outKind](q.outTarget, q.outTime);
      const n = ++this.events;
      if (this.stopRequested) return 'stopped';
      if (n >= maxEvents) return 'max-events';
      if (check !== undefined && (n & mask) === 0 && check(this.now, n)) return 'stopped';
    }
    if (until !== Infinity && this.now < until) this.now = until;
    return 'empty';
  }
}
