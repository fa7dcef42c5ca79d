/**
 * A rough cost estimate of a run, before it starts: events per simulated second from
 * what each workload does (requests, wake-ups, busy vCPUs with their ticks and
 * accounting), times the horizon, over a conservative event rate. The CLI asks for
 * --force above a limit rather than spending hours.
 */
import type { Scenario, DomainSpec } from './types.js';
import { parsePresetParam } from '../workload/preset-params.js';
import { chooseSampleNs } from '../stats/sample-interval.js';

/** Events per wall second we assume (well under what `npm run bench` measures). */
export const ASSUMED_EVENTS_PER_SECOND = 3e6;
const EVENTS_PER_REQUEST = 20;
const EVENTS_PER_WAKEUP = 5;
/** A busy vCPU: 100 ticks, 33 accounting periods and a few slices a second. */
const EVENTS_PER_BUSY_VCPU = 170;

function param(d: DomainSpec, key: string, fallback: number): number {
  const w = d.workload;
  if (w.kind !== 'preset') return fallback;
  const v = w.params[key];
  if (v === undefined) return fallback;
  try {
    const o = parsePresetParam(v, 'rate');
    return o.kind === 'const' ? o.value : fallback;
  } catch {
    return fallback;
  }
}

export function eventsPerSimSecond(s: Scenario): number {
  let rate = 0;
  for (const d of [s.dom0, ...s.domains]) {
    const w = d.workload;
    if (w.kind === 'preset') {
      switch (w.preset) {
        case 'idle': rate += param(d, 'wakeups', 1) * EVENTS_PER_WAKEUP; break;
        case 'web': rate += param(d, 'rate', 10) * EVENTS_PER_REQUEST; break;
        case 'mail': rate += param(d, 'rate', 0.2) * EVENTS_PER_REQUEST; break;
        case 'db': rate += param(d, 'rate', 20) * EVENTS_PER_REQUEST * 2; break;
        default: rate += d.vcpus * EVENTS_PER_BUSY_VCPU;
      }
    } else if (w.kind === 'program') {
      const a = w.arrivals;
      rate += a.kind === 'poisson' ? a.ratePerSec * EVENTS_PER_REQUEST : d.vcpus * EVENTS_PER_BUSY_VCPU;
    } else if (w.kind === 'trace') {
      rate += d.vcpus * 8 + EVENTS_PER_BUSY_VCPU * Math.min(1, w.trace.cpu.reduce((a, b) => a + b, 0) / w.trace.cpu.length);
    }
  }
  return rate;
}

/**
 * Wall seconds per domain and sample point beyond the events: sampling every domain,
 * the Result's series, posting it from the worker and writing it out. Measured with
 * `npm run bench -- soak` (20,000 guests, 721 points: 374 s, of which the events
 * account for ~135 s at the assumed rate).
 */
export const SECONDS_PER_DOMAIN_POINT = 16e-6;

export function estimateCostSeconds(s: Scenario, durationNs = s.durationNs): number {
  const domainPoints = (s.domains.length + 1) * seriesPoints(s, durationNs);
  return (eventsPerSimSecond(s) * (durationNs / 1e9)) / ASSUMED_EVENTS_PER_SECOND + domainPoints * SECONDS_PER_DOMAIN_POINT;
}

/**
 * Peak memory of `xensim run --out` (bytes), before it starts: a base (Node, the loaded
 * scenario, the chart renderer) plus, per domain, its share of the time series — six
 * columns of float64 per sample point, held as the collector's columns, the Result's
 * arrays in the worker, the copy posted to the main thread and that copy's arrays (about
 * 220 bytes per domain-point in all) — plus a little per domain and vCPU for the model.
 * Calibrated with `xensim run --out` on generated idle/light scenarios (bench/soak-scenario.ts)
 * of 1,000–20,000 domains and 600–1,441 points: 1,000 × 601 points 351 MB, 1,000 × 1,441
 * 564 MB, 4,000 × 601 816 MB, 20,000 × 721 (a simulated hour) 2.7 GB (docs/performance.md, "Size"); a scenario
 * of many busy domains or long traces needs more.
 */
export const MEMORY_BASE_BYTES = 200e6;
export const MEMORY_BYTES_PER_DOMAIN_POINT = 220;
export const MEMORY_BYTES_PER_DOMAIN = 20e3;
export const MEMORY_BYTES_PER_VCPU = 2e3;

/** Sample points of a run: the scenario's `sample:` or the ≈1,500-point choice. */
export function seriesPoints(s: Scenario, durationNs = s.durationNs): number {
  const sampleNs = s.sampleNs > 0 ? s.sampleNs : chooseSampleNs(durationNs);
  return Math.ceil(durationNs / sampleNs) + 1;
}

export function estimateMemoryBytes(s: Scenario, durationNs = s.durationNs): number {
  const domains = [s.dom0, ...s.domains];
  const vcpus = domains.reduce((a, d) => a + d.vcpus, 0);
  const hosts = s.hosts?.length ?? 1;
  const points = seriesPoints(s, durationNs);
  return MEMORY_BASE_BYTES + domains.length * MEMORY_BYTES_PER_DOMAIN + vcpus * MEMORY_BYTES_PER_VCPU +
    (domains.length + hosts) * points * MEMORY_BYTES_PER_DOMAIN_POINT;
}

/** "1.2 GB", "640 MB". */
export function formatBytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.round(b / 1e6)} MB`;
}

/** "about 3.9 GB of memory and 6 minutes (estimated)": validate's note for a big scenario. */
/** `threads`: host groups of an estate running side by side (the CLI's worker threads). */
export function estimateText(s: Scenario, durationNs = s.durationNs, threads = 1): string {
  const sec = estimateCostSeconds(s, durationNs) / Math.max(1, threads);
  const time = sec >= 90 ? `${Math.round(sec / 60)} minutes` : `${Math.max(1, Math.round(sec))} s`;
  return `about ${formatBytes(estimateMemoryBytes(s, durationNs))} of memory and ${time} to run (estimated)`;
}
