/**
 * Property: after migrations, a guest's CPU time is accounted on the host it ran on and
 * none is lost or counted twice — Σ over hosts of pCPU busy time = Σ of every domain's
 * CPU time (guests and each host's Dom0), and a guest's CPU time equals the sum of its
 * per-interval CPU series (continuous across the moves). Small random scenarios.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { runYaml } from '../helpers/scenario.js';

const WORKLOADS = ['cpu-hog', 'idle', '{ program: [ { ws: 8M }, { forever: [ { cpu: exp(3M) }, { touch: 64K }, { sleep: exp(5ms) } ] } ] }'];

interface Shape {
  pcpus: [number, number];
  guests: { workload: number; home: number; vcpus: number; memory: number }[];
  moves: { at: number; guest: number; live: boolean }[];
}

const scenarioArb: fc.Arbitrary<Shape> = fc.record({
  pcpus: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  guests: fc.array(fc.record({ workload: fc.integer({ min: 0, max: 2 }), home: fc.integer({ min: 0, max: 1 }), vcpus: fc.integer({ min: 1, max: 2 }), memory: fc.integer({ min: 32, max: 128 }) }), { minLength: 1, maxLength: 3 }),
  moves: fc.array(fc.record({ at: fc.integer({ min: 1, max: 18 }), guest: fc.integer({ min: 0, max: 2 }), live: fc.boolean() }), { maxLength: 3 }),
});

function yamlOf(s: Shape): string {
  const guests = s.guests.map((g, i) => `  - { name: g${i}, memory: ${g.memory}, vcpus: ${g.vcpus}, host: h${g.home}, workload: ${WORKLOADS[g.workload]} }`).join('\n');
  // Each move sends the guest to the other host than the one it is expected on.
  const where = s.guests.map((g) => g.home);
  const moves = [...s.moves].filter((m) => m.guest < s.guests.length).sort((a, b) => a.at - b.at);
  const timeline = moves.map((m) => {
    const to = 1 - where[m.guest];
    where[m.guest] = to;
    return `  - { at: ${m.at}s, migrate: { domain: g${m.guest}, to: h${to}, live: ${m.live} } }`;
  });
  return `
duration: 20s
hosts:
  - { name: h0, pcpus: ${s.pcpus[0]}, memory: 2G }
  - { name: h1, pcpus: ${s.pcpus[1]}, memory: 2G }
dom0: { memory: 256M, vcpus: 1 }
network: { bandwidth: 1Gbit, latency: 50us }
domains:
${guests}
timeline:
${timeline.length > 0 ? timeline.join('\n') : '  []'}
`.replace('timeline:\n  []', 'timeline: []');
}

describe('CPU accounting across migrations', () => {
  test('Σ pCPU busy over hosts = Σ domain CPU; each guest continuous across its moves', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = runYaml(yamlOf(s));
        const hosts = r.hosts!;
        let busy = 0;
        for (const h of hosts) for (const p of h.pcpu) busy += p.busy_seconds;
        let cpu = 0;
        for (const h of hosts) cpu += h.dom0.cpu_seconds;
        for (const d of r.domains.slice(1)) cpu += d.cpu_seconds;
        expect(Math.abs(busy - cpu)).toBeLessThan(1e-5 * Math.max(1, busy));
        // Each guest: the integral of its CPU series is its CPU time.
        const t = r.series.t_ns;
        for (const d of r.domains.slice(1)) {
          const series = r.series.domains[d.name].cpu;
          let integral = 0;
          for (let i = 0; i < t.length; i++) integral += series[i] * (t[i] - (i > 0 ? t[i - 1] : 0)) / 1e9;
          expect(Math.abs(integral - d.cpu_seconds)).toBeLessThan(1e-3);
          // No more CPU than its vCPUs could have had.
          expect(d.cpu_seconds).toBeLessThanOrEqual(20 * d.vcpus + 1e-6);
        }
        // Completed migrations leave the guest where the last one sent it.
        for (const m of r.migrations!) if (m.outcome === 'completed') expect(m.downtime_ms).toBeGreaterThan(0);
      }),
      { numRuns: 25, seed: 12 },
    );
  });

  test('a CPU hog alone on its hosts loses only its downtime', () => {
    const r = runYaml(`
duration: 30s
hosts:
  - { name: h0, pcpus: 2, memory: 2G }
  - { name: h1, pcpus: 2, memory: 2G }
dom0: { memory: 256M, vcpus: 1 }
domains:
  - { name: hog, memory: 128, host: h0, workload: cpu-hog }
timeline:
  - { at: 5s, migrate: { domain: hog, to: h1 } }
  - { at: 15s, migrate: { domain: hog, to: h0, live: false } }
`);
    const hog = r.domains.find((d) => d.name === 'hog')!;
    const down = r.migrations!.reduce((a, m) => a + m.downtime_ms / 1e3, 0);
    expect(r.migrations!.every((m) => m.outcome === 'completed')).toBe(true);
    expect(hog.cpu_seconds).toBeCloseTo(30 - down, 1);
    // Each host ran it for the time it was there.
    const [m1, m2] = r.migrations!;
    const onH1 = (m2.start_ns + (m2.total_seconds * 1e9 - m2.downtime_ms * 1e6) - m1.end_ns!) / 1e9;
    const h1Busy = r.hosts![1].pcpu.reduce((a, p) => a + p.busy_seconds, 0) - r.hosts![1].dom0.cpu_seconds;
    expect(h1Busy).toBeCloseTo(onH1, 1);
  });
});
