/**
 * One colour per domain across every chart of a report, and the same colour for a
 * domain from one run of a scenario to the next: a domain's colour follows its place in
 * the Result's domain order (Domain-0 first, then the scenario's order), never its rank,
 * and every chart spec carries the scale with its explicit domain list. Up to MAX_SHOWN
 * domains every one has its own colour, the same in every run of the scenario; beyond,
 * a domain's colour holds as long as the set of the busiest domains does (two shown
 * domains that would share a colour are told apart by taking the next free one).
 *
 * Charts stay readable at 1,000 domains: they show at most MAX_SHOWN domains —
 * Domain-0 and the busiest by CPU seconds — and fold the rest into one "others" series.
 */
import type { Result } from '../sim/stats/result.js';

/** Domains drawn by name in a chart; the rest are "others". */
export const MAX_SHOWN = 12;

/** Tableau 10 (vega's default), then two more, so twelve domains all differ. */
export const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac', '#17becf', '#8c6d31'];
export const OTHERS_COLOUR = '#d0d0d0';

export interface DomainSelection {
  /** Domains drawn by name, in the Result's order. */
  shown: string[];
  /** Domains folded into `othersLabel` (empty when every domain is shown). */
  others: string[];
  /** "others (988 domains)", or '' when none. */
  othersLabel: string;
  /** The vega-lite colour scale every chart uses for `domain`. */
  scale: { domain: string[]; range: string[] };
  colourOf(name: string): string;
}

export function domainSelection(result: Result): DomainSelection {
  const names = Object.keys(result.series.domains);
  let shown = names;
  if (names.length > MAX_SHOWN) {
    const cpu = new Map(result.domains.map((d) => [d.name, d.cpu_seconds]));
    // Ties in file order, by an index map (indexOf per comparison is quadratic: 20,000 idle domains tie).
    const order = new Map(names.map((n, i) => [n, i]));
    const ranked = names.slice(1).sort((a, b) => (cpu.get(b) ?? 0) - (cpu.get(a) ?? 0) || order.get(a)! - order.get(b)!);
    const keep = new Set([names[0], ...ranked.slice(0, MAX_SHOWN - 1)]);
    shown = names.filter((n) => keep.has(n));
  }
  const shownSet = new Set(shown);
  const others = names.filter((n) => !shownSet.has(n));
  const othersLabel = others.length > 0 ? `others (${others.length} domains)` : '';
  // Colour by place in the whole domain list; where two shown domains would share one
  // (places i and i + 12), the later takes the next free colour.
  const taken = new Set<number>();
  const colour = new Map<string, string>();
  for (const n of shown) {
    let k = names.indexOf(n) % PALETTE.length;
    for (let tries = 0; taken.has(k) && tries < PALETTE.length; tries++) k = (k + 1) % PALETTE.length;
    taken.add(k);
    colour.set(n, PALETTE[k]);
  }
  const domain = othersLabel === '' ? [...shown] : [...shown, othersLabel];
  const range = domain.map((n) => colour.get(n) ?? OTHERS_COLOUR);
  return { shown, others, othersLabel, scale: { domain, range }, colourOf: (n) => colour.get(n) ?? OTHERS_COLOUR };
}
