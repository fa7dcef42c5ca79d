/**
 * Replication seeds. Replication r of every cell runs with the same seed, derived from
 * (sweep seed, r) alone: with the per-stream seeding of sim/engine/random.ts this gives
 * common random numbers — cell A and cell B, replication 3, see the same arrivals and
 * service demands, so their difference is the effect of the axes and not of the draws.
 */

/** splitmix32 (Steele, Lea and Flood 2014, 32-bit variant): a well-mixed 32-bit output. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed in [0, 2^52) from (sweep seed, replication index); the same inputs give the same seed. */
export function replicationSeed(sweepSeed: number, replication: number): number {
  const s = mix32((sweepSeed >>> 0) ^ mix32(Math.floor(sweepSeed / 0x100000000) >>> 0));
  const r = mix32(replication >>> 0);
  const lo = mix32(s ^ r);
  const hi = mix32(lo ^ mix32(s + 0x632be5ab) ^ r) & 0xfffff;
  return hi * 0x100000000 + lo;
}
