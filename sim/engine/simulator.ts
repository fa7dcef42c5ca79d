/**
 * The simulation kernel: a clock in nanoseconds (float64, Xen's s_time_t unit), the
 * pending-event set, and the run loop. It knows nothing of Xen.
 *
 * Vocabulary (as SimPy's): `now`, `schedule(at, kind, target)`, `run(until)`.
 * Handlers are registered once per event kind and called as handler(target, now):
 * an integer handle, no closure or object per event.
 *
 * Timers: the model allocates timer slots (`newTimer()`) and arms (`setTimer`) or
 * cancels them; only a timer's last arming fires. An arming takes its sequence number
 * when it is made, so it orders exactly as an entry queued then — but it is queued
 * only if the slot has no entry in the queue at or before the new time. Otherwise the
 * slot's entry already queued stands in for it: when that entry comes out it is queued
 * again under the arming's time and sequence (or dropped if the timer was cancelled).
 * A slice timer pushed 30 ms on at every reschedule thus costs one queue entry, not
 * one per reschedule (stale entries were a third of greebo's pops and half the big
 * host's). An entry replaced by an earlier arming carries an old generation and is
 * dropped; dropped entries are neither dispatched nor counted.
 *
 * Deferred calls (`defer`: the model's softirqs, once a third to a half of all events)
 * are not events: they run as soon as the current handler returns.
 *
 * Same-instant events (`schedule(now, …)`: wake-ups and the like) skip the queue:
 * they wait in a FIFO ring with a sequence number from the queue's counter, and the
 * run loop takes the ring's head unless the queue holds an entry at this instant with
 * an earlier sequence. The order is exactly the queue's (time, sequence) order, so
 * results are unchanged — only the push and sift are saved (docs/performance.md).
 *
 * For bookkeeping the model keeps off the clock (credit.ts, `bookkeeping: lazy`): the
 * position of the event being dispatched (`now`, `curSeq`), timers re-armed under an
 * old sequence number (`setTimerSeq`), and while someone asks for it a log of the
 * recent dispatches (time, sequence, counter) to tell where in one instant a deferred
 * timer would have come.
 */
import { EventQueue } from './event-queue.js';
import { grown } from './typed-arrays.js';

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

/** Dispatches the log keeps (a power of two). */
const LOG_SIZE = 1 << 16;

export type StopReason = 'horizon' | 'empty' | 'max-events' | 'stopped';

export class Simulator {
  now = 0;
  /** Events dispatched so far (stale, cancelled ones are not counted). */
  events = 0;
  readonly queue: EventQueue;
  private handlers: Handler[] = [];
  // Per timer slot: the arming that will fire (time, -1 when disarmed; sequence, kind,
  // target) and the slot's entry in the queue (its time, -1 when none; generation).
  private timerAt = new Float64Array(64);
  private timerSeq = new Float64Array(64);
  private timerKind = new Int32Array(64);
  private timerTarget = new Int32Array(64);
  private queuedAt = new Float64Array(64);
  private queuedGen = new Int32Array(64);
  private timers = 0;
  private stopRequested = false;
  // The same-instant FIFO ring (capacity a power of two).
  private nowKind = new Int32Array(256);
  private nowTarget = new Int32Array(256);
  private nowSeq = new Float64Array(256);
  private nowHead = 0;
  private nowCount = 0;
  // Deferred calls: run when the current handler returns, before any other event.
  private deferKind = new Int32Array(64);
  private deferTarget = new Int32Array(64);
  private deferCount = 0;
  /** Bookkeeping the model ran without dispatching it (credit.ts: a quiet stretch's deferred timers). */
  offClock = 0;
  /**
   * Sequence number of the event being dispatched (its position is (now, curSeq));
   * +Infinity outside a run that reached its horizon (everything at `now` has run).
   */
  curSeq = Infinity;
  // Dispatch log, kept while someone needs it (logAcquire … logRelease): per dispatched
  // event its time, sequence and the counter's value when it began (the first sequence
  // number it could hand out), in a ring of the last LOG_SIZE dispatches; the hooks
  // (onLogTurn) are called every LOG_SIZE / 2 so that no user outlives its entries.
  private logging = false;
  private logTime = new Float64Array(0);
  private logSeq = new Float64Array(0);
  private logCtr = new Float64Array(0);
  /** Dispatches logged so far (the ring holds the last LOG_SIZE of them). */
  logN = 0;
  /** The first entry of the current logging period; users (logAcquire) holding it on. */
  private logStart = 0;
  private logUsers = 0;
  private readonly logTurnHooks: Array<(now: number) => void> = [];

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

  /**
   * Calls handler `kind` on `target` right after the current handler returns, before
   * any other event (as Xen runs pending softirqs on the way out of an interrupt).
   * Deferred calls are not events: they are not counted.
   */
  defer(kind: number, target: number): void {
    if (this.deferCount === this.deferKind.length) {
      this.deferKind = grown(this.deferKind, 2 * this.deferCount);
      this.deferTarget = grown(this.deferTarget, 2 * this.deferCount);
    }
    this.deferKind[this.deferCount] = kind;
    this.deferTarget[this.deferCount++] = target;
  }

