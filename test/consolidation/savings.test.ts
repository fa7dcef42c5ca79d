/** The money and space arithmetic of a before/after comparison, on figures worked by hand. */
import { describe, expect, test } from '@jest/globals';
import { energyCostUsd, hardwareUsdPerYear, type HostLine, NS_PER_YEAR, savingPct, savings, sideSummary } from '../../sim/experiment/consolidation.js';

function host(over: Partial<HostLine>): HostLine {
  return {
    name: 'h', pcpus: 1, ghz: 2.8, memory_mb: 1024, rack_units: 1, price_usd: 0, age_years: 0, utilisation: 0, peak_utilisation: 0,
    mean_power_w: 0, energy_kwh: 0, energy_cost_usd: 0, hardware_usd_per_year: 0, domains: [], ...over,
  };
}

describe('savings arithmetic', () => {
  test('saving % is (before − after) / before; negative when after costs more; null from nothing', () => {
    expect(savingPct(5, 1)).toBe(80);
    expect(savingPct(200, 50)).toBe(75);
    expect(savingPct(100, 120)).toBe(-20);
    expect(savingPct(0, 3)).toBeNull();
  });

  test('energy cost is kWh × PUE × $/kWh', () => {
    expect(energyCostUsd(100, 2, 0.1)).toBeCloseTo(20, 12);
    expect(energyCostUsd(100, 1, 0.1)).toBeCloseTo(10, 12);
  });

  test('hardware is written off straight-line, and costs nothing once fully written off', () => {
    expect(hardwareUsdPerYear(3000, 3, 0)).toBe(1000);
    expect(hardwareUsdPerYear(3000, 3, 2.9)).toBe(1000);
    expect(hardwareUsdPerYear(3000, 3, 3)).toBe(0);
  });

  test('side totals: rack units, pCPU-weighted utilisation, energy, per-year figures scaled from the horizon', () => {
    const weekNs = 7 * 86400e9;
    const s = sideSummary([
      host({ rack_units: 1, pcpus: 1, utilisation: 0.5, peak_utilisation: 0.9, energy_kwh: 10, energy_cost_usd: 2, hardware_usd_per_year: 500, price_usd: 1500, mean_power_w: 60 }),
      host({ rack_units: 2, pcpus: 3, utilisation: 0.1, peak_utilisation: 0.4, energy_kwh: 30, energy_cost_usd: 6, hardware_usd_per_year: 0, price_usd: 900, mean_power_w: 180 }),
    ], weekNs, 2);
    expect(s.servers).toBe(2);
    expect(s.rack_units).toBe(3);
    expect(s.pcpus).toBe(4);
    expect(s.mean_utilisation).toBeCloseTo((0.5 * 1 + 0.1 * 3) / 4, 12);
    expect(s.peak_utilisation).toBe(0.9);
    expect(s.energy_kwh).toBe(40);
    expect(s.facility_kwh).toBe(80);
    expect(s.energy_cost_usd).toBe(8);
    expect(s.energy_cost_usd_per_year).toBeCloseTo(8 * (NS_PER_YEAR / weekNs), 9);
    expect(s.hardware_usd_per_year).toBe(500);
    expect(s.hardware_usd).toBeCloseTo(500 * (weekNs / NS_PER_YEAR), 9);
    expect(s.total_usd_per_year).toBeCloseTo(s.energy_cost_usd_per_year + 500, 9);
    expect(s.purchase_usd).toBe(2400);
    expect(s.mean_power_w).toBe(240);
  });

  test('savings between two sides', () => {
    const span = 86400e9;
    const before = sideSummary([host({ energy_kwh: 10, energy_cost_usd: 3, hardware_usd_per_year: 100 }), host({ energy_kwh: 10, energy_cost_usd: 3, hardware_usd_per_year: 100, rack_units: 3 })], span, 1.5);
    const after = sideSummary([host({ energy_kwh: 5, energy_cost_usd: 1.5, hardware_usd_per_year: 300 })], span, 1.5);
    const sv = savings(before, after);
    expect(sv.servers_pct).toBe(50);
    expect(sv.rack_units_pct).toBe(75);
    expect(sv.energy_pct).toBe(75);
    expect(sv.energy_cost_pct).toBe(75);
    expect(sv.hardware_cost_pct).toBeCloseTo(-50, 9);
    const yearly = (s: typeof before) => s.energy_cost_usd * (NS_PER_YEAR / span) + s.hardware_usd_per_year;
    expect(sv.total_cost_pct).toBeCloseTo(((yearly(before) - yearly(after)) / yearly(before)) * 100, 9);
  });
});
