/**
 * The pending-event set while it is large: a calendar queue (R. Brown, "Calendar
 * queues: a fast O(1) priority queue implementation for the simulation event set
 * problem", CACM 31(10), 1988; the scheduler of ns-2), over struct-of-arrays, ordered
 * exactly by (time, sequence) like the heap (event-heap.ts); the sequence numbers come
 * from the caller (event-queue.ts).
 *
 * Time is cut into "days" of `width` ns; day d lives in bucket d mod nbuckets, a
 * doubly linked list sorted by (time, sequence). The earliest entry is the head of the
 * first bucket, from the current day on, whose head falls on the day looked at. A day
 * is floor(time / width), a non-decreasing function of time, so that rule finds exactly
 * the (time, sequence) minimum whatever the width: the width decides only the cost.
 * The bucket count doubles and halves with the number of entries; the width is set at
 * each rebuild to three times the mean simulated time between pops since the last one
 * (Brown's rule of three mean gaps, measured on the pops, so a crowd of entries at one
 * instant does not shrink it), and a rebuild also happens when the list walks and empty
 * days per pop grow, so a change in the spread of event times is followed.
 *
 * Hot code: typed arrays, no object per entry; a rebuild allocates, amortised over at
 * least as many operations as there are entries. Figures: docs/performance.md.
 */
import type { PoppedEntry } from './popped-entry.js';
import { freeStack, grown } from './typed-arrays.js';

/** Entries sampled from the front to estimate the width. */
const WIDTH_SAMPLE = 25;
/** List steps plus empty days passed, per pop, above which the width is re-estimated. */
const MAX_WORK_PER_OP = 6;

export class CalendarQueue {
  // Entries (struct of arrays), linked in their bucket's sorted list through `next`.
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private target: Int32Array;
  private timer: Int32Array;
  private gen: Int32Array;
  private next: Int32Array;
  private prev: Int32Array;
  /** Free entries (a stack). */
  private freeList: Int32Array;
  private freeCount: number;

  // The calendar.
  private head: Int32Array;
  private tail: Int32Array;
  private mask: number;
  private width = 1;
  private inverseWidth = 1;
  /** No entry falls on an earlier day than this one. */
  private day = 0;
  /** The earliest entry, once found (-1: not known). */
  private min = -1;
  // Since the last rebuild: list steps and empty days passed, and pops.
  private work = 0;
  private ops = 0;
  /** Time of the last entry popped, and of the last one popped before the last rebuild. */
  private lastPopTime = 0;
  private rebuildPopTime = 0;

