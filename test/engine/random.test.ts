/**
 * Tests for the seeded random streams: independence of named streams, hashing of
 * small seeds, and each sampler's mean and variance against its closed form.
 *
 * Tolerances are 5 standard errors, computed from the distribution's own closed-form
 * moments: SE(mean) = √(σ²/n), SE(sample variance) ≈ √((μ₄ − σ⁴)/n). With n = 200k a
 * wrong formula (e.g. lognormal taking log-space parameters, a pareto mean off by a
 * factor) lands tens of SEs away, while a right one fails with probability < 1e-6.
 */
import { describe, expect, test } from '@jest/globals';
import { mean } from 'simple-statistics';
import { RandomStream, RandomStreams } from '../../sim/engine/random.js';

const N = 200_000;
const K_SE = 5;

const draws = (f: () => number, n = N): number[] => Array.from({ length: n }, f);

/**
 * Checks sample mean and variance against the closed form given by the raw moments
 * E[X^k], k = 1..4 (the 4th is only used for the variance's standard error).
 */
function expectMoments(xs: number[], raw: (k: number) => number): void {
  const m1 = raw(1), m2 = raw(2), m3 = raw(3), m4 = raw(4);
  const sigma2 = m2 - m1 * m1;
  const mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const sampleMean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - sampleMean) ** 2;
  const sampleVar = ss / (n - 1);
  expect(Math.abs(sampleMean - m1)).toBeLessThan(K_SE * Math.sqrt(sigma2 / n));
  expect(Math.abs(sampleVar - sigma2)).toBeLessThan(K_SE * Math.sqrt((mu4 - sigma2 * sigma2) / n));
}

const minOf = (xs: number[]): number => xs.reduce((a, b) => Math.min(a, b), Infinity);
const maxOf = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), -Infinity);

