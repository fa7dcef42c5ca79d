/**
 * A log-linear (HDR-style) histogram of non-negative values (ns), so that latency
 * and response-time statistics keep constant memory however long the run (42 days of
 * requests cost the same 58 KiB as 42 ms).
 *
 * Layout: values below 2^SUB_BITS (128) get one bucket each (exact for integer ns);
 * every power-of-two range [2^e, 2^(e+1)) above is cut into 128 equal sub-buckets of
 * width 2^(e−7). A quantile is reported as the middle of its bucket, so for a value v
 * ≥ 128 the error is at most half a width, 2^(e−8) ≤ v/256: **relative error ≤ 0.4 %**
 * (comfortably inside the 1 % the design asks for); below 128 ns the error is < 1 ns.
 * Ranges go up to 2^64 ns (≈ 585 years); larger values land in the last bucket.
 *
 * count, sum (→ mean), min and max are kept exactly. The counts are a Float64Array
 * allocated once (Float64 rather than Uint32 so a bucket cannot overflow at 4·10^9);
 * record() allocates nothing. Hot path: the bucket straight from the float's bits.
 */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
const MAX_EXP = 63;
/** One linear block for [0, 128) plus one per power of two from 2^7 to 2^63. */
export const HISTOGRAM_BUCKETS = (MAX_EXP - SUB_BITS + 2) * SUB;
/** Worst-case relative error of a quantile for values ≥ 128 (half a sub-bucket). */
export const HISTOGRAM_RELATIVE_ERROR = 1 / (2 * SUB);

/** Scratch views of one float64, to read its exponent and top mantissa bits. */
const f64 = new Float64Array(1);
const hiWord = new Uint32Array(f64.buffer, 4, 1);
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('histogram.ts assumes a little-endian platform');

function bucketOf(v: number): number {
  if (!(v >= SUB)) return v > 0 ? Math.floor(v) : 0; // also maps NaN and negatives to 0
  // For v ≥ 128 the IEEE-754 exponent is e = floor(log2 v) exactly, and the top 7
  // mantissa bits are floor(v / 2^(e−7)) − 128: the sub-bucket. Reading the bits is
  // exact and several times faster than Math.log2 with 2 ** e corrections.
  f64[0] = v;
  const hi = hiWord[0];
  const e = (hi >>> 20) - 1023;
  if (e > MAX_EXP) return HISTOGRAM_BUCKETS - 1;
  return (e - SUB_BITS + 1) * SUB + ((hi >>> 13) & (SUB - 1));
}

/** The middle of bucket i (its representative value). */
function bucketMid(i: number): number {
  if (i < SUB) return i;
  const e = Math.floor(i / SUB) - 1 + SUB_BITS;
  const width = 2 ** (e - SUB_BITS);
  return (SUB + (i % SUB)) * width + width / 2;
}

export class Histogram {
  private readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  private n = 0;
  private total = 0;
  private lo = Infinity;
  private hi = 0;
  /** Lowest and highest bucket in use, so quantile() and merge() skip empty ranges. */
  private first = HISTOGRAM_BUCKETS;
  private last = -1;

  record(v: number): void {
    const b = bucketOf(v);
    this.counts[b]++;
    if (b < this.first) this.first = b;
    if (b > this.last) this.last = b;
    this.n++;
    this.total += v;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
  }

  get count(): number {
    return this.n;
  }

  get sum(): number {
    return this.total;
  }

  /** Exact mean of the recorded values (0 when empty). */
  get mean(): number {
    return this.n > 0 ? this.total / this.n : 0;
  }

  /** Exact smallest value recorded (0 when empty). */
  get min(): number {
    return this.n > 0 ? this.lo : 0;
  }

  /** Exact largest value recorded (0 when empty). */
  get max(): number {
    return this.hi;
  }

  /**
   * The q-quantile (0–1) in the nearest-rank sense: the value of rank ⌈q·n⌉ of the
   * sorted sample, to within HISTOGRAM_RELATIVE_ERROR. q ≤ 0 gives min, q ≥ 1 max
   * (both exact); 0 when empty.
   */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    if (q <= 0) return this.lo;
    if (q >= 1) return this.hi;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let i = this.first; i <= this.last; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const mid = bucketMid(i);
        // The true value lies in [min, max]; clamping only brings the answer closer.
        return mid < this.lo ? this.lo : mid > this.hi ? this.hi : mid;
      }
    }
    return this.hi;
  }

  /** Adds every value recorded in `other` (as if they had been recorded here). */
  merge(other: Histogram): void {
    if (other.n === 0) return;
    for (let i = other.first; i <= other.last; i++) this.counts[i] += other.counts[i];
    if (other.first < this.first) this.first = other.first;
    if (other.last > this.last) this.last = other.last;
    this.n += other.n;
    this.total += other.total;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  reset(): void {
    if (this.n === 0) return;
    this.counts.fill(0, this.first, this.last + 1);
    this.n = 0;
    this.total = 0;
    this.lo = Infinity;
    this.hi = 0;
    this.first = HISTOGRAM_BUCKETS;
    this.last = -1;
  }

  /** Bytes of bucket storage: the same from construction to the end of a run. */
  get memoryBytes(): number {
    return this.counts.byteLength;
  }
}
