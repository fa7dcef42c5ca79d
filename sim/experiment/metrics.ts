/**
 * Metrics: numbers taken from a Result by dotted path (`host.utilisation`,
 * `domains.hex.requests.p95_ms`, `domains.Domain-0.cpu_seconds`). A metric that a run
 * does not have (a domain that completed no request has no `requests`) is null, and
 * the summary leaves it out of that cell's n.
 */
import type { Result } from '../stats/result.js';
import { splitPath, walkPath } from './paths.js';

/** Result keys that exist only for some runs (see sim/stats/result.ts). */
const OPTIONAL_KEYS = new Set(['requests', 'priority_seconds', 'blk_latency', 'latency', 'stopped_ns', 'last_pcpu', 'vbds', 'vifs']);

/**
 * Figures of the whole run over every host (`estate.utilisation`, `estate.energy_kwh`,
 * …): what a sweep of a several-host scenario compares. For one host they equal
 * `host.*`.
 */
export function estateFigures(result: Result): Record<string, number> {
  const hosts = result.hosts;
  let busy = 0;
  let pcpus = 0;
  let energy = 0;
  let power = 0;
  let peak = 0;
  let free = 0;
  for (const h of hosts) {
    for (const p of h.pcpu) busy += p.busy_seconds;
    pcpus += h.pcpus;
    energy += h.energy_kwh;
    power += h.mean_power_w;
    if (h.peak_utilisation > peak) peak = h.peak_utilisation;
    free += h.free_memory_mb;
  }
  const span = result.end_ns > 0 ? result.end_ns / 1e9 : 1;
  return {
    hosts: hosts.length,
    pcpus,
    utilisation: pcpus > 0 ? busy / (pcpus * span) : 0,
    peak_host_utilisation: peak,
    energy_kwh: energy,
    mean_power_w: power,
    free_memory_mb: free,
    /** Hosts whose utilisation over the run is at least 80 %. */
    hosts_over_80pct: hosts.filter((h) => h.utilisation >= 0.8).length,
  };
}

export function metricValue(result: Result, metric: string): number | null {
  const segments = splitPath(metric);
  if (segments === undefined) return null;
  if (segments[0] === 'estate' && segments.length === 2) {
    const v = estateFigures(result)[segments[1]];
    return v !== undefined && Number.isFinite(v) ? v : null;
  }
  const w = walkPath(segments, result);
  return 'value' in w && typeof w.value === 'number' && Number.isFinite(w.value) ? w.value : null;
}

/**
 * Why `metric` is not a number in `sample` (a Result of the same scenario), or undefined
 * if it is one — or if it runs into a key that only some runs have.
 */
export function checkMetric(sample: Result, metric: string): string | undefined {
  const segments = splitPath(metric);
  if (segments === undefined) return `metric '${metric}' is not a dotted path (e.g. host.utilisation, domains.web.requests.p95_ms)`;
  if (segments[0] === 'estate') {
    const known = Object.keys(estateFigures(sample));
    return segments.length === 2 && known.includes(segments[1]) ? undefined : `metric '${metric}': the estate figures are ${known.map((k) => `estate.${k}`).join(', ')}`;
  }
  const w = walkPath(segments, sample);
  if ('error' in w) return `metric '${metric}': ${w.error}`;
  if (typeof w.value === 'number') return undefined;
  if (w.value === undefined) {
    // Missing: fine if the first missing key is one that only some runs have.
    let node: unknown = sample;
    for (const k of w.keys) {
      const next = (node as Record<string | number, unknown> | undefined)?.[k];
      if (next === undefined) return OPTIONAL_KEYS.has(String(k)) ? undefined : `metric '${metric}': the Result has no '${String(k)}' there`;
      node = next;
    }
  }
  const what = Array.isArray(w.value) ? 'a list' : typeof w.value === 'object' && w.value !== null ? `a group (${Object.keys(w.value).join(', ')})` : `a ${typeof w.value}`;
  return `metric '${metric}' is ${what} in the Result, not a number`;
}
