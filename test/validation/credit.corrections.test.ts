/**
 * Corrections to credit1 found by an audit against credit.c (issue #22), each checked
 * against the behaviour Xen's source gives, with numbers:
 * - a capped vCPU unparked by accounting is not boosted (csched_acct unpauses it before
 *   it clears CSCHED_FLAG_VCPU_PARKED, "to make sure the VCPU's priority is not boosted
 *   if it is woken up here": 3.0.4's c1c2224094 onwards);
 * - a domain becoming active goes to the head of the active list (list_add);
 * - the first wake of a new vCPU is no BOOST from Xen 4.7: csched_unit_insert places it
 *   with csched_res_pick, which sets CSCHED_FLAG_UNIT_MIGRATING (66c7449a4d).
 */
import { describe, expect, test } from '@jest/globals';
import { buildRun } from '../../sim/build.js';
import type { Domain } from '../../sim/xen/domain.js';
import { dom, runYaml, scenarioFrom } from '../helpers/scenario.js';

const SECONDS = 20;

/** A CPU hog (capped or not) and an I/O-like guest (0.2 ms bursts, 5 ms sleeps) on 1 pCPU. */
function hogAndIo(cap: number): string {
  return `
name: cap-boost
duration: ${SECONDS}s
host: { pcpus: 1, memory: 2G, cpu: { ghz: 2GHz } }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: hog, memory: 128, cap: ${cap}, workload: cpu-hog }
  - name: io
    memory: 128
    workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: exp(5ms) } ] } ] }
`;
}

describe('unparking a capped vCPU is not a BOOST wake-up', () => {
  const capped = runYaml(hogAndIo(40));
  const uncapped = runYaml(hogAndIo(0));

  test('a cap-40 hog never runs at BOOST (it only ever wakes from parking)', () => {
    const hog = dom(capped, 'hog');
    // Held to its cap, and parked ~60 % of the time: it is unparked every few periods.
    expect(Math.abs(hog.cpu_seconds / SECONDS - 0.4)).toBeLessThan(0.02);
    // A cpu-hog never blocks, so its only wake-ups are the unparkings and the first one
    // at creation (not boosted either in Xen ≥ 4.7: next describe); none may boost.
    expect(hog.priority_seconds!.boost).toBe(0);
  });

  test('an I/O guest beside the capped hog waits no longer than beside an uncapped one', () => {
    // Its BOOST preempts the hog (UNDER or OVER) in both cases; a boosted hog would make
    // it wait for the hog's next tick instead (≈ 7× longer before the correction).
    const withCap = dom(capped, 'io').wake_latency_ms;
    const withoutCap = dom(uncapped, 'io').wake_latency_ms;
    expect(dom(capped, 'io').wakeups).toBeGreaterThan(2000);
    expect(withCap).toBeLessThan(1.5 * withoutCap);
  });
});

describe('a domain joins the active list at its head (list_add in __csched_vcpu_acct_start)', () => {
  test('three hogs started 100 ms apart: the list reads newest first', () => {
    const s = scenarioFrom(`
name: order
duration: 1s
host: { pcpus: 3, memory: 2G }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: first, memory: 128, workload: cpu-hog }
  - { name: second, memory: 128, start: 100ms, workload: cpu-hog }
  - { name: third, memory: 128, start: 200ms, workload: cpu-hog }
`);
    const { rt } = buildRun(s, s.seed, s.durationNs);
    rt.sim.run({ untilNs: 0.25e9 });
    const list = (rt.host.scheduler as unknown as { activeDomains: Domain[] }).activeDomains.map((d) => d.name);
    // Each joined at its first tick; no pass has reordered them (no domain is held to
    // its peak while another has spare room: all three share 3 pCPUs evenly).
    expect(list).toEqual(['third', 'second', 'first']);
  });
});

describe('the first wake of a new vCPU is not boosted (Xen ≥ 4.7, 66c7449a4d)', () => {
  const twoHogs = (xen: string) => `
name: first-wake
duration: 2s
xen: "${xen}"
host: { pcpus: 1, memory: 2G }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: a, memory: 128, workload: cpu-hog }
  - { name: b, memory: 128, workload: cpu-hog }
`;
  test('two hogs that never block: no BOOST at all under 4.17; under 4.6 each starts boosted', () => {
    const r417 = runYaml(twoHogs('4.17'));
    const r46 = runYaml(twoHogs('4.6'));
    for (const n of ['a', 'b']) expect(dom(r417, n).priority_seconds!.boost).toBe(0);
    // 4.6: boosted at creation until a tick finds it running (the second waits for it).
    const boosted = dom(r46, 'a').priority_seconds!.boost + dom(r46, 'b').priority_seconds!.boost;
    expect(boosted).toBeGreaterThan(0.005);
    expect(boosted).toBeLessThan(0.05);
  });
});
