/** Units in scenario files: each string converts to the base unit the model uses (ns, bytes, MB, bytes/s, GHz, 1/s). */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseBytes, parseCount, parseDataRate, parseDuration, parseEventRate, parseGhz, parseMemoryMb, parseWatts, type Parsed } from '../../sim/scenario/units.js';
import { parseOperand } from '../../sim/workload/operand.js';

const v = (p: Parsed): number => {
  if ('error' in p) throw new Error(p.error);
  return p.value;
};

describe('durations → ns', () => {
  test.each([
    ['10ns', 10],
    ['250us', 250e3],
    ['30ms', 30e6],
    ['1.5s', 1.5e9],
    ['5min', 300e9],
    ['2h', 7200e9],
    ['42d 12h', (42 * 86400 + 12 * 3600) * 1e9],
    ['42d12h', (42 * 86400 + 12 * 3600) * 1e9],
    ['1h 30min 15s', 5415e9],
    [90, 90e9], // a bare number is seconds
    ['90', 90e9],
  ])('%p', (input, ns) => expect(v(parseDuration(input))).toBeCloseTo(ns, 0));

  test.each(['', 'soon', '10 parsecs', '-5ms', '5ms x', '1e400s', 'ms'])('%p is an error, not a throw', (input) => {
    const r = parseDuration(input);
    expect('error' in r).toBe(true);
  });
  test('negative and non-finite numbers are refused', () => {
    expect('error' in parseDuration(-1)).toBe(true);
    expect('error' in parseDuration(NaN)).toBe(true);
    expect('error' in parseDuration(Infinity)).toBe(true);
  });
  test('a sum of terms equals the sum of its parts (property)', () => {
    const units = { d: 86400e9, h: 3600e9, min: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 } as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[]))), { minLength: 1, maxLength: 5 }), (terms) => {
        const text = terms.map(([n, u]) => `${n}${u}`).join(' ');
        const expected = terms.reduce((a, [n, u]) => a + n * units[u], 0);
        expect(v(parseDuration(text))).toBeCloseTo(expected, 0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sizes: K, M, G are binary (as xl and the kernel count memory)', () => {
  test.each([
    ['4K', 4096],
    ['4KiB', 4096],
    ['256M', 256 * 1048576],
    ['60MB', 60 * 1048576],
    ['1G', 1073741824],
    [512, 512],
  ])('bytes %p', (input, bytes) => expect(v(parseBytes(input))).toBe(bytes));
  test.each([
    ['256M', 256],
    ['1G', 1024],
    ['512MiB', 512],
    ['64K', 0.0625],
    [255, 255], // xl.cfg's `memory = 255` is MB
    ['255', 255],
  ])('memory %p → MB', (input, mb) => expect(v(parseMemoryMb(input))).toBe(mb));
  test.each(['4X', 'lots', '1.2.3', '-4K', ''])('%p is an error', (input) => {
    expect('error' in parseBytes(input)).toBe(true);
    expect('error' in parseMemoryMb(input)).toBe(true);
  });
});

describe('counts: SI suffixes are decimal (instructions are not bytes)', () => {
  test.each([
    ['2M', 2e6],
    ['500K', 5e5],
    ['1.5G', 1.5e9],
    [1000, 1000],
  ])('%p', (input, n) => expect(v(parseCount(input))).toBe(n));
  test('2M instructions differ from 2M bytes', () => {
    expect(v(parseCount('2M'))).not.toBe(v(parseBytes('2M')));
  });
});

describe('rates, frequencies, power', () => {
  test.each([
    ['100Mbit', 12.5e6],
    ['1Gbit/s', 125e6],
    ['10Mb/s', 1.25e6],
    ['60MB/s', 60e6],
    ['60MiB/s', 60 * 1048576],
  ])('data rate %p → bytes/s', (input, bps) => expect(v(parseDataRate(input))).toBeCloseTo(bps, 6));
  test.each([
    ['2.4GHz', 2.4],
    ['800MHz', 0.8],
    [2.8, 2.8],
  ])('frequency %p → GHz', (input, ghz) => expect(v(parseGhz(input))).toBeCloseTo(ghz, 12));
  test.each([
    ['0.5/s', 0.5],
    ['100/s', 100],
    ['30/min', 0.5],
    ['2/h', 2 / 3600],
    [7, 7],
  ])('event rate %p → per second', (input, r) => expect(v(parseEventRate(input))).toBeCloseTo(r, 12));
  test.each([
    ['140W', 140],
    ['0.2kW', 200],
  ])('power %p → W', (input, w) => expect(v(parseWatts(input))).toBeCloseTo(w, 9));
  test('a zero link speed and an unknown frequency unit are errors', () => {
    expect('error' in parseDataRate('0Mbit')).toBe(true);
    expect('error' in parseGhz('3THz')).toBe(true);
  });
});

describe('operands: constants and distributions in the instruction\'s unit', () => {
  test('exp(10ms) as a duration has a mean in ns', () => {
    expect(parseOperand('exp(10ms)', 'duration')).toEqual({ operand: { kind: 'exp', mean: 10e6 } });
  });
  test('exp(2M) as a count is two million instructions', () => {
    expect(parseOperand('exp(2M)', 'count')).toEqual({ operand: { kind: 'exp', mean: 2e6 } });
  });
  test('uniform(1K, 64K) as a size is in bytes', () => {
    expect(parseOperand('uniform(1K, 64K)', 'size')).toEqual({ operand: { kind: 'uniform', min: 1024, max: 65536 } });
  });
  test('normal, lognormal, pareto (pareto shape has no unit)', () => {
    expect(parseOperand('normal(5ms, 1ms)', 'duration')).toEqual({ operand: { kind: 'normal', mean: 5e6, sd: 1e6 } });
    expect(parseOperand('lognormal(4K, 2K)', 'size')).toEqual({ operand: { kind: 'lognormal', mean: 4096, sd: 2048 } });
    expect(parseOperand('pareto(1.5, 4K)', 'size')).toEqual({ operand: { kind: 'pareto', shape: 1.5, scale: 4096 } });
  });
  test('constants carry units too', () => {
    expect(parseOperand('4K', 'size')).toEqual({ operand: { kind: 'const', value: 4096 } });
    expect(parseOperand(3, 'count')).toEqual({ operand: { kind: 'const', value: 3 } });
  });
  test.each([
    ['exp(1ms, 2ms)', 'duration'],
    ['uniform(64K, 1K)', 'size'],
    ['exp(0)', 'count'],
    ['pareto(-1, 4K)', 'size'],
    ['gamma(2, 3)', 'count'],
    ['exp(10 parsecs)', 'duration'],
    ['uniform(1K,)', 'size'],
  ] as const)('%p is an error', (input, unit) => {
    expect('error' in parseOperand(input, unit)).toBe(true);
  });
});
