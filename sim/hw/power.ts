/**
 * Server power: SPECpower-style curves (watts at 0 %, 10 %, … 100 % load, 11 points)
 * with linear interpolation between the steps — SPECpower's own reading of its table,
 * and what CloudSim's PowerModelSpecPower does — or a straight line from idle to max
 * watts. Energy is ∫ P(util(t)) dt, here a sum over equal sampling intervals.
 */

/** Points in a curve: 0 %, 10 %, … 100 %. */
export const CURVE_POINTS = 11;

/** Watts at utilisation `util` (clamped to [0, 1]) on an 11-point curve. */
export function powerAt(curveW: readonly number[], util: number): number {
  const u = util > 0 ? (util < 1 ? util : 1) : 0; // NaN → 0
  const x = u * 10;
  const i = x >= 10 ? 9 : Math.floor(x);
  return curveW[i] + (curveW[i + 1] - curveW[i]) * (x - i);
}

/** An 11-point curve rising linearly from idle to max watts. */
export function linearCurve(idleW: number, maxW: number): number[] {
  return Array.from({ length: CURVE_POINTS }, (_, i) => idleW + ((maxW - idleW) * i) / 10);
}

/** Energy in joules of a series of utilisation samples, each lasting dtNs. */
export function energyJoules(curveW: readonly number[], utilSamples: ArrayLike<number>, dtNs: number): number {
  let watts = 0;
  for (let k = 0; k < utilSamples.length; k++) watts += powerAt(curveW, utilSamples[k]);
  return (watts * dtNs) / 1e9;
}

/** Why a curve is unusable (length, negative or non-finite watts), or undefined. */
export function curveProblem(curveW: readonly number[]): string | undefined {
  if (curveW.length !== CURVE_POINTS) return `a power curve needs ${CURVE_POINTS} values (0 %, 10 %, … 100 %), got ${curveW.length}`;
  const bad = curveW.findIndex((w) => !(w >= 0 && Number.isFinite(w)));
  return bad >= 0 ? `power at ${bad * 10} % load must be a non-negative number of watts (got ${curveW[bad]})` : undefined;
}
