/**
 * The pending-event set while it holds under a hundred entries: one array sorted
 * by (time, sequence) from the latest entry down to the earliest, so a pop takes the
 * last element and an insert walks down from the earliest end. In a host model the
 * new entry is nearly always among the earliest few (greebo: the earliest of all in
 * 40 % of pushes, among the four earliest in 87 %), so an insert moves one or two
 * entries and a pop none: no branchy sift through a heap's levels.
 *
 * Same interface and order as the heap (event-heap.ts): event-queue.ts moves the
 * entries to the heap when the set grows past HEAP_FROM (96).
 */
import type { PoppedEntry } from './popped-entry.js';
import { grown } from './typed-arrays.js';

export class SortedEvents {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private target: Int32Array;
  private timer: Int32Array;
  private gen: Int32Array;
  size = 0;

  constructor(initialCapacity = 64) {
    const n = Math.max(4, initialCapacity);
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.kind = new Int32Array(n);
    this.target = new Int32Array(n);
    this.timer = new Int32Array(n);
    this.gen = new Int32Array(n);
  }

  get capacity(): number {
    return this.time.length;
  }

  peekTime(): number {
    return this.size > 0 ? this.time[this.size - 1] : Infinity;
  }

  peekSeq(): number {
    return this.size > 0 ? this.seq[this.size - 1] : Infinity;
  }

  push(time: number, seq: number, kind: number, target: number, timer: number, gen: number): void {
    if (this.size === this.time.length) this.grow();
    const times = this.time;
    const seqs = this.seq;
    const kinds = this.kind;
    const targets = this.target;
    const timers = this.timer;
    const gens = this.gen;
    // Earlier entries (smaller keys) move up one place until the new one's place is found.
    let i = this.size++;
    while (i > 0) {
      const j = i - 1;
      const t = times[j];
      if (t > time || (t === time && seqs[j] > seq)) break;
      times[i] = t;
      seqs[i] = seqs[j];
      kinds[i] = kinds[j];
      targets[i] = targets[j];
      timers[i] = timers[j];
      gens[i] = gens[j];
      i = j;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kind;
    targets[i] = target;
    timers[i] = timer;
    gens[i] = gen;
  }

  pop(out: PoppedEntry): boolean {
    if (this.size === 0) return false;
    const i = --this.size;
    out.outTime = this.time[i];
    out.outSeq = this.seq[i];
    out.outKind = this.kind[i];
    out.outTarget = this.target[i];
    out.outTimer = this.timer[i];
    out.outGen = this.gen[i];
    return true;
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const n = this.time.length * 2;
    this.time = grown(this.time, n);
    this.seq = grown(this.seq, n);
    this.kind = grown(this.kind, n);
    this.target = grown(this.target, n);
    this.timer = grown(this.timer, n);
    this.gen = grown(this.gen, n);
  }
}