describe('random streams', () => {
  test('a stream gives the same numbers whether or not other streams exist or are used', () => {
    const alone = new RandomStreams(7);
    const a1 = draws(() => alone.get('a').uniform(), 50);
    const crowded = new RandomStreams(7);
    crowded.get('b').uniform();
    const a2: number[] = [];
    for (let i = 0; i < 50; i++) {
      a2.push(crowded.get('a').uniform());
      crowded.get('b').exponential(1);
      crowded.get(`c${i}`).normal(0, 1);
    }
    expect(a2).toEqual(a1);
  });

  test('get() with the same name returns the same stream, continuing its sequence', () => {
    const streams = new RandomStreams(11);
    const s = streams.get('arrivals');
    expect(streams.get('arrivals')).toBe(s);
    const fresh = new RandomStream(11, 'arrivals');
    const expected = [fresh.uniform(), fresh.uniform()];
    expect([streams.get('arrivals').uniform(), streams.get('arrivals').uniform()]).toEqual(expected);
  });

  test('different seeds and different names give different sequences', () => {
    const seq = (seed: number, name: string): number[] => {
      const r = new RandomStream(seed, name);
      return draws(() => r.uniform(), 5);
    };
    expect(seq(1, 'x')).not.toEqual(seq(2, 'x'));
    expect(seq(1, 'x')).not.toEqual(seq(1, 'y'));
    expect(seq(0, 'x')).not.toEqual(seq(2 ** 32, 'x')); // high bits of the seed count too
  });

  test('small seeds do not start near 1 (seeds are hashed before xoroshiro)', () => {
    const first = Array.from({ length: 100 }, (_, s) => new RandomStream(s, 'w').uniform());
    expect(Math.abs(mean(first) - 0.5)).toBeLessThan(0.1);
    expect(first.slice(0, 3).every((u) => u > 0.9)).toBe(false);
    expect(maxOf(first)).toBeLessThan(1);
    expect(minOf(first)).toBeGreaterThanOrEqual(0);
  });

  test('uniform: U[0, 1) has mean 1/2, variance 1/12', () => {
    const r = new RandomStream(2, 'u01');
    const xs = draws(() => r.uniform());
    expectMoments(xs, (k) => 1 / (k + 1));
    expect(minOf(xs)).toBeGreaterThanOrEqual(0);
    expect(maxOf(xs)).toBeLessThan(1);
  });

  test('between(a, b): mean (a+b)/2, variance (b−a)²/12, within [a, b)', () => {
    const r = new RandomStream(3, 'u');
    const a = 2, b = 8;
    const xs = draws(() => r.between(a, b));
    expectMoments(xs, (k) => (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a)));
    expect(minOf(xs)).toBeGreaterThanOrEqual(a);
    expect(maxOf(xs)).toBeLessThan(b);
  });

  test('exponential(m): E[X^k] = k!·m^k, so mean m and variance m²', () => {
    const r = new RandomStream(4, 'e');
    const m = 3;
    const xs = draws(() => r.exponential(m));
    const fact = [1, 1, 2, 6, 24];
    expectMoments(xs, (k) => fact[k] * m ** k);
    expect(minOf(xs)).toBeGreaterThanOrEqual(0);
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  test('normal(μ, σ): mean μ, variance σ² (both Box–Muller variates used)', () => {
    const r = new RandomStream(5, 'n');
    const mu = 10, sd = 2;
    const xs = draws(() => r.normal(mu, sd));
    const s2 = sd * sd;
    const raw = [1, mu, mu * mu + s2, mu ** 3 + 3 * mu * s2, mu ** 4 + 6 * mu * mu * s2 + 3 * s2 * s2];
    expectMoments(xs, (k) => raw[k]);
  });

  test('lognormal(mean, sd) is parametrised by the mean and sd of the variate itself', () => {
    const r = new RandomStream(6, 'l');
    const m = 5, sd = 2;
    const xs = draws(() => r.lognormal(m, sd));
    // Log-space parameters solved independently of the code: m = e^{μ+s²/2}, sd² = (e^{s²}−1)m².
    const s2 = Math.log(1 + (sd / m) ** 2);
    const mu = Math.log(m) - s2 / 2;
    expect(Math.exp(mu + s2 / 2)).toBeCloseTo(m, 12);
    expectMoments(xs, (k) => Math.exp(k * mu + (k * k * s2) / 2));
    expect(minOf(xs)).toBeGreaterThan(0);
  });

  test('pareto(shape, scale): mean shape·scale/(shape−1), variance scale²·shape/((shape−1)²(shape−2))', () => {
    // Shape 9 so the 4th moment (needed for the variance's standard error) exists.
    const r = new RandomStream(8, 'p');
    const shape = 9, scale = 2;
    const xs = draws(() => r.pareto(shape, scale));
    const raw = (k: number): number => (shape * scale ** k) / (shape - k);
    expect(raw(1)).toBeCloseTo((shape * scale) / (shape - 1), 12);
    expect(raw(2) - raw(1) ** 2).toBeCloseTo((scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2)), 12);
    expectMoments(xs, raw);
    expect(minOf(xs)).toBeGreaterThanOrEqual(scale);
  });

  test('pareto with a heavy tail (shape 3): mean still matches shape·scale/(shape−1)', () => {
    const r = new RandomStream(9, 'p3');
    const shape = 3, scale = 1.5;
    const xs = draws(() => r.pareto(shape, scale));
    const v = (scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2));
    expect(Math.abs(mean(xs) - (shape * scale) / (shape - 1))).toBeLessThan(K_SE * Math.sqrt(v / xs.length));
  });

  test('int(n) covers 0..n−1 uniformly', () => {
    const r = new RandomStream(10, 'i');
    const n = 6;
    const counts = new Array<number>(n).fill(0);
    const draws6 = 60_000;
    for (let i = 0; i < draws6; i++) counts[r.int(n)]++;
    const p = 1 / n;
    const se = Math.sqrt((draws6 * p * (1 - p)));
    for (const c of counts) expect(Math.abs(c - draws6 * p)).toBeLessThan(K_SE * se);
  });
});
