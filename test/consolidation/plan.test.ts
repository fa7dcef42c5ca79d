/**
 * plan: first-fit-decreasing, each host checked by simulation. Whatever the workloads,
 * it never returns a host that fails its own checks when simulated again, and spreading
 * its placement over one more host never makes a host or a workload worse.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { loadConsolidationText, type PlanSpec } from '../../sim/experiment/consolidation-load.js';
import { checkHost, planHosts } from '../../sim/experiment/plan.js';
import { runInProcess } from '../../sim/experiment/consolidation.js';
import { formatError } from '../../sim/scenario/load.js';
import { ROOT } from '../helpers/scenario.js';

/** Web workloads at `rates` (requests/s of 20 M instructions) planned onto 1-pCPU 1 GHz hosts. */
function planSpec(rates: number[], sloMs = 300, cpu = 0.7): PlanSpec {
  const servers = rates.map((r, i) => `  - { name: w${i}, memory: 1G, guest: { memory: 128M }, workload: { preset: web, rate: ${r}/s, service: exp(20M), read_p: 0 } }`).join('\n');
  const text = `name: p\nseed: 7\nduration: 20s\nbefore:\n${servers}\nplan:\n  host: { pcpus: 1, cpu: { ghz: 1GHz }, memory: 1G }\n  dom0: { memory: 128M, vcpus: 1, workload: idle }\n  slo: { default: ${sloMs}ms }\n  headroom: { cpu: ${cpu}, memory: 0.9 }\n`;
  const r = loadConsolidationText(text, 'p.yaml', { baseDir: ROOT });
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  return r.consolidation.plan!;
}

const rates = fc.array(fc.integer({ min: 2, max: 12 }), { minLength: 2, maxLength: 4 });

describe('plan', () => {
  test('never returns a host that breaks its SLOs or headroom in its own simulation', async () => {
    await fc.assert(
      fc.asyncProperty(rates, async (rs) => {
        const spec = planSpec(rs);
        const p = await planHosts(spec);
        expect(p.feasible).toBe(true);
        expect(p.hosts.flatMap((h) => h.domains).sort()).toEqual(rs.map((_, i) => `w${i}`).sort());
        expect(p.hosts.length).toBeGreaterThanOrEqual(p.lowerBound);
        for (const h of p.hosts) {
          const again = await checkHost(spec, h.domains, 'again', runInProcess);
          expect(again.check.ok).toBe(true);
          expect(again.check.cpuP95!).toBeLessThanOrEqual(spec.headroomCpu);
          expect(again.check.worstSloRatio!).toBeLessThanOrEqual(1);
          expect(again.check).toEqual(h.check);
        }
      }),
      { numRuns: 10, seed: 42 },
    );
  });

  test('adding a host never makes it worse: moving a workload to a new host lowers no host CPU p95 and raises no p95', async () => {
    await fc.assert(
      fc.asyncProperty(rates, async (rs) => {
        const spec = planSpec(rs, 1000, 0.95);
        const p = await planHosts(spec);
        const busiest = [...p.hosts].sort((a, b) => b.domains.length - a.domains.length)[0];
        if (busiest === undefined || busiest.domains.length < 2) return;
        const moved = busiest.domains[busiest.domains.length - 1];
        const rest = busiest.domains.slice(0, -1);
        const before = await checkHost(spec, busiest.domains, 'before', runInProcess);
        const left = await checkHost(spec, rest, 'left', runInProcess);
        const alone = await checkHost(spec, [moved], 'new', runInProcess);
        const slack = (ms: number): number => ms * 1.05 + 0.5;
        expect(left.check.cpuP95!).toBeLessThanOrEqual(before.check.cpuP95! + 1e-9);
        expect(alone.check.cpuP95!).toBeLessThanOrEqual(before.check.cpuP95! + 1e-9);
        for (const n of rest) expect(left.check.p95Ms[n]!).toBeLessThanOrEqual(slack(before.check.p95Ms[n]!));
        expect(alone.check.p95Ms[moved]!).toBeLessThanOrEqual(slack(before.check.p95Ms[moved]!));
        // And a higher host limit gives the same answer: more room never needs more hosts.
        const roomier = await planHosts({ ...spec, maxHosts: spec.maxHosts + 1 });
        expect(roomier.hosts.map((h) => h.domains)).toEqual(p.hosts.map((h) => h.domains));
      }),
      { numRuns: 8, seed: 7 },
    );
  });

  test('a tight CPU headroom needs more hosts than a loose one, and the table shows rejections', async () => {
    const loose = await planHosts(planSpec([6, 6, 6], 2000, 0.95));
    const tight = await planHosts(planSpec([6, 6, 6], 2000, 0.6));
    expect(loose.feasible && tight.feasible).toBe(true);
    expect(tight.hosts.length).toBeGreaterThan(loose.hosts.length);
    expect(tight.tried.some((t) => t.verdict === 'rejected' && /CPU p95/.test(t.check.reason))).toBe(true);
  });

  test('a workload that misses its SLO even alone makes the plan infeasible, and says which', async () => {
    const p = await planHosts(planSpec([30, 2], 1));
    expect(p.feasible).toBe(false);
    expect(p.reason).toMatch(/^w\d fails even alone on a host: .*SLO/);
  });
});
