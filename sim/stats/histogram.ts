/**
 * A log-linear (HDR-style) histogram of non-negative values (ns): values below 2^7
 * are counted exactly, and every power-of-two range above is cut into 128 equal
 * sub-buckets, so a quantile is within 1/128 (< 0.8 %) of the true value while memory
 * stays constant (one Float64Array of 6,272 counts) however long the run. Count, sum,
 * min and max are kept exactly; record() allocates nothing.
 */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
const MAX_EXP = 53;
const BUCKETS = (MAX_EXP - SUB_BITS + 2) * SUB;

function bucketOf(v: number): number {
  if (v < SUB) return v < 0 ? 0 : Math.floor(v);
  const e = Math.min(MAX_EXP, Math.floor(Math.log2(v)));
  const width = 2 ** (e - SUB_BITS);
  const sub = Math.min(SUB - 1, Math.floor(v / width) - SUB);
  return (e - SUB_BITS + 1) * SUB + sub;
}

/** Lowest value a bucket holds, and its width. */
function bucketLow(i: number): number {
  if (i < SUB) return i;
  const e = Math.floor(i / SUB) - 1 + SUB_BITS;
  const sub = i % SUB;
  return (SUB + sub) * 2 ** (e - SUB_BITS);
}

function bucketWidth(i: number): number {
  if (i < SUB) return 1;
  const e = Math.floor(i / SUB) - 1 + SUB_BITS;
  return 2 ** (e - SUB_BITS);
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  record(v: number): void {
    this.counts[bucketOf(v)]++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The q-quantile (0–1): the middle of the bucket holding the rank, clamped to [min, max]. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const mid = i < SUB ? i : bucketLow(i) + bucketWidth(i) / 2;
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    if (this.count === 0) return;
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }
}
