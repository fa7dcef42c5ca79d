/**
 * `xensim plan SCENARIO`: plan the guests of a scenario — one host or an estate — onto
 * the fewest hosts of one of its hosts' profile (its hardware, scheduler and Dom0), by
 * the same first-fit-decreasing, simulation-checked placement as a consolidation file's
 * plan: section (sim/experiment/plan.ts). Each candidate host is a one-host scenario
 * holding those guests exactly as the scenario declares them (memory, vCPUs, weight,
 * cap, devices, workload); the timeline is left out (it names the old placement).
 */
import { groupScenario } from '../estate/group-scenario.js';
import type { LoadResult } from '../scenario/load.js';
import type { DomainSpec, Scenario } from '../scenario/types.js';
import type { PlanSpec } from './consolidation-load.js';

export interface ScenarioPlanOptions {
  /** The host whose profile to buy (default the first). */
  host?: string;
  /** p95 objective per guest name, ns; `default` for the rest. */
  sloNs: Map<string, number>;
  headroomCpu: number;
  headroomMemory: number;
  maxHosts?: number;
  durationNs?: number;
}

export function scenarioPlanSpec(scenario: Scenario, o: ScenarioPlanOptions): { spec: PlanSpec } | { error: string } {
  const names = scenario.hosts?.map((h) => h.spec.name) ?? [scenario.host.name];
  const hostIndex = o.host === undefined ? 0 : names.indexOf(o.host);
  if (hostIndex < 0) return { error: `--host '${o.host}': the scenario's hosts are ${names.join(', ')}` };
  const byName = new Map<string, DomainSpec>(scenario.domains.map((d) => [d.name, d]));
  const sloNs = new Map<string, number>();
  const fallback = o.sloNs.get('default');
  for (const [k, v] of o.sloNs) {
    if (k === 'default') continue;
    if (!byName.has(k)) return { error: `--slo ${k}=…: no guest named '${k}' in ${scenario.name}` };
    sloNs.set(k, v);
  }
  if (fallback !== undefined) for (const d of scenario.domains) if (!sloNs.has(d.name)) sloNs.set(d.name, fallback);
  const profile = groupScenario(scenario, [hostIndex]);
  const durationNs = o.durationNs ?? scenario.durationNs;
  const candidate = (guests: string[], label: string): LoadResult => {
    const domains = guests.map((g) => {
      const { host: _h, cpus, ...d } = byName.get(g)!;
      void _h;
      // Pins that do not exist on the profile host are dropped.
      const pins = cpus?.filter((c) => c < profile.host.pcpus);
      return { ...d, startNs: 0, stopNs: undefined, cpus: pins !== undefined && pins.length > 0 ? pins : undefined };
    });
    return { scenario: { ...profile, name: label, durationNs, domains, timeline: [] }, warnings: [] };
  };
  return {
    spec: {
      candidate,
      sloNs,
      headroomCpu: o.headroomCpu,
      headroomMemory: o.headroomMemory,
      maxHosts: o.maxHosts ?? Math.max(1, scenario.domains.length),
      durationNs,
      dom0MemoryFixed: true,
      workloads: scenario.domains.map((d) => d.name),
    },
  };
}
