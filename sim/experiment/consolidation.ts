/**
 * Before/after consolidation: simulate every physical server and every Xen host over
 * the same horizon with the same seed, then set the two sides next to each other —
 * space, utilisation, energy and its cost, amortised hardware, and the performance
 * price each workload pays (p95 response time, steal).
 *
 * Energy comes from each Result (`host.energy_kwh`): the collector integrates
 * P(u(t)) over every sample interval (sim/stats/collector.ts, sim/hw/power.ts), so it
 * is ∫ P(util(t)) dt at the sampling resolution. The money:
 *   energy cost      = IT kWh × PUE × $/kWh                      (per host, then summed)
 *   hardware / year  = price ÷ amortisation years, or 0 once a server's age has reached
 *                      its amortisation period (its purchase is sunk: keeping it costs
 *                      only power and space)
 *   per year         = the horizon's figure × (365.25 d ÷ horizon)
 *   saving %         = (before − after) ÷ before × 100   (negative: after costs more)
 */
import type { Scenario } from '../scenario/types.js';
import type { Result } from '../stats/result.js';
import { runScenario } from '../run.js';
import type { Consolidation, CostAssumptions } from './consolidation-load.js';

export const NS_PER_YEAR = 365.25 * 86400e9;

/** Runs a scenario to a Result: in-process by default; the CLI passes worker threads. */
export type Runner = (scenario: Scenario, label: string) => Promise<Result>;

export const runInProcess: Runner = async (scenario) => runScenario(scenario);

/** Runs every scenario, at most `parallel` at once, results in input order. */
export async function runAll(scenarios: { scenario: Scenario; label: string }[], runner: Runner, parallel = 1): Promise<Result[]> {
  const out = new Array<Result>(scenarios.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < scenarios.length) {
      const k = next++;
      out[k] = await runner(scenarios[k].scenario, scenarios[k].label);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, scenarios.length)) }, lane));
  return out;
}

export interface HostLine {
  name: string;
  pcpus: number;
  ghz: number;
  memory_mb: number;
  rack_units: number;
  price_usd: number;
  age_years: number;
  utilisation: number;
  peak_utilisation: number;
  mean_power_w: number;
  energy_kwh: number;
  energy_cost_usd: number;
  hardware_usd_per_year: number;
  domains: string[];
}

export interface SideSummary {
  servers: number;
  rack_units: number;
  pcpus: number;
  /** Σ busy pCPU time ÷ Σ pCPU time over all hosts. */
  mean_utilisation: number;
  /** Highest sampled utilisation of any one host. */
  peak_utilisation: number;
  mean_power_w: number;
  /** IT energy (at the plug), over the horizon. */
  energy_kwh: number;
  /** Facility energy: IT × PUE. */
  facility_kwh: number;
  energy_cost_usd: number;
  energy_cost_usd_per_year: number;
  purchase_usd: number;
  hardware_usd: number;
  hardware_usd_per_year: number;
  total_usd_per_year: number;
  hosts: HostLine[];
}

export interface WorkloadSide {
  host: string;
  cpu_seconds: number;
  wait_seconds: number;
  requests: number;
  mean_ms: number | null;
  p95_ms: number | null;
}

export interface WorkloadLine {
  name: string;
  before: WorkloadSide;
  after: WorkloadSide;
  /** p95 after ÷ p95 before (null without requests on both sides). */
  p95_ratio: number | null;
  /** Extra runnable-but-waiting time after, seconds. */
  extra_wait_seconds: number;
}

export interface Savings {
  servers_pct: number | null;
  rack_units_pct: number | null;
  energy_pct: number | null;
  energy_cost_pct: number | null;
  hardware_cost_pct: number | null;
  total_cost_pct: number | null;
}

export interface Comparison {
  name: string;
  seed: number;
  duration_ns: number;
  costs: { usd_per_kwh: number; pue: number; amortisation_years: number };
  before: SideSummary;
  after: SideSummary;
  workloads: WorkloadLine[];
  savings: Savings;
  warnings: string[];
}

/** (before − after) ÷ before in percent; null when before is 0 (nothing to save from). */
export function savingPct(before: number, after: number): number | null {
  return before > 0 ? ((before - after) / before) * 100 : null;
}

/** Energy cost of `kwh` at the plug: facility energy (× PUE) at the tariff. */
export function energyCostUsd(kwh: number, pue: number, usdPerKwh: number): number {
  return kwh * pue * usdPerKwh;
}

