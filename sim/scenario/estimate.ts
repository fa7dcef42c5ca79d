/**
 * A rough cost estimate of a run, before it starts: events per simulated second from
 * what each workload does (requests, wake-ups, busy vCPUs with their ticks and
 * accounting), times the horizon, over a conservative event rate. The CLI asks for
 * --force above a limit rather than spending hours.
 */
import type { Scenario, DomainSpec } from './types.js';
import { parsePresetParam } from '../workload/preset-params.js';

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

export function estimateCostSeconds(s: Scenario, durationNs = s.durationNs): number {
  return (eventsPerSimSecond(s) * (durationNs / 1e9)) / ASSUMED_EVENTS_PER_SECOND;
}
