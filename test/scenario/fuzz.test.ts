/**
 * The loader never crashes: random mutations of the bundled scenarios (and of the xl
 * configs they load), and random bytes, each end in a Scenario or in positioned errors.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenarioText, type LoadResult } from '../../sim/scenario/load.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const SCENARIOS = ['scenarios/greebo.yaml', 'scenarios/demo.yaml'].map((p) => readFileSync(resolve(ROOT, p), 'utf8'));
const BASE = resolve(ROOT, 'scenarios');
const realRead = (p: string): string => readFileSync(p, 'utf8');

function wellFormed(r: LoadResult): void {
  if ('scenario' in r) {
    expect(Number.isFinite(r.scenario.durationNs)).toBe(true);
    for (const d of [r.scenario.dom0, ...r.scenario.domains]) expect(Number.isFinite(d.memoryMb) && d.memoryMb >= 0).toBe(true);
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
    expect(Number.isInteger(e.col) && e.col >= 1).toBe(true);
    expect(e.file.length).toBeGreaterThan(0);
    expect(e.message.length).toBeGreaterThan(0);
  }
}

/** Fragments that tend to hit interesting paths: units, YAML syntax, aliases, workload forms. */
const TOKENS = [
  '-', ':', ' ', '\n', '\t', '[', ']', '{', '}', ',', '&a', '*a', '"', "'", '#', '0', '-1', '1e400', '.nan', '.inf', 'null', '~',
  '256M', '30ms', 'exp(2M)', 'uniform(', '1/s', 'preset: web', 'cpu: 2M', 'weight: 0', 'cap: 999', 'cpus: "0-9"',
  'config: greebo/auto/hex', 'program: [recv]', 'trace: x', 'memory: 4096', '  - { name: x, memory: 1 }', 'mem-set:', '<<: *a',
];

type Mutation = { kind: 'delete'; at: number; len: number } | { kind: 'insert'; at: number; text: string } | { kind: 'dupLine'; at: number } | { kind: 'swapLines'; a: number; b: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete': { const at = m.at % (text.length + 1); return text.slice(0, at) + text.slice(at + m.len); }
    case 'insert': { const at = m.at % (text.length + 1); return text.slice(0, at) + m.text + text.slice(at); }
    case 'dupLine': { const l = text.split('\n'); const i = m.at % l.length; l.splice(i, 0, l[i]); return l.join('\n'); }
    case 'swapLines': { const l = text.split('\n'); const a = m.a % l.length, b = m.b % l.length; [l[a], l[b]] = [l[b], l[a]]; return l.join('\n'); }
  }
}

describe('fuzz: the loader ends in a Scenario or positioned errors', () => {
  test('mutated bundled scenarios', () => {
    fc.assert(
      fc.property(fc.nat({ max: SCENARIOS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, ms) => {
        const text = ms.reduce(apply, SCENARIOS[which]);
        wellFormed(loadScenarioText(text, 'fuzz.yaml', { baseDir: BASE, readFile: realRead }));
      }),
      { numRuns: 400 },
    );
  });

  test('mutated xl configs under an intact scenario', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const readFile = (p: string): string => ms.reduce(apply, realRead(p));
        wellFormed(loadScenarioText(SCENARIOS[0], 'greebo.yaml', { baseDir: BASE, readFile }));
      }),
      { numRuns: 200 },
    );
  });

  test('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        wellFormed(loadScenarioText(Buffer.from(bytes).toString('utf8'), 'bytes.yaml', { baseDir: BASE, readFile: realRead }));
      }),
      { numRuns: 300 },
    );
  });

  test('random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) => {
        wellFormed(loadScenarioText(tokens.join(''), 'soup.yaml', { baseDir: BASE, readFile: realRead }));
      }),
      { numRuns: 300 },
    );
  });
});
