/**
 * Parses preset parameters — numbers or unit strings such as `0.5/s`, `2M`, `16K`,
 * `10ms`, `exp(2M)` — into Operands, by the kind of quantity the parameter is.
 */
import type { Operand } from './ast.js';
import type { ParamKind } from './presets.js';
import { parseOperand } from './operand.js';
import { parseEventRate } from '../scenario/units.js';

export function parsePresetParam(value: number | string, kind: ParamKind): Operand {
  if (kind === 'rate' || kind === 'fraction') {
    const r = parseEventRate(value);
    const n = 'error' in r ? NaN : r.value;
    if (!Number.isFinite(n) || n < 0) throw new Error(`'${value}' is not a ${kind === 'rate' ? 'rate (e.g. 10/s)' : 'fraction (0–1)'}`);
    if (kind === 'fraction' && n > 1) throw new Error(`'${value}' is not a fraction between 0 and 1`);
    return { kind: 'const', value: n };
  }
  const r = parseOperand(value, kind);
  if ('error' in r) throw new Error(r.error);
  return r.operand;
}
