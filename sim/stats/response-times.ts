/**
 * A domain's request response times: the whole run's histogram, and the values of the
 * current sample interval, whose p95 is a point of the time series.
 *
 * The interval's values are kept as they come, in a short array, and go into the
 * run's histogram in one pass when the interval ends (or the array fills). A response
 * thus costs one store to a line the domain just used, instead of a record into two
 * histograms (a few cache misses each on a big host: a thousand domains' histograms
 * do not stay in cache). Same answers as recording straight into two histograms:
 * - the run's histogram gets the same values in the same order (its sum is the same
 *   float sum);
 * - the interval quantile is the histogram's: the value of rank ⌈q·n⌉ of the sorted
 *   values, reported as the middle of its histogram bucket clamped to [min, max]
 *   (bucketOf is monotone, so the bucket where the histogram's counts reach the rank
 *   is the bucket of that value). An interval with more than BUFFER_MAX values spills
 *   into an interval histogram, which answers then.
 */
import { Histogram, histogramValueOf } from './histogram.js';

/** Values an interval keeps raw before it spills into a histogram (32 KiB). */
export const BUFFER_MAX = 4096;

/** Scratch space for sorting an interval's values. */
let scratch = new Float64Array(64);

export class ResponseTimes {
  private buf = new Float64Array(8);
  private n = 0;
  /** buf[0, inRun) are already in the run's histogram (it was read mid-interval). */
  private inRun = 0;
  private readonly run = new Histogram();
  /** The interval's earlier values, once it held more than BUFFER_MAX. */
  private readonly spill = new Histogram();

  record(v: number): void {
    if (this.n === this.buf.length) this.makeRoom();
    this.buf[this.n++] = v;
  }

  /** Every response of the run so far. */
  get all(): Histogram {
    this.toRun();
    return this.run;
  }

  /** Responses finished in the current interval. */
  get intervalCount(): number {
    return this.spill.count + this.n;
  }

  /**
   * The q-quantile (0 < q < 1) of the current interval's responses, as
   * Histogram.quantile would give it; 0 when there were none.
   */
  intervalQuantile(q: number): number {
    if (this.spill.count > 0) {
      for (let i = 0; i < this.n; i++) this.spill.record(this.buf[i]);
      this.toRun();
      this.n = 0;
      this.inRun = 0;
      return this.spill.quantile(q);
    }
    const n = this.n;
    if (n === 0) return 0;
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
    const s = scratch;
    if (n > 32) {
      s.set(this.buf.subarray(0, n));
      s.subarray(0, n).sort();
    } else {
      // Insertion sort: an interval usually holds a handful of values.
      for (let i = 0; i < n; i++) {
        const v = this.buf[i];
        let j = i;
        while (j > 0 && s[j - 1] > v) {
          s[j] = s[j - 1];
          j--;
        }
        s[j] = v;
      }
    }
    const lo = s[0];
    const hi = s[n - 1];
    if (q <= 0 || n === 1) return lo;
    if (q >= 1) return hi;
    const mid = histogramValueOf(s[Math.max(1, Math.ceil(q * n)) - 1]);
    return mid < lo ? lo : mid > hi ? hi : mid;
  }

  /** Ends the interval: its values join the run's and it starts empty. */
  endInterval(): void {
    this.toRun();
    this.n = 0;
    this.inRun = 0;
    this.spill.reset();
  }

  private toRun(): void {
    for (let i = this.inRun; i < this.n; i++) this.run.record(this.buf[i]);
    this.inRun = this.n;
  }

  private makeRoom(): void {
    if (this.buf.length < BUFFER_MAX) {
      const bigger = new Float64Array(2 * this.buf.length);
      bigger.set(this.buf);
      this.buf = bigger;
      return;
    }
    // A busy interval: its values so far go into the histograms, the array starts over.
    this.toRun();
    for (let i = 0; i < this.n; i++) this.spill.record(this.buf[i]);
    this.n = 0;
    this.inRun = 0;
  }
}
