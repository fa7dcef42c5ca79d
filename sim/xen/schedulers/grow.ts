/**
 * Growing a policy's per-vCPU and per-domain typed arrays when vCPUs are inserted (never
 * on the hot path): a new array of exactly `size` entries, `fill` where there was none,
 * the old contents kept.
 */
export function grownTo<T extends Float64Array | Int32Array | Uint8Array | Int8Array>(a: T, size: number, fill = 0): T {
  const b = new (a.constructor as new (len: number) => T)(size);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}