  size = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(4, initialCapacity);
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.kind = new Int32Array(n);
    this.target = new Int32Array(n);
    this.timer = new Int32Array(n);
    this.gen = new Int32Array(n);
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.freeList = freeStack(n, 0);
    this.freeCount = n;
    this.head = new Int32Array(2).fill(-1);
    this.tail = new Int32Array(2).fill(-1);
    this.mask = 1;
  }

  get capacity(): number {
    return this.time.length;
  }

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    if (this.size === 0) return Infinity;
    return this.time[this.min >= 0 ? this.min : this.findMin()];
  }

  /** Insertion sequence of the earliest entry; +Infinity when empty. */
  peekSeq(): number {
    if (this.size === 0) return Infinity;
    return this.seq[this.min >= 0 ? this.min : this.findMin()];
  }

  push(time: number, seq: number, kind: number, target: number, timer: number, gen: number): void {
    if (this.freeCount === 0) this.grow();
    const e = this.freeList[--this.freeCount];
    this.time[e] = time;
    this.seq[e] = seq;
    this.kind[e] = kind;
    this.target[e] = target;
    this.timer[e] = timer;
    this.gen[e] = gen;
    this.insert(e, time, seq);
    if (this.min >= 0 && (time < this.time[this.min] || (time === this.time[this.min] && seq < this.seq[this.min]))) this.min = e;
    if (++this.size > 2 * this.head.length) this.rebuild(this.head.length * 2);
  }

  /** Removes the earliest entry into out's fields. Returns false when empty. */
  pop(out: PoppedEntry): boolean {
    if (this.size === 0) return false;
    const e = this.min >= 0 ? this.min : this.findMin();
    const t = this.time[e];
    this.lastPopTime = t;
    // The minimum heads its bucket.
    const b = Math.floor(t * this.inverseWidth) & this.mask;
    const after = this.next[e];
    this.head[b] = after;
    if (after >= 0) this.prev[after] = -1;
    else this.tail[b] = -1;
    this.min = -1;
    out.outTime = t;
    out.outSeq = this.seq[e];
    out.outKind = this.kind[e];
    out.outTarget = this.target[e];
    out.outTimer = this.timer[e];
    out.outGen = this.gen[e];
    this.freeList[this.freeCount++] = e;
    const n = --this.size;
    if (++this.ops >= 1024 + n && this.work > MAX_WORK_PER_OP * this.ops) this.rebuild(this.head.length);
    else if (n < this.head.length >> 2 && this.head.length > 2) this.rebuild(this.head.length >> 1);
    return true;
  }

  clear(): void {
    this.size = 0;
    this.min = -1;
    this.head.fill(-1);
    this.tail.fill(-1);
    this.freeList = freeStack(this.time.length, 0);
    this.freeCount = this.time.length;
  }

  /**
   * Links entry e into its day's bucket, keeping the list sorted by (time, sequence).
   * The walk starts from the tail: a new entry has the largest sequence and mostly the
   * latest time of its bucket, so it usually goes last at once — even behind a crowd of
   * entries at one instant (every pCPU's tick), which a walk from the head would pass.
   */
  private insert(e: number, time: number, seq: number): void {
    const day = Math.floor(time * this.inverseWidth);
    if (day < this.day) this.day = day;
    const b = day & this.mask;
    const times = this.time;
    const seqs = this.seq;
    const prev = this.prev;
    let h = this.tail[b];
    let steps = 0;
    while (h >= 0 && (times[h] > time || (times[h] === time && seqs[h] > seq))) {
      h = prev[h];
      steps++;
    }
    // e goes after h (at the head if h < 0).
    prev[e] = h;
    if (h < 0) {
      const first = this.head[b];
      this.next[e] = first;
      this.head[b] = e;
      if (first >= 0) prev[first] = e;
      else this.tail[b] = e;
    } else {
      const after = this.next[h];
      this.next[e] = after;
      this.next[h] = e;
      if (after >= 0) prev[after] = e;
      else this.tail[b] = e;
    }
    this.work += steps;
  }

  /** Finds the earliest entry (the queue is not empty), moving the current day to it. */
  private findMin(): number {
    const times = this.time;
    const head = this.head;
    const mask = this.mask;
    const inv = this.inverseWidth;
    let day = this.day;
    const nb = head.length;
    for (let k = 0; k < nb; k++, day++) {
      const h = head[day & mask];
      if (h >= 0 && Math.floor(times[h] * inv) === day) {
        this.work += k;
        this.day = day;
        this.min = h;
        return h;
      }
    }
    // A whole year of empty days: look at every bucket's head.
    let best = -1;
    for (let b = 0; b < nb; b++) {
      const h = head[b];
      if (h >= 0 && (best < 0 || times[h] < times[best] || (times[h] === times[best] && this.seq[h] < this.seq[best]))) best = h;
    }
    this.work += 2 * nb;
    const bestDay = Math.floor(times[best] * inv);
    // An infinite time has no day to move to; every other entry is on a later day anyway.
    if (Number.isFinite(bestDay)) this.day = bestDay;
    this.min = best;
    return best;
  }

  /** Re-buckets every entry into `buckets` buckets with a width estimated afresh. */
  private rebuild(buckets: number): void {
    const entries = new Int32Array(this.size);
    let n = 0;
    for (let b = 0; b < this.head.length; b++) for (let h = this.head[b]; h >= 0; h = this.next[h]) entries[n++] = h;
    // Three mean gaps between events: from the pops since the last rebuild if there
    // were enough (robust to bursts at one instant), else from the entries' spread.
    const elapsed = this.lastPopTime - this.rebuildPopTime;
    const w = this.ops >= 64 && elapsed > 0 && Number.isFinite(elapsed) ? (3 * elapsed) / this.ops : this.estimateWidth(entries);
    // A day must be wide enough for the day count to move at the times in the queue
    // (below about 1e-12 of them, floor(time / width) passes 2^53 and stands still).
    const least = Math.abs(this.lastPopTime) * 1e-12;
    this.width = w > least ? w : least > 0 ? least : this.width;
    this.rebuildPopTime = this.lastPopTime;
    this.inverseWidth = 1 / this.width;
    this.head = new Int32Array(buckets).fill(-1);
    this.tail = new Int32Array(buckets).fill(-1);
    this.mask = buckets - 1;
    this.day = Infinity;
    // Entries come out of the old buckets in sorted runs; inserting in that order keeps
    // most list walks short.
    for (let i = 0; i < n; i++) this.insert(entries[i], this.time[entries[i]], this.seq[entries[i]]);
    if (this.day === Infinity) this.day = 0;
    this.min = -1;
    this.work = 0;
    this.ops = 0;
  }

  /**
   * Brown's estimate: the mean gap between the earliest entries, ignoring gaps more
   * than twice the first mean (a lone far-off event), times three.
   */
  private estimateWidth(entries: Int32Array): number {
    const finite: number[] = [];
    for (const e of entries) if (Number.isFinite(this.time[e])) finite.push(this.time[e]);
    if (finite.length < 2) return this.width;
    const times = Float64Array.from(finite).sort();
    const k = Math.min(times.length, WIDTH_SAMPLE);
    const first = times[0];
    const span = times[k - 1] - first;
    if (!(span > 0)) return this.width;
    const mean = span / (k - 1);
    let sum = 0;
    let gaps = 0;
    for (let i = 1; i < k; i++) {
      const g = times[i] - times[i - 1];
      if (g <= 2 * mean) {
        sum += g;
        gaps++;
      }
    }
    return 3 * (sum > 0 ? sum / gaps : mean);
  }

  private grow(): void {
    const old = this.time.length;
    const n = old * 2;
    this.time = grown(this.time, n);
    this.seq = grown(this.seq, n);
    this.kind = grown(this.kind, n);
    this.target = grown(this.target, n);
    this.timer = grown(this.timer, n);
    this.gen = grown(this.gen, n);
    this.next = grown(this.next, n);
    this.prev = grown(this.prev, n);
    // Every entry was in use: the new ones are all free.
    this.freeList = freeStack(n, old);
    this.freeCount = n - old;
  }
}
