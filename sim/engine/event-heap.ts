/**
 * The pending-event set while it is small: a 4-ary min-heap over struct-of-arrays,
 * keyed on (time, insertion sequence) so that events at the same instant come out
 * first-in first-out — determinism by construction, as SimPy's (time, priority, id)
 * heap. The sequence numbers come from the caller (event-queue.ts), so entries can move
 * between this heap and the calendar queue and keep their order.
 *
 * Hot code on purpose: typed arrays, no object per event, capacity doubling when
 * full. A 4-ary heap halves the depth of a binary one and keeps a node's children
 * on one cache line (the hold model chose it over a binary heap).
 * Each entry carries an event kind, a target (an integer handle the model owns),
 * and a timer slot with its generation for lazy cancellation (see simulator.ts).
 * The heap arrays hold only (time, sequence, payload slot), so a sift moves three
 * values, not six; the payload stays in its slot until the entry is popped.
 */
import type { PoppedEntry } from './popped-entry.js';
import { freeStack, grown } from './typed-arrays.js';

export class EventHeap {
  // The heap proper: time, sequence and a payload slot per entry; sifting moves these
  // three only. The payload (kind, target, timer, generation) stays put in its slot.
  private time: Float64Array;
  private seq: Float64Array;
  private slot: Int32Array;
  private kind: Int32Array;
  private target: Int32Array;
  private timer: Int32Array;
  private gen: Int32Array;
  /** Free payload slots (a stack). */
  private freeSlots: Int32Array;
  private freeCount: number;
  size = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(4, initialCapacity);
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.slot = new Int32Array(n);
    this.kind = new Int32Array(n);
    this.target = new Int32Array(n);
    this.timer = new Int32Array(n);
    this.gen = new Int32Array(n);
    this.freeSlots = freeStack(n, 0);
    this.freeCount = n;
  }

  get capacity(): number {
    return this.time.length;
  }

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  /** Insertion sequence of the earliest entry; +Infinity when empty. */
  peekSeq(): number {
    return this.size > 0 ? this.seq[0] : Infinity;
  }

  push(time: number, seq: number, kind: number, target: number, timer: number, gen: number): void {
    if (this.size === this.time.length) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    this.kind[slot] = kind;
    this.target[slot] = target;
    this.timer[slot] = timer;
    this.gen[slot] = gen;
    const times = this.time;
    const seqs = this.seq;
    const slots = this.slot;
    // Sift up: move parents down until the hole is where the new entry belongs.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      slots[i] = slots[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  /** Removes the earliest entry into out's fields. Returns false when empty. */
  pop(out: PoppedEntry): boolean {
    const n = this.size;
    if (n === 0) return false;
    const times = this.time;
    const seqs = this.seq;
    const slots = this.slot;
    const top = slots[0];
    out.outTime = times[0];
    out.outSeq = seqs[0];
    out.outKind = this.kind[top];
    out.outTarget = this.target[top];
    out.outTimer = this.timer[top];
    out.outGen = this.gen[top];
    this.freeSlots[this.freeCount++] = top;
    const last = n - 1;
    this.size = last;
    if (last === 0) return true;
    const t = times[last];
    const s = seqs[last];
    const sl = slots[last];
    // Sift the last entry down from the root.
    let i = 0;
    for (;;) {
      const c = (i << 2) + 1;
      if (c >= last) break;
      let m = c;
      let mt = times[c];
      const end = c + 4 < last ? c + 4 : last;
      for (let j = c + 1; j < end; j++) {
        const jt = times[j];
        // Sequences are read only on a tie of times, which is rare.
        if (jt < mt || (jt === mt && seqs[j] < seqs[m])) {
          m = j;
          mt = jt;
        }
      }
      if (t < mt || (t === mt && s < seqs[m])) break;
      times[i] = mt;
      seqs[i] = seqs[m];
      slots[i] = slots[m];
      i = m;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = sl;
    return true;
  }

  clear(): void {
    this.size = 0;
    this.freeSlots = freeStack(this.time.length, 0);
    this.freeCount = this.time.length;
  }

  private grow(): void {
    const old = this.time.length;
    const n = old * 2;
    this.time = grown(this.time, n);
    this.seq = grown(this.seq, n);
    this.slot = grown(this.slot, n);
    this.kind = grown(this.kind, n);
    this.target = grown(this.target, n);
    this.timer = grown(this.timer, n);
    this.gen = grown(this.gen, n);
    // Every slot was in use (the heap was full): the new ones are all free.
    this.freeSlots = freeStack(n, old);
    this.freeCount = n - old;
  }
}
