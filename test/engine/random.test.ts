import { describe, expect, test } from '@jest/globals';
import { mean, variance } from 'simple-statistics';
import { RandomStream, RandomStreams } from '../../sim/engine/random.js';

const N = 200_000;
/** Within k standard errors of the mean for n draws of a variate with variance v. */
const closeMean = (xs: number[], mu: number, v: number, k = 5): void => {
  expect(Math.abs(mean(xs) - mu)).toBeLessThan(k * Math.sqrt(v / xs.length));
};
const draws = (f: () => number, n = N): number[] => Array.from({ length: n }, f);

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
      crowded.get(`c${i}`).uniform();
    }
    expect(a2).toEqual(a1);
    expect(crowded.get('a')).toBe(crowded.get('a'));
  });

  test('different seeds and names give different numbers', () => {
    expect(new RandomStream(1, 'x').uniform()).not.toBe(new RandomStream(2, 'x').uniform());
    expect(new RandomStream(1, 'x').uniform()).not.toBe(new RandomStream(1, 'y').uniform());
  });

  test('small seeds do not start near 1 (seeds are hashed before xoroshiro)', () => {
    const first = Array.from({ length: 100 }, (_, s) => new RandomStream(s, 'w').uniform());
    expect(Math.abs(mean(first) - 0.5)).toBeLessThan(0.1);
    expect(Math.max(...first)).toBeLessThan(1);
  });

  test('uniform and between: mean and variance of U(a, b)', () => {
    const r = new RandomStream(3, 'u');
    const xs = draws(() => r.between(2, 8));
    closeMean(xs, 5, 3);
    expect(variance(xs)).toBeCloseTo(3, 1);
    expect(xs.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(2);
  });

  test('exponential: mean m, variance m²', () => {
    const r = new RandomStream(4, 'e');
    const xs = draws(() => r.exponential(3));
    closeMean(xs, 3, 9);
    expect(variance(xs) / 9).toBeCloseTo(1, 1);
  });

  test('normal: mean and standard deviation', () => {
    const r = new RandomStream(5, 'n');
    const xs = draws(() => r.normal(10, 2));
    closeMean(xs, 10, 4);
    expect(Math.sqrt(variance(xs))).toBeCloseTo(2, 1);
  });

  test('lognormal is parametrised by the mean and sd of the variate itself', () => {
    const r = new RandomStream(6, 'l');
    const xs = draws(() => r.lognormal(5, 2));
    closeMean(xs, 5, 4);
    expect(Math.sqrt(variance(xs)) / 2).toBeCloseTo(1, 1);
  });

  test('pareto: mean shape·scale/(shape−1), variance scale²·shape/((shape−1)²(shape−2))', () => {
    const r = new RandomStream(8, 'p');
    const shape = 5, scale = 2;
    const xs = draws(() => r.pareto(shape, scale));
    const v = (scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2));
    closeMean(xs, (shape * scale) / (shape - 1), v);
    expect(xs.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(scale);
  });
});
