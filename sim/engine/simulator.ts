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
 *
 * Same-instant events (`schedule(now, …)`: the model's softirqs and wake-ups, a third
 * or more of all events in a host model) skip the heap: they wait in a FIFO ring with
 * a sequence number from the heap's counter, and the run loop takes the ring's head
 * unless the heap holds an entry at this instant with an earlier sequence. The order
 * is exactly the heap's (time, sequence) order, so results are unchanged — only the
 * push and sift are saved (docs/performance.md).
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
  // The same-instant FIFO ring (capacity a power of two).
  private nowKind = new Int32Array(256);
  private nowTarget = new Int32Array(256);
  private nowSeq = new Float64Array(256);
  private nowHead = 0;
  private nowCount = 0;

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
    if (atNs > this.now) {
      this.queue.push(atNs, kind, target, -1, 0);
      return;
    }
    if (this.nowCount === this.nowKind.length) this.growNow();
    const i = (this.nowHead + this.nowCount++) & (this.nowKind.length - 1);
    this.nowKind[i] = kind;
    this.nowTarget[i] = target;
    this.nowSeq[i] = this.queue.takeSeq();
  }

  /** Events waiting to be dispatched, in the heap and at this instant. */
  get pending(): number {
    return this.queue.size + this.nowCount;
  }

  /** Dispatches the head of the same-instant ring (kept out of run() so its loop stays small). */
  private dispatchNow(handlers: Handler[]): void {
    const i = this.nowHead;
    this.nowHead = (i + 1) & (this.nowKind.length - 1);
    this.nowCount--;
    handlers[this.nowKind[i]](this.nowTarget[i], this.now);
  }

  private growNow(): void {
    const n = this.nowKind.length;
    const k = new Int32Array(2 * n);
    const t = new Int32Array(2 * n);
    const q = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      const i = (this.nowHead + j) & (n - 1);
      k[j] = this.nowKind[i];
      t[j] = this.nowTarget[i];
      q[j] = this.nowSeq[i];
    }
    this.nowKind = k;
    this.nowTarget = t;
    this.nowSeq = q;
    this.nowHead = 0;
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
    for (;;) {
      if (this.nowCount > 0 && (q.size === 0 || q.peekTime() > this.now || q.peekSeq() > this.nowSeq[this.nowHead])) {
        // The ring's head is the earliest event, at `now` (a run resumed with a horizon
        // already passed dispatches nothing).
        if (this.now > until) return 'horizon';
        this.dispatchNow(handlers);
      } else {
        if (q.size === 0) break;
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
      }
      const n = ++this.events;
      if (this.stopRequested) return 'stopped';
      if (n >= maxEvents) return 'max-events';
      if (check !== undefined && (n & mask) === 0 && check(this.now, n)) return 'stopped';
    }
    if (until !== Infinity && this.now < until) this.now = until;
    return 'empty';
  }
}
