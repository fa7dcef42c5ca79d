/**
 * Disk queue models: FIFO and C-LOOK order, a fixed 1 ms disk gives 1,000 IOPS at
 * saturation, Poisson arrivals to a fixed-service disk match M/D/1 (Pollaczek–
 * Khinchine), the hdd service model's average equals seek + half a rotation +
 * transfer, ssd parallelism, device-wide bandwidth and IOPS ceiling, utilisation and
 * queue-length integrals.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Disk, SEEK_SPAN_SECTORS } from '../../sim/hw/disk.js';
import type { DiskSpec } from '../../sim/scenario/types.js';
import { drive, poissonArrivals, rng, type Arrival } from './drive-disk.js';

const fixed = (serviceNs: number): DiskSpec => ({ name: 'f', kind: 'fixed', serviceNs });
const hdd = (order: 'fifo' | 'elevator'): DiskSpec => ({ name: 'h', kind: 'hdd', rpm: 7200, seekNs: 8.5e6, transferBps: 60e6, order });
const atZero = (sectors: number[], bytes = 4096): Arrival[] => sectors.map((sector) => ({ t: 0, sector, bytes }));

describe('Disk order', () => {
  test('fifo serves in arrival order whatever the sectors', () => {
    const d = new Disk(hdd('fifo'));
    expect(drive(d, atZero([900_000, 100, 50_000_000, 3, 700_000])).order).toEqual([0, 1, 2, 3, 4]);
  });

  test('elevator (C-LOOK) sweeps up from the head, then wraps to the lowest sector', () => {
    const d = new Disk(hdd('elevator'));
    // Request 0 (sector 400_000) starts alone; the rest queue behind it.
    const arrivals = [{ t: 0, sector: 400_000, bytes: 4096 }, ...atZero([500_000, 100_000, 900_000, 300_000, 700_000]).map((a) => ({ ...a, t: 1 }))];
    const { order } = drive(d, arrivals);
    // Up from 400_000: 500k (1), 700k (5), 900k (3); then wrap: 100k (2), 300k (4).
    expect(order).toEqual([0, 1, 5, 3, 2, 4]);
  });

  test('property: a fifo disk completes requests in submission order, through ring growth and wrap-around', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 400 }), (gaps) => {
        let t = 0;
        const arrivals = gaps.map((g) => ({ t: (t += g * 0.3e6), sector: 0, bytes: 512 }));
        const { order } = drive(new Disk(fixed(1e6)), arrivals);
        return order.every((id, k) => id === k);
      }),
    );
  });

  test('elevator beats fifo on random sectors at saturation (shorter seeks)', () => {
    const r = rng(3);
    const sectors = Array.from({ length: 2000 }, () => Math.floor(r() * SEEK_SPAN_SECTORS));
    const f = drive(new Disk(hdd('fifo')), atZero(sectors)).endNs;
    const e = drive(new Disk(hdd('elevator')), atZero(sectors)).endNs;
    expect(e).toBeLessThan(0.6 * f);
  });
});

describe('Disk throughput and queueing', () => {
  test('a fixed 1 ms disk at saturation completes 1,000 requests per second, busy all the time', () => {
    const d = new Disk(fixed(1e6));
    const { endNs } = drive(d, atZero(new Array(10_000).fill(0)));
    expect(endNs).toBe(10e9);
    expect(d.requests / (endNs / 1e9)).toBe(1000);
    expect(d.utilisation(endNs)).toBeCloseTo(1, 12);
  });

  test.each([0.5, 0.7])('M/D/1 at ρ = %p: mean wait within 5 %% of Pollaczek–Khinchine ρ/(2μ(1−ρ))', (rho) => {
    const serviceNs = 1e6;
    const lambda = rho / (serviceNs / 1e9);
    const arrivals = poissonArrivals(Math.round(rho * 1000), lambda, 300_000);
    const d = new Disk(fixed(serviceNs));
    const { latencyNs, endNs } = drive(d, arrivals);
    const meanWait = latencyNs.reduce((a, b) => a + b, 0) / latencyNs.length - serviceNs;
    const pk = (rho * serviceNs) / (2 * (1 - rho));
    expect(Math.abs(meanWait / pk - 1)).toBeLessThan(0.05);
    // Little's law on the waiting room: mean queue length = λ × mean wait.
    expect(d.meanQueueLength(endNs)).toBeCloseTo((lambda * meanWait) / 1e9, 1);
    expect(Math.abs(d.utilisation(endNs) / rho - 1)).toBeLessThan(0.02);
    // The histogram agrees with the exact latencies (its mean is exact).
    expect(d.latency.mean).toBeCloseTo(meanWait + serviceNs, 0);
  });

  test('utilisation and mean queue length are time integrals', () => {
    const d = new Disk(fixed(1e6));
    drive(d, atZero([0, 0, 0]));
    // Waiting: 2 requests for 1 ms, 1 for 1 ms → area 3 ms; busy 3 ms.
    expect(d.meanQueueLength(3e6)).toBeCloseTo(1, 12);
    expect(d.utilisation(6e6)).toBeCloseTo(0.5, 12);
    expect(d.meanQueueLength(6e6)).toBeCloseTo(0.5, 12);
    expect(d.result(6e6)).toMatchObject({ requests: 3, bytes: 3 * 4096, utilisation: 0.5, mean_queue_length: 0.5 });
  });
});

describe('Service models', () => {
  test('hdd: random requests average seek + half a rotation + transfer; sequential ones only transfer', () => {
    const r = rng(11);
    const n = 40_000;
    const d = new Disk(hdd('fifo'));
    const { endNs } = drive(d, atZero(Array.from({ length: n }, () => Math.floor(r() * SEEK_SPAN_SECTORS))));
    const expected = 8.5e6 + (60 / 7200 / 2) * 1e9 + (4096 / 60e6) * 1e9;
    expect(Math.abs(endNs / n / expected - 1)).toBeLessThan(0.02);

    const s = new Disk(hdd('fifo'));
    const seq = drive(s, atZero(Array.from({ length: 1000 }, (_, i) => 1000 + i * 8))); // 8 sectors = 4 KiB
    const firstNs = 8.5e6 * 0.1 + 0.9 * 8.5e6 * Math.sqrt(1000 / SEEK_SPAN_SECTORS) * 15 / 8 + (60 / 7200 / 2) * 1e9 + (4096 / 60e6) * 1e9;
    expect(seq.endNs).toBeCloseTo(firstNs + 999 * (4096 / 60e6) * 1e9, 0);
  });

  test('hdd seek grows with distance: near < average < full stroke', () => {
    const d = new Disk(hdd('fifo'));
    expect(d.seekNs(0)).toBe(0);
    expect(d.seekNs(1000)).toBeLessThan(1.2e6);
    expect(d.seekNs(SEEK_SPAN_SECTORS / 3)).toBeGreaterThan(d.seekNs(1000));
    expect(d.seekNs(SEEK_SPAN_SECTORS)).toBeGreaterThan(8.5e6 * 1.5);
  });

  test('ssd: 4-way parallelism gives ~4× the throughput of 1 at saturation when the bandwidth is not the limit', () => {
    // 4 KiB at 2 GB/s: 2 µs of transfer beside 80 µs of access; the data path is 10 % busy.
    const spec = (parallelism: number): DiskSpec => ({ name: 's', kind: 'ssd', latencyNs: 80e3, bandwidthBps: 2e9, parallelism });
    const one = drive(new Disk(spec(1)), atZero(new Array(4000).fill(0))).endNs;
    const d4 = new Disk(spec(4));
    const four = drive(d4, atZero(new Array(4000).fill(0))).endNs;
    // Only the first round's transfers queue (3 × 2 µs over a 82 ms run).
    expect(one / four).toBeLessThanOrEqual(4);
    expect(one / four).toBeGreaterThan(3.999);
    expect(d4.utilisation(four)).toBeCloseTo(1, 3);
  });

  test('ssd: the IOPS ceiling holds however many servers there are', () => {
    const d = new Disk({ name: 's', kind: 'ssd', latencyNs: 10e3, bandwidthBps: 4e9, parallelism: 32, iops: 10_000 });
    const { endNs } = drive(d, atZero(new Array(50_000).fill(0)));
    // 50,000 starts spaced ≥ 100 µs apart: the last starts no earlier than 49,999 × 100 µs.
    const serviceNs = 10e3 + (4096 / 4e9) * 1e9;
    expect(endNs).toBeGreaterThanOrEqual(49_999 * 1e5 + serviceNs - 1e-3);
    expect(50_000 / (endNs / 1e9)).toBeGreaterThan(9_900);
  });

  test('ssd: the bandwidth is the device total — 4 channels never move more than the datasheet figure', () => {
    // 44 KiB requests (one blkif request): 100 µs access + 90 µs of transfer at 500 MB/s. Per
    // channel that would be 4 × 45,056 B / 190 µs = 948 MB/s; the device carries 500 MB/s.
    const bytes = 11 * 4096;
    const d = new Disk({ name: 's', kind: 'ssd', latencyNs: 100e3, bandwidthBps: 500e6, parallelism: 4 });
    const n = 4000;
    const { endNs } = drive(d, atZero(new Array(n).fill(0), bytes));
    const bytesPerSec = (n * bytes) / (endNs / 1e9);
    expect(bytesPerSec).toBeLessThanOrEqual(500e6 * (1 + 1e-9));
    // The access latencies overlap on the channels, so the transfers keep the device busy.
    expect(bytesPerSec).toBeGreaterThan(0.99 * 500e6);
  });

  test('property: however many channels, the bytes an ssd has completed by any instant fit in bandwidth × elapsed time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.record({ gapUs: fc.integer({ min: 0, max: 400 }), kib: fc.integer({ min: 1, max: 1024 }) }), { minLength: 1, maxLength: 200 }),
        (parallelism, reqs) => {
          const bw = 500e6, lat = 100e3;
          let t = 0;
          const arrivals = reqs.map((r) => ({ t: (t += r.gapUs * 1e3), sector: 0, bytes: r.kib * 1024 }));
          const d = new Disk({ name: 's', kind: 'ssd', latencyNs: lat, bandwidthBps: bw, parallelism });
          const { latencyNs } = drive(d, arrivals);
          const done = arrivals.map((a, i) => ({ at: a.t + latencyNs[i], bytes: a.bytes })).sort((a, b) => a.at - b.at);
          const t0 = arrivals[0].t + lat;
          let moved = 0;
          return done.every((c) => (moved += c.bytes) <= (bw * (c.at - t0)) / 1e9 + 1e-3);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('ssd: a request alone still gets the whole device bandwidth (latency + bytes / bandwidth)', () => {
    const d = new Disk({ name: 's', kind: 'ssd', latencyNs: 100e3, bandwidthBps: 500e6, parallelism: 4 });
    const { latencyNs } = drive(d, [{ t: 0, sector: 0, bytes: 1 << 20 }]);
    expect(latencyNs[0]).toBeCloseTo(100e3 + ((1 << 20) / 500e6) * 1e9, 3);
  });

  test('completing a request that is not in service is a programming error', () => {
    const d = new Disk(fixed(1e6));
    expect(() => d.complete(3, 0)).toThrow(/not in service/);
  });
});
