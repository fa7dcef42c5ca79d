/**
 * A one-host run's host as an entry of Result.hosts[]: the host with its series and
 * the guests on it at the end. Built from the Result's own fields.
 */
import type { ClusterHostResult, DomainResult, HostResult, SeriesResult } from './result.js';

const round3 = (x: number): number => Math.round(x * 1e3) / 1e3;

export function hostEntry(host: HostResult, domains: DomainResult[], series: SeriesResult, xenReservedMb: number): ClusterHostResult {
  const dom0 = domains[0];
  const dom0Alloc = series.domains[dom0.name]?.alloc_mb ?? [];
  const total = host.memory_mb - xenReservedMb;
  return {
    ...host,
    guests: domains.slice(1).filter((d) => d.failed === undefined && d.started_ns >= 0 && d.stopped_ns === undefined).map((d) => d.name),
    dom0,
    series: {
      t_ns: series.t_ns,
      util: series.host_util,
      power_w: series.power_w,
      free_mb: series.free_mb,
      guests_mb: series.free_mb.map((free, i) => round3(total - (dom0Alloc[i] ?? 0) - free)),
    },
  };
}
