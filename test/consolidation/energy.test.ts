/**
 * Energy is ∫ P(util(t)) dt: a server held at a constant load uses P(u) × time, and the
 * Result's energy is the sum of P over its own sampled utilisation.
 */
import { describe, expect, test } from '@jest/globals';
import { energyJoules, linearCurve, powerAt } from '../../sim/hw/power.js';
import { POWER_PROFILES, powerProfile } from '../../sim/hw/power-profiles.js';
import { runYaml } from '../helpers/scenario.js';

const host = (power: string) => `
host: { pcpus: 1, cpu: { ghz: 1GHz }, memory: 1G, power: ${power} }
dom0: { memory: 128M, vcpus: 1, workload: idle }
`;

function energyFromSeries(r: ReturnType<typeof runYaml>, curve: number[]): number {
  let j = 0, last = 0;
  r.series.t_ns.forEach((t, i) => {
    j += (powerAt(curve, r.series.host_util[i]) * (t - last)) / 1e9;
    last = t;
  });
  return j / 3.6e6;
}

describe('energy of a constant-load server', () => {
  test('a CPU hog on a 100–300 W server for 10 minutes uses 300 W × 600 s = 0.05 kWh', () => {
    const r = runYaml(`name: hog\nduration: 10min\n${host('{ idle: 100W, max: 300W }')}domains:\n  - { name: hog, type: native, memory: 256M, workload: cpu-hog }\n`);
    expect(r.host.utilisation).toBeGreaterThan(0.999);
    expect(r.host.energy_kwh).toBeCloseTo((300 * 600) / 3.6e6, 5);
    expect(r.host.mean_power_w).toBeCloseTo(300, 0);
  });

  test('an idle server uses its idle watts × time', () => {
    const r = runYaml(`name: idle\nduration: 10min\n${host('{ idle: 100W, max: 300W }')}domains:\n  - { name: quiet, type: native, memory: 256M, workload: idle }\n`);
    expect(r.host.utilisation).toBeLessThan(1e-3);
    expect(r.host.energy_kwh).toBeCloseTo((100 * 600) / 3.6e6, 4);
  });

  test('a half-loaded server on a SPECpower curve: energy = Σ P(u_i) Δt over the samples, ≈ P(mean u) × time', () => {
    // cpu 0.5 on a host as fast as the trace's reference: a constant 50 % load.
    const r = runYaml(`name: half\nduration: 1h\n${host('{ profile: ibm-x3250-x3470 }')}domains:\n  - { name: half, type: native, memory: 256M, workload: { trace: test/consolidation/fixtures/half.txt, format: planetlab, ref_ghz: 1.0 } }\n`);
    const curve = powerProfile('ibm-x3250-x3470')!.curveW;
    expect(r.host.energy_kwh).toBeCloseTo(energyFromSeries(r, curve), 5);
    const expected = (powerAt(curve, r.host.utilisation) * 3600) / 3.6e6;
    expect(Math.abs(r.host.energy_kwh - expected) / expected).toBeLessThan(0.01);
    // And it lies strictly between idle and full-load energy.
    expect(r.host.energy_kwh).toBeGreaterThan((curve[0] * 3600) / 3.6e6);
    expect(r.host.energy_kwh).toBeLessThan((curve[10] * 3600) / 3.6e6);
  });

  test('energyJoules of n constant samples is P(u) × n × dt', () => {
    const curve = linearCurve(80, 200);
    expect(energyJoules(curve, new Float64Array(100).fill(0.25), 1e9)).toBeCloseTo(110 * 100, 9);
  });
});

describe('power profiles', () => {
  test('every SPECpower curve of ../shared/data/power/specpower.csv is a named profile with its source', () => {
    const specpower = POWER_PROFILES.filter((p) => p.source.startsWith('SPECpower_ssj2008 result power_ssj2008-'));
    expect(specpower.map((p) => p.name)).toEqual(['hp-proliant-ml110-g3', 'hp-proliant-ml110-g4', 'hp-proliant-ml110-g5', 'ibm-x3250-x3470', 'ibm-x3250-x3480', 'ibm-x3550-x5670', 'ibm-x3550-x5675']);
    for (const p of specpower) {
      expect(p.curveW).toHaveLength(11);
      for (let i = 1; i < 11; i++) expect(p.curveW[i]).toBeGreaterThanOrEqual(p.curveW[i - 1]);
    }
    expect(powerProfile('ibm-x3550-x5675')!.curveW[10]).toBe(222);
  });
});
