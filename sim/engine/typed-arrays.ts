/** Typed-array helpers for the pending-event layouts' (cold) growth paths. */

/** A copy of `a` with room for `n` elements, the new ones zero. */
export function grown<T extends Float64Array | Int32Array>(a: T, n: number): T {
  const b = (a instanceof Float64Array ? new Float64Array(n) : new Int32Array(n)) as T;
  b.set(a);
  return b;
}

/**
 * A stack of the free indices from `from` to `n` − 1, with `from` on top (at position
 * n − from − 1), so entries are handed out lowest first. Its count is n − from.
 */
export function freeStack(n: number, from: number): Int32Array {
  const f = new Int32Array(n);
  for (let i = 0; i < n - from; i++) f[i] = n - 1 - i;
  return f;
}
