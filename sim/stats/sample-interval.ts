/** Picks a readable time-series sample interval: the first "nice" step giving ≤ ~1,500 points. */
const NICE_NS = [1e6, 10e6, 100e6, 1e9, 5e9, 10e9, 30e9, 60e9, 300e9, 600e9, 1800e9, 3600e9, 7200e9, 21600e9, 86400e9];

export function chooseSampleNs(durationNs: number, maxPoints = 1500): number {
  for (const s of NICE_NS) if (durationNs / s <= maxPoints) return s;
  return Math.ceil(durationNs / maxPoints / 86400e9) * 86400e9;
}
