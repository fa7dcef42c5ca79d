/**
 * The scheduling policy's own figures per domain as one chart: credit's time at each
 * priority (BOOST / UNDER / OVER, stacked), or the figures another policy reports under
 * its name (rtds deadline misses and budget used, sedf extra time, bvt warp time, null
 * wait-queue time, credit2 resets …), one panel per figure since their units differ.
 * Absent when the policy reports nothing (rr).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Result } from '../sim/stats/result.js';
import { listedDomains } from './domains.js';
import type { Chart } from './charts.js';
import type { DomainSelection } from './colours.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 640;

/**
 * The policy's per-domain figures as rows {domain, figure, value}: the domains the other
 * charts draw by name, and the rest summed into their "others" row (as colours.ts folds them).
 */
function figureRows(result: Result, sel: DomainSelection): { domain: string; figure: string; value: number }[] {
  const shown = new Set(sel.shown);
  const sums = new Map<string, number>();
  const add = (domain: string, figure: string, value: number): void => {
    const key = `${domain}\u0000${figure}`;
    sums.set(key, (sums.get(key) ?? 0) + value);
  };
  for (const d of listedDomains(result)) {
    const name = shown.has(d.name) ? d.name : sel.othersLabel;
    if (name === '') continue;
    if (d.priority_seconds !== undefined) {
      for (const [k, v] of Object.entries(d.priority_seconds)) add(name, k, v);
    }
    const f = (d as unknown as Record<string, unknown>)[result.scheduler];
    if (f !== null && typeof f === 'object') {
      for (const [k, v] of Object.entries(f)) if (typeof v === 'number') add(name, k, v);
    }
  }
  return [...sums].map(([key, value]) => {
    const [domain, figure] = key.split('\u0000');
    return { domain, figure, value: Math.round(value * 1e6) / 1e6 };
  });
}

export function schedulerChart(result: Result, sel: DomainSelection): Chart | null {
  const rows = figureRows(result, sel);
  if (rows.length === 0 || rows.every((r) => r.value === 0)) return null;
  const domains = [...new Set(rows.map((r) => r.domain))];
  const credit = result.domains.some((d) => d.priority_seconds !== undefined);
  const spec: TopLevelSpec = credit
    ? {
        $schema: SCHEMA, title: 'Time at each credit priority', width: WIDTH, height: 200, background: 'white',
        data: { values: rows },
        mark: 'bar',
        encoding: {
          x: { field: 'domain', type: 'nominal', sort: domains, title: 'domain (as the other charts show them)' },
          y: { field: 'value', type: 'quantitative', title: 'time runnable or running (s)', stack: 'zero' },
          color: { field: 'figure', type: 'nominal', sort: ['boost', 'under', 'over'], title: 'priority' },
        },
      }
    : {
        $schema: SCHEMA, title: `${result.scheduler}: the policy's figures per domain`, background: 'white',
        data: { values: rows },
        facet: { row: { field: 'figure', type: 'nominal', title: null } },
        spec: {
          width: WIDTH, height: 100,
          mark: 'bar',
          encoding: {
            x: { field: 'domain', type: 'nominal', sort: domains, title: 'domain (as the other charts show them)' },
            y: { field: 'value', type: 'quantitative', title: 'value (seconds or a count, as the panel names it)' },
          },
        },
        resolve: { scale: { y: 'independent' } },
      };
  return {
    name: 'scheduler',
    title: credit ? 'Time each domain spent at each credit priority while runnable or running' : `The ${result.scheduler} scheduler's figures per domain`,
    spec,
  };
}
