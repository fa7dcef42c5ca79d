/**
 * Operands of the workload language: a constant with units, or a distribution —
 * `exp(mean)`, `uniform(min, max)`, `normal(mean, sd)`, `lognormal(mean, sd)`,
 * `pareto(shape, scale)` — whose parameters carry the operand's units (`exp(10ms)`,
 * `uniform(1K, 64K)`). The unit kind comes from the instruction: counts for `cpu`
 * and `loop`, sizes for I/O and memory, durations for `sleep`.
 */
import type { Operand } from './ast.js';
import { parseBytes, parseCount, parseDuration, type Parsed } from '../scenario/units.js';

export type OperandUnit = 'count' | 'size' | 'duration';

const PARSERS: Record<OperandUnit, (v: unknown) => Parsed> = {
  count: parseCount,
  size: parseBytes,
  duration: parseDuration,
};

export function parseOperand(input: unknown, unit: OperandUnit): { operand: Operand } | { error: string } {
  const parse = PARSERS[unit];
  if (typeof input === 'string') {
    const m = /^\s*(exp|uniform|normal|lognormal|pareto)\s*\((.*)\)\s*$/.exec(input);
    if (m !== null) {
      const args = m[2].split(',').map((a) => a.trim());
      const want = m[1] === 'exp' ? 1 : 2;
      if (args.length !== want || args.some((a) => a === '')) return { error: `${m[1]}(…) takes ${want} argument${want > 1 ? 's' : ''}, got '${input}'` };
      // Parameters use the operand's units, except pareto's shape (a pure number);
      // sds are sizes of spread in the same units as the mean (negative ones are refused by the unit parser).
      const values: number[] = [];
      for (let i = 0; i < args.length; i++) {
        // pareto's shape has no unit
        const p = m[1] === 'pareto' && i === 0 ? parseCount(args[i]) : parse(args[i]);
        if ('error' in p) return { error: `in '${input}': ${p.error}` };
        values.push(p.value);
      }
      switch (m[1]) {
        case 'exp':
          return values[0] > 0 ? { operand: { kind: 'exp', mean: values[0] } } : { error: `exp mean must be positive in '${input}'` };
        case 'uniform':
          return values[0] <= values[1] ? { operand: { kind: 'uniform', min: values[0], max: values[1] } } : { error: `uniform(min, max) needs min ≤ max in '${input}'` };
        case 'normal':
          // The sampler clips draws at 0: operands are amounts of work, bytes or time.
          return { operand: { kind: 'normal', mean: values[0], sd: values[1] } };
        case 'lognormal':
          // mean and sd are of the distribution itself (not of its logarithm), in the operand's units.
          return values[0] > 0 ? { operand: { kind: 'lognormal', mean: values[0], sd: values[1] } } : { error: `lognormal mean must be positive in '${input}'` };
        default:
          return values[0] > 0 && values[1] > 0 ? { operand: { kind: 'pareto', shape: values[0], scale: values[1] } } : { error: `pareto shape and scale must be positive in '${input}'` };
      }
    }
  }
  const p = parse(input);
  if ('error' in p) return { error: p.error };
  return { operand: { kind: 'const', value: p.value } };
}
