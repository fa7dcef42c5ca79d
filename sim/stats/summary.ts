/**
 * The headline line a Xen admin quotes: `1.38% cpu utilisation over 42 days`.
 * Utilisation to two decimals; the span in whole days (rounded down, as one would
 * say "over 42 days" of 42.5), or hours, minutes, seconds for shorter runs.
 */
export function summaryLine(utilisation: number, durationNs: number): string {
  return `${(utilisation * 100).toFixed(2)}% cpu utilisation over ${spanText(durationNs)}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function spanText(durationNs: number): string {
  const s = durationNs / 1e9;
  if (s >= 86400) return plural(Math.floor(s / 86400), 'day');
  if (s >= 3600) return plural(Math.floor(s / 3600), 'hour');
  if (s >= 60) return plural(Math.floor(s / 60), 'minute');
  if (s >= 1) return plural(Math.floor(s), 'second');
  return `${+(s * 1000).toPrecision(3)} ms`;
}