/** Hardware cost per year: straight-line write-off, nothing once fully written off. */
export function hardwareUsdPerYear(priceUsd: number, amortisationYears: number, ageYears: number): number {
  return ageYears >= amortisationYears ? 0 : priceUsd / amortisationYears;
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

interface HostRun {
  scenario: Scenario;
  result: Result;
  ageYears: number;
}

export function hostLine(r: HostRun): HostLine {
  const cost = r.scenario.host.cost;
  const kwh = r.result.host.energy_kwh;
  return {
    name: r.scenario.host.name,
    pcpus: r.result.host.pcpus,
    ghz: r.scenario.host.ghz,
    memory_mb: r.scenario.host.memoryMb,
    rack_units: cost.rackUnits,
    price_usd: cost.priceUsd,
    age_years: r.ageYears,
    utilisation: r.result.host.utilisation,
    peak_utilisation: r.result.host.peak_utilisation,
    mean_power_w: r.result.host.mean_power_w,
    energy_kwh: kwh,
    energy_cost_usd: energyCostUsd(kwh, cost.pue, cost.usdPerKwh),
    hardware_usd_per_year: hardwareUsdPerYear(cost.priceUsd, cost.amortisationYears, r.ageYears),
    domains: r.scenario.domains.map((d) => d.name),
  };
}

/** Totals of one side from its host lines, over a horizon of `spanNs`. */
export function sideSummary(hosts: HostLine[], spanNs: number, pue: number): SideSummary {
  const sum = (f: (h: HostLine) => number): number => hosts.reduce((a, h) => a + f(h), 0);
  const pcpus = sum((h) => h.pcpus);
  const years = spanNs / NS_PER_YEAR;
  const energyCost = sum((h) => h.energy_cost_usd);
  const hwPerYear = sum((h) => h.hardware_usd_per_year);
  const perYear = years > 0 ? 1 / years : 0;
  const energy = sum((h) => h.energy_kwh);
  return {
    servers: hosts.length,
    rack_units: sum((h) => h.rack_units),
    pcpus,
    mean_utilisation: pcpus > 0 ? sum((h) => h.utilisation * h.pcpus) / pcpus : 0,
    peak_utilisation: hosts.reduce((m, h) => Math.max(m, h.peak_utilisation), 0),
    mean_power_w: sum((h) => h.mean_power_w),
    energy_kwh: energy,
    facility_kwh: energy * pue,
    energy_cost_usd: energyCost,
    energy_cost_usd_per_year: energyCost * perYear,
    purchase_usd: sum((h) => h.price_usd),
    hardware_usd: hwPerYear * years,
    hardware_usd_per_year: hwPerYear,
    total_usd_per_year: energyCost * perYear + hwPerYear,
    hosts,
  };
}

export function savings(before: SideSummary, after: SideSummary): Savings {
  return {
    servers_pct: savingPct(before.servers, after.servers),
    rack_units_pct: savingPct(before.rack_units, after.rack_units),
    energy_pct: savingPct(before.energy_kwh, after.energy_kwh),
    energy_cost_pct: savingPct(before.energy_cost_usd, after.energy_cost_usd),
    hardware_cost_pct: savingPct(before.hardware_usd_per_year, after.hardware_usd_per_year),
    total_cost_pct: savingPct(before.total_usd_per_year, after.total_usd_per_year),
  };
}

function workloadSide(host: string, r: Result, name: string): WorkloadSide {
  const d = r.domains.find((x) => x.name === name);
  return {
    host,
    cpu_seconds: d?.cpu_seconds ?? 0,
    wait_seconds: d?.wait_seconds ?? 0,
    requests: d?.requests?.count ?? 0,
    mean_ms: d?.requests?.mean_ms ?? null,
    p95_ms: d?.requests?.p95_ms ?? null,
  };
}

/** The comparison, from the Results of both sides (same order as the Consolidation's). */
export function compareResults(c: Consolidation, beforeResults: Result[], afterResults: Result[]): Comparison {
  const beforeRuns: HostRun[] = c.before.map((b, i) => ({ scenario: b.scenario, result: beforeResults[i], ageYears: b.ageYears }));
  const afterRuns: HostRun[] = c.after.map((s, i) => ({ scenario: s, result: afterResults[i], ageYears: 0 }));
  const span = (runs: HostRun[]): number => runs.reduce((m, r) => Math.max(m, r.result.end_ns), 0);
  const before = sideSummary(beforeRuns.map(hostLine), span(beforeRuns), c.costs.pue);
  const after = sideSummary(afterRuns.map(hostLine), span(afterRuns), c.costs.pue);
  const workloads: WorkloadLine[] = c.before.map((b, i) => {
    const k = afterRuns.findIndex((r) => r.scenario.domains.some((d) => d.name === b.name));
    const bs = workloadSide(b.name, beforeResults[i], b.name);
    const as = k >= 0 ? workloadSide(afterRuns[k].scenario.host.name, afterResults[k], b.name) : workloadSide('-', beforeResults[i], '');
    const ratio = bs.p95_ms !== null && as.p95_ms !== null && bs.p95_ms > 0 ? round(as.p95_ms / bs.p95_ms, 4) : null;
    return { name: b.name, before: bs, after: as, p95_ratio: ratio, extra_wait_seconds: round(as.wait_seconds - bs.wait_seconds, 6) };
  });
  const warnings = [...c.warnings];
  for (const r of [...beforeResults, ...afterResults]) {
    if (r.stopped_early) warnings.push(`${r.host.name}: stopped early at ${(r.end_ns / 1e9).toFixed(1)} s; its figures cover that span only`);
    for (const w of r.warnings) warnings.push(`${r.host.name}: ${w}`);
    for (const d of r.domains) if (d.failed !== undefined) warnings.push(`${r.host.name}: domain ${d.name} never ran: ${d.failed}`);
  }
  return {
    name: c.name,
    seed: c.seed,
    duration_ns: c.durationNs,
    costs: costsJson(c.costs),
    before,
    after,
    workloads,
    savings: savings(before, after),
    warnings,
  };
}

function costsJson(c: CostAssumptions): Comparison['costs'] {
  return { usd_per_kwh: c.usdPerKwh, pue: c.pue, amortisation_years: c.amortisationYears };
}

/** Simulates both sides and compares them. `parallel` runs go at once through `runner`. */
export async function compareConsolidation(c: Consolidation, runner: Runner = runInProcess, parallel = 1): Promise<Comparison> {
  if (c.after.length === 0) throw new Error('this consolidation file has no after: side to compare with');
  const jobs = [
    ...c.before.map((b) => ({ scenario: b.scenario, label: `before: ${b.name}` })),
    ...c.after.map((s) => ({ scenario: s, label: `after: ${s.host.name}` })),
  ];
  const results = await runAll(jobs, runner, parallel);
  return compareResults(c, results.slice(0, c.before.length), results.slice(c.before.length));
}
