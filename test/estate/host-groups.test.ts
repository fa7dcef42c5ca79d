/**
 * Hosts that no migration couples run as independent simulations: the groups are
 * right, a merged run equals each host run alone, and an estate builds one Domain per
 * guest and per Dom0 (guests + hosts), never one per guest per host.
 */
import { describe, expect, test } from '@jest/globals';
import { hostGroups } from '../../sim/estate/host-groups.js';
import { groupScenario } from '../../sim/estate/group-scenario.js';
import { runScenario } from '../../sim/run.js';
import { Domain } from '../../sim/xen/domain.js';
import { scenarioFrom } from '../helpers/scenario.js';

function estateYaml(hosts: number, guests: number, timeline = 'timeline: []'): string {
  const hs = Array.from({ length: hosts }, (_, k) => `  - { name: h${k}, pcpus: ${1 + (k % 2)}, memory: 2G }`).join('\n');
  const workloads = ['cpu-hog', '{ preset: web, rate: 30/s }', '{ program: [ { forever: [ { cpu: exp(4M) }, { sleep: exp(6ms) } ] } ] }'];
  const gs = Array.from({ length: guests }, (_, i) => `  - { name: g${i}, memory: 128, vcpus: ${1 + (i % 2)}, host: h${i % hosts}, weight: ${128 * (1 + (i % 3))}, workload: ${workloads[i % 3]} }`).join('\n');
  return `
name: small-estate
duration: 5s
hosts:
${hs}
dom0: { memory: 256M, vcpus: 1 }
network: { bandwidth: 1Gbit, latency: 50us }
domains:
${gs}
${timeline}
`;
}

describe('host groups', () => {
  test('hosts without migrations are groups of one; migrate and evacuate join hosts', () => {
    expect(hostGroups(scenarioFrom(estateYaml(4, 6)))).toEqual([[0], [1], [2], [3]]);
    const migrate = scenarioFrom(estateYaml(4, 6, 'timeline:\n  - { at: 1s, migrate: { domain: g1, to: h3 } }'));
    expect(hostGroups(migrate)).toEqual([[0], [1, 3], [2]]);
    const evacuate = scenarioFrom(estateYaml(4, 6, 'timeline:\n  - { at: 1s, evacuate: { host: h2, to: [h0] } }'));
    expect(hostGroups(evacuate)).toEqual([[0, 2], [1], [3]]);
    const everywhere = scenarioFrom(estateYaml(4, 6, 'timeline:\n  - { at: 1s, evacuate: { host: h2 } }'));
    expect(hostGroups(everywhere)).toEqual([[0, 1, 2, 3]]);
  });

  test('a one-host scenario is one group', () => {
    const s = scenarioFrom('duration: 1s\nhost: { pcpus: 2, memory: 1G }\ndomains: [ { name: a, memory: 128, workload: cpu-hog } ]\n');
    expect(hostGroups(s)).toEqual([[0]]);
  });

  test('an uncoupled estate gives each host what that host gives run alone', () => {
    const s = scenarioFrom(estateYaml(3, 7));
    const whole = runScenario(s);
    expect(whole.hosts.map((h) => h.name)).toEqual(['h0', 'h1', 'h2']);
    let events = 0;
    for (const [k, g] of hostGroups(s).entries()) {
      const alone = runScenario(groupScenario(s, g));
      events += alone.events;
      expect(alone.hosts).toHaveLength(1);
      const { guests, dom0, series, ...host } = whole.hosts[k];
      expect(host).toEqual(alone.host);
      expect(series.util).toEqual(alone.series.host_util);
      expect(dom0).toEqual(alone.domains[0]);
      expect(guests).toEqual(alone.domains.slice(1).map((d) => d.name));
      for (const d of alone.domains.slice(1)) {
        expect(whole.domains.find((x) => x.name === d.name)).toEqual({ ...d, host: `h${k}` });
        expect(whole.series.domains[d.name]).toEqual(alone.series.domains[d.name]);
      }
    }
    expect(whole.events).toBe(events);
    // Guests in scenario order after the first host's Dom0.
    expect(whole.domains.map((d) => d.name)).toEqual(['Domain-0', ...Array.from({ length: 7 }, (_, i) => `g${i}`)]);
    const busy = whole.hosts.reduce((a, h) => a + h.pcpu.reduce((b, p) => b + p.busy_seconds, 0), 0);
    const pcpus = whole.hosts.reduce((a, h) => a + h.pcpus, 0);
    expect(whole.summary).toBe(`${((busy / (pcpus * 5)) * 100).toFixed(2)}% cpu utilisation over 5 seconds`);
  });

  test('an estate builds one Domain per guest and per host (guests + hosts), not guests × hosts', () => {
    const hosts = 12;
    const guests = 30;
    const s = scenarioFrom(estateYaml(hosts, guests).replace('duration: 5s', 'duration: 200ms'));
    const before = Domain.constructed;
    runScenario(s);
    expect(Domain.constructed - before).toBe(guests + hosts);
  });

  test('coupled hosts still run together, with their migrations', () => {
    const s = scenarioFrom(estateYaml(3, 5, 'timeline:\n  - { at: 1s, migrate: { domain: g0, to: h1, live: true } }'));
    const r = runScenario(s);
    expect(r.migrations).toHaveLength(1);
    expect(r.migrations![0].outcome).toBe('completed');
    expect(r.domains.find((d) => d.name === 'g0')!.host).toBe('h1');
    expect(r.hosts.map((h) => h.name)).toEqual(['h0', 'h1', 'h2']);
  });

  test('a run stopped early reports each host over the time it reached, and says so', () => {
    const s = scenarioFrom(estateYaml(4, 6));
    const r = runScenario(s, { maxEvents: 300 });
    expect(r.stopped_early).toBe(true);
    const pct = Number(/^([0-9.]+)% cpu utilisation/.exec(r.summary)![1]);
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(pct).toBeLessThanOrEqual(100);
    expect(r.warnings.some((w) => /^stopped early: \d of 4 host groups reached the horizon/.test(w))).toBe(true);
    expect(r.end_ns).toBeGreaterThan(0);
    expect(r.end_ns).toBeLessThan(5e9);
  });
});
