/**
 * A log-linear (HDR-style) histogram of non-negative values (ns), so that latency
 * and response-time statistics keep constant memory however long the run (42 days of
 * requests cost no more than 42 ms: at most 58 KiB, in practice a few KiB).
 *
 * Layout: values below 2^SUB_BITS (128) get one bucket each (exact for integer ns);
 * every power-of-two range [2^e, 2^(e+1)) above is cut into 128 equal sub-buckets of
 * width 2^(e−7). A quantile is reported as the middle of its bucket, so for a value v
 * ≥ 128 the error is at most half a width, 2^(e−8) ≤ v/256: **relative error ≤ 0.4 %**
 * (comfortably inside the 1 % the design asks for); below 128 ns the error is < 1 ns.
 * Ranges go up to 2^64 ns (≈ 585 years); larger values land in the last bucket.
 *
 * count, sum (→ mean), min and max are kept exactly. The counts are Float64Arrays
 * of 128, one per power of two, allocated the first time a value falls in that range
 * (Float64 rather than Uint32 so a bucket cannot overflow at 4·10^9); after that
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

/**
 * What a quantile falling on value v reports: the middle of v's bucket (before the
 * clamp to [min, max]). For code that finds the rank's value itself (response-times.ts).
 */
export function histogramValueOf(v: number): number {
  return bucketMid(bucketOf(v));
}

/** Buckets are stored in blocks of SUB (one per power of two), allocated on first use. */
const BLOCKS = HISTOGRAM_BUCKETS / SUB;

export class Histogram {
  /**
   * Counts by block: a histogram of response times touches a few powers of two, so a
   * block is allocated the first time a value lands in its range (at most BLOCKS of
   * 1 KiB: memory stays bounded however long the run, and a thousand domains'
   * histograms cost kilobytes, not 58 KiB each).
   */
  private readonly blocks: (Float64Array | null)[] = new Array<Float64Array | null>(BLOCKS).fill(null);
  /** Values in each block, so quantile() steps over whole blocks and reset() clears only used ones. */
  private readonly blockCounts = new Float64Array(BLOCKS);
  private n = 0;
  private total = 0;
  private lo = Infinity;
  private hi = 0;
  /** Lowest and highest bucket in use, so quantile() and merge() skip empty ranges. */
  private first = HISTOGRAM_BUCKETS;
  private last = -1;

  record(v: number): void {
    const b = bucketOf(v);
    const k = b >> SUB_BITS;
    const blk = this.blocks[k] ?? this.allocate(k);
    blk[b & (SUB - 1)]++;
    this.blockCounts[k]++;
    if (b < this.first) this.first = b;
    if (b > this.last) this.last = b;
    this.n++;
    this.total += v;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
  }

  private allocate(block: number): Float64Array {
    const blk = new Float64Array(SUB);
    this.blocks[block] = blk;
    return blk;
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
    // One value (the common case of a short sampling interval): it is the answer, and
    // the clamped bucket middle below would give exactly it too.
    if (this.n === 1) return this.lo;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    // Whole blocks first, then the buckets of the block that holds the rank.
    const counts = this.blockCounts;
    let k = this.first >> SUB_BITS;
    const lastBlock = this.last >> SUB_BITS;
    while (k < lastBlock && seen + counts[k] < rank) seen += counts[k++];
    const blk = this.blocks[k];
    if (blk === null) return this.hi;
    for (let j = k === this.first >> SUB_BITS ? this.first & (SUB - 1) : 0; j < SUB; j++) {
      seen += blk[j];
      if (seen >= rank) {
        const mid = bucketMid(k * SUB + j);
        // The true value lies in [min, max]; clamping only brings the answer closer.
        return mid < this.lo ? this.lo : mid > this.hi ? this.hi : mid;
      }
    }
    return this.hi;
  }

  /** Adds every value recorded in `other` (as if they had been recorded here). */
  merge(other: Histogram): void {
    if (other.n === 0) return;
    for (let k = other.first >> SUB_BITS; k <= other.last >> SUB_BITS; k++) {
      const src = other.blocks[k];
      if (src === null) continue;
      const dst = this.blocks[k] ?? this.allocate(k);
      for (let j = 0; j < SUB; j++) dst[j] += src[j];
      this.blockCounts[k] += other.blockCounts[k];
    }
    if (other.first < this.first) this.first = other.first;
    if (other.last > this.last) this.last = other.last;
    this.n += other.n;
    this.total += other.total;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  /** Empties the histogram, keeping its blocks for the next values. */
  reset(): void {
    if (this.n === 0) return;
    const counts = this.blockCounts;
    for (let k = this.first >> SUB_BITS; k <= this.last >> SUB_BITS; k++) {
      if (counts[k] === 0) continue;
      (this.blocks[k] as Float64Array).fill(0);
      counts[k] = 0;
    }
    this.n = 0;
    this.total = 0;
    this.lo = Infinity;
    this.hi = 0;
    this.first = HISTOGRAM_BUCKETS;
    this.last = -1;
  }

  /** Bytes of bucket storage in use: at most HISTOGRAM_MAX_BYTES, whatever is recorded. */
  get memoryBytes(): number {
    let bytes = 0;
    for (const b of this.blocks) if (b !== null) bytes += b.byteLength;
    return bytes;
  }
}

/** The most bucket storage one histogram can hold (every block allocated). */
export const HISTOGRAM_MAX_BYTES = HISTOGRAM_BUCKETS * Float64Array.BYTES_PER_ELEMENT;
