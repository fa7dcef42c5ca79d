/**
 * printf-style field helpers, so each table can be written as the format string of the
 * tool it imitates (`%-16s %3d %7.1f`): widths are minimums and nothing is cut, as in
 * C and Python, unless a precision says so (`%10.10s`).
 */

/** `%-Ns`: left-aligned, padded to at least `width`. */
export function left(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** `%Ns` / `%Nd`: right-aligned, padded to at least `width`. */
export function right(s: string | number, width: number): string {
  const t = String(s);
  return t.length >= width ? t : ' '.repeat(width - t.length) + t;
}

/** `%N.Pf`. */
export function fixed(x: number, width: number, digits: number): string {
  return right(Number.isFinite(x) ? x.toFixed(digits) : String(x), width);
}

/** C's integer conversion of a non-negative value (`(unsigned long)x`, Python's int()). */
export function trunc(x: number): number {
  return Math.trunc(x);
}
