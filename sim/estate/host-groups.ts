/**
 * Which hosts of a scenario must run together: hosts that a timeline migration can
 * couple (`migrate` joins a guest's home host with every host it is sent to;
 * `evacuate` joins a host with its targets, or with every host when none are named).
 * Every other host is a group of its own and runs as an independent simulation —
 * alone, on a worker thread or on another machine — with the same Result as in one
 * process, since nothing crosses between groups and random streams are per name.
 */
import type { Scenario } from '../scenario/types.js';

/** Home hosts per scenario object, so that slicing 800 groups reads the guest list once. */
const homes = new WeakMap<Scenario, number[]>();

/** Index of each guest's home host (the first host when it names none). */
export function homeHosts(scenario: Scenario): number[] {
  const known = homes.get(scenario);
  if (known !== undefined) return known;
  const hosts = scenario.hosts;
  let home: number[];
  if (hosts === undefined) home = scenario.domains.map(() => 0);
  else {
    const index = new Map(hosts.map((h, k) => [h.spec.name, k]));
    home = scenario.domains.map((d) => (d.host !== undefined ? index.get(d.host) ?? 0 : 0));
  }
  homes.set(scenario, home);
  return home;
}

const byHost = new WeakMap<Scenario, number[][]>();

/** Guest indices (scenario order) on each host. */
export function guestsByHost(scenario: Scenario): number[][] {
  const known = byHost.get(scenario);
  if (known !== undefined) return known;
  const lists: number[][] = Array.from({ length: scenario.hosts?.length ?? 1 }, () => []);
  homeHosts(scenario).forEach((k, i) => lists[k].push(i));
  byHost.set(scenario, lists);
  return lists;
}

/** Groups of host indices, each sorted, ordered by their first host. */
export function hostGroups(scenario: Scenario): number[][] {
  const n = scenario.hosts?.length ?? 1;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const join = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  if (scenario.hosts !== undefined) {
    const index = new Map(scenario.hosts.map((h, k) => [h.spec.name, k]));
    const home = homeHosts(scenario);
    const guest = new Map(scenario.domains.map((d, i) => [d.name, i]));
    for (const t of scenario.timeline) {
      const a = t.action;
      if (a.kind === 'migrate') {
        const g = guest.get(a.domain);
        const to = index.get(a.to);
        if (g !== undefined && to !== undefined) join(home[g], to);
      } else if (a.kind === 'evacuate') {
        const from = index.get(a.host);
        if (from === undefined) continue;
        const targets = a.to === undefined ? scenario.hosts.map((_, k) => k) : a.to.map((name) => index.get(name)).filter((k): k is number => k !== undefined);
        for (const k of targets) join(from, k);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g === undefined) groups.set(r, [i]);
    else g.push(i);
  }
  return [...groups.values()].sort((a, b) => a[0] - b[0]);
}

/** What merging the groups' Results needs to know of the scenario (a shard file carries it). */
export interface EstateLayout {
  scenario: string;
  /** Host names, in scenario order. */
  hosts: string[];
  /** Guests in scenario order with the index of their home host. */
  guests: { name: string; home: number }[];
  groups: number[][];
}

export function estateLayout(scenario: Scenario): EstateLayout {
  const home = homeHosts(scenario);
  return {
    scenario: scenario.name,
    hosts: scenario.hosts?.map((h) => h.spec.name) ?? [scenario.host.name],
    guests: scenario.domains.map((d, i) => ({ name: d.name, home: home[i] })),
    groups: hostGroups(scenario),
  };
}