  /** Runs the deferred calls in the order made, including those they make. */
  private runDeferred(handlers: Handler[]): void {
    for (let i = 0; i < this.deferCount; i++) handlers[this.deferKind[i]](this.deferTarget[i], this.now);
    this.deferCount = 0;
  }

  /** Events waiting to be dispatched, in the queue and at this instant. */
  get pending(): number {
    return this.queue.size + this.nowCount;
  }

  /** Dispatches the head of the same-instant ring (kept out of run() so its loop stays small). */
  private dispatchNow(handlers: Handler[]): void {
    const i = this.nowHead;
    this.nowHead = (i + 1) & (this.nowKind.length - 1);
    this.nowCount--;
    this.curSeq = this.nowSeq[i];
    if (this.logging) this.logDispatch(this.now, this.curSeq);
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
    if (this.timers === this.timerAt.length) {
      const n = this.timers * 2;
      this.timerAt = grown(this.timerAt, n);
      this.timerSeq = grown(this.timerSeq, n);
      this.timerKind = grown(this.timerKind, n);
      this.timerTarget = grown(this.timerTarget, n);
      this.queuedAt = grown(this.queuedAt, n);
      this.queuedGen = grown(this.queuedGen, n);
    }
    this.timerAt[this.timers] = -1;
    this.queuedAt[this.timers] = -1;
    return this.timers++;
  }

  /** Arms a timer slot, replacing whatever it had pending. */
  setTimer(timer: number, atNs: number, kind: number, target: number): void {
    const at = atNs < this.now ? this.now : atNs;
    const seq = this.queue.takeSeq();
    this.timerAt[timer] = at;
    this.timerSeq[timer] = seq;
    this.timerKind[timer] = kind;
    this.timerTarget[timer] = target;
    const queued = this.queuedAt[timer];
    // The slot's entry comes out no later than this arming: it will queue it then.
    if (queued >= 0 && queued <= at) return;
    this.enqueueTimer(timer, at, seq);
  }

  /** Queues the slot's arming, superseding any entry it had queued (a new generation). */
  private enqueueTimer(timer: number, at: number, seq: number): void {
    const gen = (this.queuedGen[timer] + 1) | 0;
    this.queuedGen[timer] = gen;
    this.queuedAt[timer] = at;
    this.queue.pushWithSeq(at, seq, this.timerKind[timer], this.timerTarget[timer], timer, gen);
  }

  cancelTimer(timer: number): void {
    this.timerAt[timer] = -1;
  }

  /** When the timer fires, or -1 if it is not armed. */
  timerPendingAt(timer: number): number {
    return this.timerAt[timer];
  }

  /**
   * Arms a timer under a sequence number handed out earlier (it orders as an arming
   * made then): for bookkeeping kept off the clock for a while (credit.ts, quiet
   * stretches) that must come back at the position it would have had.
   */
  setTimerSeq(timer: number, atNs: number, seq: number, kind: number, target: number): void {
    this.timerAt[timer] = atNs;
    this.timerSeq[timer] = seq;
    this.timerKind[timer] = kind;
    this.timerTarget[timer] = target;
    const queued = this.queuedAt[timer];
    // (An entry queued earlier stands in, as in setTimer: it is queued again under
    // this arming when it comes out.)
    if (queued >= 0 && queued <= atNs) return;
    this.enqueueTimer(timer, atNs, seq);
  }

  /** The sequence number of the timer's arming (meaningful while timerPendingAt ≥ 0). */
  timerSeqOf(timer: number): number {
    return this.timerSeq[timer];
  }

  /**
   * Whether an event is pending before position (at, seq) — in the queue or at this
   * instant. Conservative: a queued timer entry that will be re-queued later counts.
   */
  pendingBefore(at: number, seq: number): boolean {
    if (this.nowCount > 0 && (this.now < at || this.nowSeq[this.nowHead] < seq)) return true;
    const q = this.queue;
    if (q.size === 0) return false;
    const t = q.peekTime();
    return t < at || (t === at && q.peekSeq() < seq);
  }

  /**
   * The event being dispatched stands for one at (now, seq), a later position at this
   * instant with nothing pending between (pendingBefore): it takes that position.
   */
  reposition(seq: number): void {
    this.curSeq = seq;
    if (this.logging) this.logSeq[(this.logN - 1) & (LOG_SIZE - 1)] = seq;
  }

  /** The counter's next sequence number (every later arming gets this or more). */
  nextSeq(): number {
    return this.queue.peekNextSeq();
  }

  // ---- dispatch log ----

