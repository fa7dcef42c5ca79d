/** Draws a value of an operand (AST form or bytecode table form) from a random stream. */
import type { RandomStream } from '../engine/random.js';
import type { Operand } from './ast.js';
import { OperandKind } from './bytecode.js';

export function sampleOperand(rng: RandomStream, o: Operand): number {
  switch (o.kind) {
    case 'const': return o.value;
    case 'exp': return rng.exponential(o.mean);
    case 'uniform': return rng.between(o.min, o.max);
    case 'normal': return Math.max(0, rng.normal(o.mean, o.sd));
    case 'lognormal': return rng.lognormal(o.mean, o.sd);
    case 'pareto': return rng.pareto(o.shape, o.scale);
  }
}

/** The hot-path form: operand i of a compiled table. Negative draws are clipped to 0. */
export function sampleCompiled(rng: RandomStream, kind: number, p1: number, p2: number): number {
  switch (kind) {
    case OperandKind.Const: return p1;
    case OperandKind.Exp: return rng.exponential(p1);
    case OperandKind.Uniform: return rng.between(p1, p2);
    case OperandKind.Normal: { const x = rng.normal(p1, p2); return x > 0 ? x : 0; }
    case OperandKind.Lognormal: return rng.lognormal(p1, p2);
    default: return rng.pareto(p1, p2);
  }
}
