/**
 * Server power: SPECpower-style curves (watts at 0 %, 10 %, … 100 % load) with linear
 * interpolation between the steps, or a straight line from idle to max watts.
 * Energy is the integral of P(util(t)) over time.
 */

/** Watts at utilisation `util` (clamped to 0–1) on an 11-point curve. */
export function powerAt(curveW: number[], util: number): number {
  const u = util <= 0 ? 0 : util >= 1 ? 1 : util;
  const x = u * 10;
  const i = Math.min(9, Math.floor(x));
  const f = x - i;
  return curveW[i] + (curveW[i + 1] - curveW[i]) * f;
}

/** An 11-point curve rising linearly from idle to max watts. */
export function linearCurve(idleW: number, maxW: number): number[] {
  return Array.from({ length: 11 }, (_, i) => idleW + ((maxW - idleW) * i) / 10);
}

/** Energy in joules of a series of utilisation samples, each lasting dtNs. */
export function energyJoules(curveW: number[], utilSamples: number[], dtNs: number): number {
  let j = 0;
  for (const u of utilSamples) j += (powerAt(curveW, u) * dtNs) / 1e9;
  return j;
}
