/**
 * The scenario of one group of hosts (sim/estate/host-groups.ts): those hosts, the
 * guests whose home is among them, and the timeline actions that concern them. A group
 * of one host becomes a plain one-host scenario (`host:`), built by the same builder as
 * any one-host scenario; a group of several keeps `hosts:` and its migrations.
 */
import type { Scenario, TimelineEvent } from '../scenario/types.js';
import { guestsByHost } from './host-groups.js';

export function groupScenario(scenario: Scenario, group: readonly number[]): Scenario {
  const hosts = scenario.hosts;
  if (hosts === undefined) return scenario;
  const inGroup = new Set(group);
  const lists = guestsByHost(scenario);
  const domains = group.flatMap((k) => lists[k]).sort((a, b) => a - b).map((i) => scenario.domains[i]);
  const names = new Set(domains.map((d) => d.name));
  const hostNames = new Set(group.map((k) => hosts[k].spec.name));
  // Domain-0 in a timeline means the first host's, as in a one-host scenario.
  const timeline = scenario.timeline.filter((t: TimelineEvent) => {
    const a = t.action;
    if (a.kind === 'evacuate') return hostNames.has(a.host);
    if (a.domain === scenario.dom0.name) return inGroup.has(0);
    return names.has(a.domain);
  });
  const first = hosts[group[0]];
  const base: Scenario = {
    ...scenario,
    host: first.spec,
    scheduler: first.scheduler,
    dom0: first.dom0,
    memory: { ...scenario.memory, dom0MinMb: first.dom0MinMb },
    domains,
    timeline,
  };
  if (group.length === 1) {
    const { hosts: _h, network: _n, migration: _m, ...one } = base;
    void _h; void _n; void _m;
    return { ...one, domains: domains.map(({ host: _host, ...d }) => (void _host, d)) };
  }
  return { ...base, hosts: group.map((k) => hosts[k]) };
}
