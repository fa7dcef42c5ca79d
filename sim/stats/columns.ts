/**
 * Time-series storage while a run goes on: float64 columns sized for the run's points
 * up front (they double if a run takes more), turned into the Result's plain arrays
 * once, at the end. Growing a JavaScript array per point, a thousand domains × six
 * series, was a fifth of a big run's time in pushes and the garbage collector
 * (docs/performance.md); a column costs one store per point.
 */
import { grown } from '../engine/typed-arrays.js';
import type { SeriesResult } from './result.js';

export class Column {
  private data: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(4, capacity));
  }

  push(x: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, 2 * this.data.length);
    this.data[this.length++] = x;
  }

  /** The values as a plain array (a new one on every call). */
  toArray(): number[] {
    // A loop, not Array.from(subarray): that goes through an iterator, an object per value.
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.data[i];
    return out;
  }

  /** As toArray(), with NaN (a point with no value) as null. */
  toNullableArray(): (number | null)[] {
    const out: (number | null)[] = new Array<number | null>(this.length);
    for (let i = 0; i < this.length; i++) {
      const x = this.data[i];
      out[i] = x === x ? x : null;
    }
    return out;
  }
}

/** One domain's series while sampling: the columns of SeriesResult['domains'][name]. */
export class DomainColumns {
  readonly cpu: Column;
  readonly allocMb: Column;
  readonly targetMb: Column;
  readonly wsMb: Column;
  readonly ioOpsPerS: Column;
  /** NaN where no request finished in the interval. */
  readonly p95Ms: Column;

  constructor(points: number) {
    this.cpu = new Column(points);
    this.allocMb = new Column(points);
    this.targetMb = new Column(points);
    this.wsMb = new Column(points);
    this.ioOpsPerS = new Column(points);
    this.p95Ms = new Column(points);
  }

  toResult(): SeriesResult['domains'][string] {
    return {
      cpu: this.cpu.toArray(),
      alloc_mb: this.allocMb.toArray(),
      target_mb: this.targetMb.toArray(),
      ws_mb: this.wsMb.toArray(),
      io_ops_per_s: this.ioOpsPerS.toArray(),
      p95_ms: this.p95Ms.toNullableArray(),
    };
  }
}

/** Points a run of `endNs` sampled every `sampleNs` takes: every interval and a last partial one. */
export function expectedPoints(endNs: number, sampleNs: number): number {
  const n = Math.ceil(endNs / sampleNs) + 1;
  // A bound on the up-front allocation (a user's fine `sample:` over a long run); the
  // columns double past it if they must.
  return Number.isFinite(n) ? Math.min(n, 4096) : 16;
}
