/**
 * The pending-event set: a 4-ary min-heap over struct-of-arrays, keyed on
 * (time, insertion sequence) so that events at the same instant come out first-in
 * first-out — determinism by construction, as SimPy's (time, priority, id) heap.
 *
 * Hot code on purpose: typed arrays, no object per event, capacity doubling when
 * full. A 4-ary heap halves the depth of a binary one and keeps a node's children
 * on one cache line; `npm run bench` (hold model) is the benchmark that justifies it.
 * Each entry carries an event kind, a target (an integer handle the model owns),
 * and a timer slot with its generation for lazy cancellation (see simulator.ts).
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private target: Int32Array;
  private timer: Int32Array;
  private gen: Int32Array;
  private nextSeq = 0;
  size = 0;

  /** Fields of the entry last removed by pop(): read them right after the call. */
  outTime = 0;
  outKind = 0;
  outTarget = 0;
  outTimer = -1;
  outGen = 0;

  constructor(initialCapacity = 1024) {
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

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  /** Insertion sequence of the earliest entry; +Infinity when empty. */
  peekSeq(): number {
    return this.size > 0 ? this.seq[0] : Infinity;
  }

  /**
   * Hands out the next insertion sequence number without queueing anything, for an
   * event kept outside the heap (the simulator's same-instant FIFO) that must still
   * order against the heap's entries.
   */
  takeSeq(): number {
    return this.nextSeq++;
  }

  push(time: number, kind: number, target: number, timer: number, gen: number): void {
    if (this.size === this.time.length) this.grow();
    const seq = this.nextSeq++;
    const times = this.time;
    const seqs = this.seq;
    // Sift up: move parents down until the hole is where the new entry belongs.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < seq)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    this.kind[i] = kind;
    this.target[i] = target;
    this.timer[i] = timer;
    this.gen[i] = gen;
  }

  /** Removes the earliest entry into the out* fields. Returns false when empty. */
  pop(): boolean {
    const n = this.size;
    if (n === 0) return false;
    this.outTime = this.time[0];
    this.outKind = this.kind[0];
    this.outTarget = this.target[0];
    this.outTimer = this.timer[0];
    this.outGen = this.gen[0];
    const last = n - 1;
    this.size = last;
    if (last === 0) return true;
    const times = this.time;
    const seqs = this.seq;
    const t = times[last];
    const s = seqs[last];
    // Sift the last entry down from the root.
    let i = 0;
    for (;;) {
      const c = (i << 2) + 1;
      if (c >= last) break;
      let m = c;
      let mt = times[c];
      let ms = seqs[c];
      const end = c + 4 < last ? c + 4 : last;
      for (let j = c + 1; j < end; j++) {
        const jt = times[j];
        if (jt < mt || (jt === mt && seqs[j] < ms)) {
          m = j;
          mt = jt;
          ms = seqs[j];
        }
      }
      if (t < mt || (t === mt && s < ms)) break;
      this.move(m, i);
      i = m;
    }
    this.move(last, i);
    return true;
  }

  clear(): void {
    this.size = 0;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.kind[to] = this.kind[from];
    this.target[to] = this.target[from];
    this.timer[to] = this.timer[from];
    this.gen[to] = this.gen[from];
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n); t.set(this.time); this.time = t;
    const s = new Float64Array(n); s.set(this.seq); this.seq = s;
    const k = new Int32Array(n); k.set(this.kind); this.kind = k;
    const g = new Int32Array(n); g.set(this.target); this.target = g;
    const tm = new Int32Array(n); tm.set(this.timer); this.timer = tm;
    const gn = new Int32Array(n); gn.set(this.gen); this.gen = gn;
  }
}
