/**
 * Parses preset parameters — numbers or unit strings such as `0.5/s`, `2M`, `16K`,
 * `10ms`, `exp(2M)` — into Operands, by the kind of quantity the parameter is.
 */
import type { Operand } from './ast.js';
import type { ParamKind } from './presets.js';
import { parseOperand } from './operand.js';

export function parsePresetParam(value: number | string, kind: ParamKind): Operand {
  if (kind === 'rate' || kind === 'fraction') {
    const n = typeof value === 'number' ? value : parseRate(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`'${value}' is not a ${kind === 'rate' ? 'rate (e.g. 10/s)' : 'fraction (0–1)'}`);
    if (kind === 'fraction' && n > 1) throw new Error(`'${value}' is not a fraction between 0 and 1`);
    return { kind: 'const', value: n };
  }
  const r = parseOperand(value, kind);
  if ('error' in r) throw new Error(r.error);
  return r.operand;
}

/** `10/s`, `30/min`, `2/h`, `0.5` (per second). */
function parseRate(s: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*(?:\/\s*(s|sec|second|min|minute|h|hour|d|day))?\s*$/i.exec(s);
  if (m === null) return NaN;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const per = unit.startsWith('s') ? 1 : unit.startsWith('m') ? 60 : unit.startsWith('h') ? 3600 : 86400;
  return n / per;
}