  /** Registers a hook called (at a dispatch's start) every LOG_SIZE / 2 dispatches logged. */
  onLogTurn(hook: (now: number) => void): void {
    if (this.logTime.length === 0) {
      this.logTime = new Float64Array(LOG_SIZE);
      this.logSeq = new Float64Array(LOG_SIZE);
      this.logCtr = new Float64Array(LOG_SIZE);
    }
    this.logTurnHooks.push(hook);
  }

  /**
   * Starts logging (if no one else has), from the event being dispatched: its entry's
   * counter is taken as −∞ (every number handed out before it counts as handed out
   * during it: it and everything earlier come before whatever is asked about).
   */
  logAcquire(): void {
    if (this.logUsers++ !== 0) return;
    this.logging = true;
    this.logStart = this.logN;
    const i = this.logN & (LOG_SIZE - 1);
    this.logTime[i] = this.now;
    this.logSeq[i] = this.curSeq;
    this.logCtr[i] = -Infinity;
    this.logN++;
  }

  logRelease(): void {
    if (--this.logUsers === 0) this.logging = false;
  }

  private logDispatch(at: number, seq: number): void {
    const i = this.logN & (LOG_SIZE - 1);
    this.logTime[i] = at;
    this.logSeq[i] = seq;
    this.logCtr[i] = this.queue.peekNextSeq();
    const n = ++this.logN;
    if (((n - this.logStart) & (LOG_SIZE / 2 - 1)) === 0) for (const h of this.logTurnHooks) h(at);
  }

  /** Oldest dispatch still in the log (absolute index). */
  logFirst(): number {
    return this.logN - this.logStart > LOG_SIZE ? this.logN - LOG_SIZE : this.logStart;
  }

  logTimeAt(i: number): number {
    return this.logTime[i & (LOG_SIZE - 1)];
  }

  logSeqAt(i: number): number {
    return this.logSeq[i & (LOG_SIZE - 1)];
  }

  logCtrAt(i: number): number {
    return this.logCtr[i & (LOG_SIZE - 1)];
  }

  /** First logged dispatch (absolute index) at or after time t; logN if none. */
  logFirstAtOrAfter(t: number): number {
    let lo = this.logFirst(), hi = this.logN;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.logTimeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First logged dispatch (absolute index) after time t; logN if none. */
  logFirstAfter(t: number): number {
    let lo = this.logFirst(), hi = this.logN;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.logTimeAt(mid) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The logged dispatch during which sequence number `seq` was handed out (the last
   * one whose counter began at or below it); -1 if it came before the oldest one kept.
   */
  logArmingOf(seq: number): number {
    let lo = this.logFirst(), hi = this.logN;
    if (lo === hi || this.logCtrAt(lo) > seq) return -1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.logCtrAt(mid) <= seq) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The event being dispatched is not counted in `events`: bookkeeping of the model's
   * own that a run with every timer queued would not have had (credit.ts: the timer
   * that ends a quiet stretch).
   */
  uncount(): void {
    this.events--;
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
    // Calls deferred outside a run (a test waking a vCPU directly) come first.
    if (this.deferCount !== 0) this.runDeferred(handlers);
    for (;;) {
      if (this.nowCount > 0 && (q.size === 0 || q.peekTime() > this.now || q.peekSeq() > this.nowSeq[this.nowHead])) {
        // The ring's head is the earliest event, at `now` (a run resumed with a horizon
        // already passed dispatches nothing).
        if (this.now > until) {
          this.curSeq = Infinity;
          return 'horizon';
        }
        this.dispatchNow(handlers);
      } else {
        if (q.size === 0) break;
        if (q.peekTime() > until) {
          // Never backwards: a horizon already passed leaves the clock where it is.
          if (until > this.now) this.now = until;
          this.curSeq = Infinity;
          return 'horizon';
        }
        q.pop();
        const timer = q.outTimer;
        if (timer >= 0) {
          // Superseded by an earlier arming's entry: drop.
          if (q.outGen !== this.queuedGen[timer]) continue;
          this.queuedAt[timer] = -1;
          const at = this.timerAt[timer];
          if (at < 0) continue; // cancelled
          if (at !== q.outTime || this.timerSeq[timer] !== q.outSeq) {
            // Re-armed for later since this entry was queued: queue the arming now.
            this.enqueueTimer(timer, at, this.timerSeq[timer]);
            continue;
          }
          this.timerAt[timer] = -1;
        }
        this.now = q.outTime;
        this.curSeq = q.outSeq;
        if (this.logging) this.logDispatch(q.outTime, q.outSeq);
        handlers[q.outKind](q.outTarget, q.outTime);
      }
      if (this.deferCount !== 0) this.runDeferred(handlers);
      const n = ++this.events;
      if (this.stopRequested) return 'stopped';
      if (n >= maxEvents) return 'max-events';
      if (check !== undefined && (n & mask) === 0 && check(this.now, n)) return 'stopped';
    }
    if (until !== Infinity && this.now < until) this.now = until;
    this.curSeq = Infinity;
    return 'empty';
  }
}
