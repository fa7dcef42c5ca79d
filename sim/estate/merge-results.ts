/**
 * One Result from the Results of a scenario's host groups (sim/estate/host-groups.ts),
 * in the shape every run has: `hosts[]` with every host and its series, `host` the
 * first host, `domains[]` the first host's Dom0 and then every guest in scenario order
 * (with the host it is on), `series` the first host's with every listed domain's
 * columns, migrations and links of the groups that have them. The merge reads only the
 * groups' Results, so it gives the same bytes whether the groups ran in one process, on
 * worker threads or as shards on other machines.
 */
import type { ClusterHostResult, DomainResult, MigrationResult, Result, SeriesResult } from '../stats/result.js';
import { RESULT_SCHEMA_VERSION } from '../stats/result.js';
import { summaryLine } from '../stats/summary.js';
import type { EstateLayout } from './host-groups.js';

export function mergeGroupResults(layout: EstateLayout, results: readonly Result[]): Result {
  const { hosts, groups } = layout;
  // One group of coupled hosts: its collector's Result is already the whole run.
  if (groups.length === 1 && groups[0].length > 1) return { ...results[0], schema_version: RESULT_SCHEMA_VERSION };
  const byHost: ClusterHostResult[] = new Array(hosts.length);
  const guestResult = new Map<string, DomainResult>();
  const series: SeriesResult['domains'] = {};
  const warnings: string[] = [];
  const migrations: MigrationResult[] = [];
  const links: { from: string; to: string; bytes: number }[] = [];
  let events = 0;
  let busyNs = 0;
  let endNs = 0;
  let pcpuNs = 0;
  let short = 0;
  let stoppedEarly = false;
  groups.forEach((g, gi) => {
    const r = results[gi];
    events += r.events;
    stoppedEarly ||= r.stopped_early;
    endNs = Math.max(endNs, r.end_ns);
    if (r.end_ns < r.duration_ns) short++;
    const entries = r.hosts;
    entries.forEach((h, j) => {
      byHost[g[j]] = h;
      for (const p of h.pcpu) busyNs += p.busy_seconds * 1e9;
      // Each host's own simulated span: after a stop, groups reached different times.
      pcpuNs += h.pcpus * r.end_ns;
    });
    const prefix = groups.length > 1 ? `${g.map((k) => hosts[k]).join(', ')}: ` : '';
    for (const w of r.warnings) warnings.push(prefix + w);
    for (const d of r.domains.slice(1)) guestResult.set(d.name, g.length === 1 ? { ...d, host: hosts[g[0]] } : d);
    for (const [name, s] of Object.entries(r.series.domains)) if (name !== r.domains[0].name || g[0] === 0) series[name] = s;
    if (r.migrations !== undefined) migrations.push(...r.migrations);
    if (r.links !== undefined) links.push(...r.links);
  });
  const first = byHost[0];
  const { guests: _g, dom0, series: firstSeries, ...host } = first;
  void _g;
  const domains: DomainResult[] = [dom0, ...layout.guests.map((d) => guestResult.get(d.name) ?? missingGuest(d.name, hosts[d.home]))];
  // Series keyed in the order domains are listed.
  const orderedSeries: SeriesResult['domains'] = {};
  for (const d of domains) if (series[d.name] !== undefined) orderedSeries[d.name] = series[d.name];
  if (stoppedEarly) warnings.push(`stopped early: ${groups.length - short} of ${groups.length} host groups reached the horizon; utilisation is over the time each host was simulated`);
  const out: Result = {
    schema_version: RESULT_SCHEMA_VERSION,
    scenario: layout.scenario,
    seed: results[0].seed,
    scheduler: results[0].scheduler,
    ...(results[0].xen !== undefined ? { xen: results[0].xen, toolstack: results[0].toolstack } : {}),
    duration_ns: results[0].duration_ns,
    end_ns: endNs,
    stopped_early: stoppedEarly,
    events,
    summary: summaryLine(pcpuNs > 0 ? busyNs / pcpuNs : 0, endNs),
    host,
    domains,
    series: { t_ns: firstSeries.t_ns, host_util: firstSeries.util, power_w: firstSeries.power_w, free_mb: firstSeries.free_mb, domains: orderedSeries },
    warnings,
    hosts: byHost,
  };
  if (hosts.length > 1) {
    out.migrations = migrations;
    out.links = links;
  }
  return out;
}

/** A guest no group reported (a shard missing from a merge never gets here: merge checks). */
function missingGuest(name: string, host: string): DomainResult {
  throw new Error(`internal: no result for guest ${name} on ${host}`);
}
