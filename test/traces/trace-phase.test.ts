/**
 * Each trace-driven guest replays its trace at its own phase within the replay period
 * (drawn from the scenario seed and the domain's name), so guests created together do not
 * burst on the same instants. On a contended host whose mean demand fits, every guest then
 * gets its trace's utilisation (within 1 point); in lockstep (`offset: 0s`, every guest on
 * the same one-second grid, as all guests were before the phases) the busiest miss by more.
 * An explicit offset wins; phases are deterministic, per domain, and cost no events.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dom, runYaml, ROOT } from '../helpers/scenario.js';
import { fourIntervalTrace, traceScenarioYaml } from '../helpers/trace-yaml.js';

const DIR = join(ROOT, 'scenarios/traces/planetlab/20110303');

/** The 20 busiest of the 60 bundled PlanetLab traces (by mean), with their values in %. */
const busiest = readdirSync(DIR)
  .map((f) => ({ f, v: readFileSync(join(DIR, f), 'utf8').trim().split('\n').map(Number) }))
  .map((t) => ({ ...t, mean: t.v.reduce((a, b) => a + b, 0) / t.v.length }))
  .sort((a, b) => b.mean - a.mean || (a.f < b.f ? -1 : 1))
  .slice(0, 20);

// ref_ghz 0.64 on 1 GHz pCPUs: a trace's u % is 0.64 u % of a pCPU.
const REF = 0.64;
const HOUR = 3600;

function contended(offset: string): string {
  return `
name: phases
duration: ${HOUR}s
host: { pcpus: 4, cpu: { ghz: 1GHz, ipc: 1 }, memory: 8G }
dom0: { memory: 512M }
domains:
${busiest.map((t, i) => `  - { name: g${i}, type: native, memory: 256, workload: { trace: ${join(DIR, t.f)}, format: planetlab, ref_ghz: ${REF}${offset} } }`).join('\n')}
`;
}

/** Each guest's trace demand over the first hour (12 intervals of 5 min), in % of a pCPU. */
const demand = busiest.map((t) => (t.v.slice(0, 12).reduce((a, b) => a + b, 0) / 12) * REF);

describe('trace phases', () => {
  test('20 PlanetLab guests on 4 pCPUs, mean demand 3.85 pCPUs: each gets its trace within 1 point (lockstep misses by more)', () => {
    const total = demand.reduce((a, b) => a + b, 0) / 100;
    expect(total).toBeGreaterThan(3.8);
    expect(total).toBeLessThan(4);
    const miss = (offset: string): number[] => {
      const r = runYaml(contended(offset));
      return demand.map((d, i) => Math.abs((dom(r, `g${i}`).cpu_seconds / HOUR) * 100 - d));
    };
    const phased = miss('');
    for (const m of phased) expect(m).toBeLessThan(1);
    // The same guests in lockstep: the busiest cannot get their share in the tail of each
    // one-second burst, when fewer guests than pCPUs are left running.
    expect(Math.max(...miss(', offset: 0s'))).toBeGreaterThan(1.5);
  });

  const TRACE = fourIntervalTrace('xensim-phase-');
  const ONE = join(mkdtempSync(join(tmpdir(), 'xensim-phase1-')), 'one.txt');
  writeFileSync(ONE, '1\n');
  // Two copies of a 1 % trace (10 ms of a 1 GHz pCPU per one-second period) on a 2-pCPU host.
  const pair = (seed: number, extraB = '', extraGuest = ''): string => `
name: pair
seed: ${seed}
duration: 10ms
host: { pcpus: 2, cpu: { ghz: 1GHz, ipc: 1 }, memory: 1G }
dom0: { memory: 128M }
domains:
  - { name: a, type: native, memory: 128, workload: { trace: ${ONE}, format: planetlab, interval: 10s, ref_ghz: 1 } }
  - { name: b, type: native, memory: 128, workload: { trace: ${ONE}, format: planetlab, interval: 10s, ref_ghz: 1${extraB} } }
${extraGuest}`;
  // In the first 10 ms a guest runs only its first, partial period: (1 − phase) × 10 ms
  // (the next period starts at (1 − phase) s, after 10 ms unless the phase is 0.99).
  const phaseOf = (r: ReturnType<typeof runYaml>, name: string): number => 1 - dom(r, name).cpu_seconds / 0.01;

  test('phases are per domain, from the seed: the same seed gives the same run, another seed other phases', () => {
    const r = runYaml(pair(1));
    const [a, b] = [phaseOf(r, 'a'), phaseOf(r, 'b')];
    for (const p of [a, b]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
      // Whole 10 ms steps: 100 phases per one-second period.
      expect(Math.abs(p * 100 - Math.round(p * 100))).toBeLessThan(1e-6);
    }
    expect(Math.abs(a - b)).toBeGreaterThan(1e-6);
    expect(JSON.stringify(runYaml(pair(1)))).toBe(JSON.stringify(r));
    const other = runYaml(pair(2));
    expect(Math.abs(phaseOf(other, 'a') - a)).toBeGreaterThan(1e-6);
    // A guest's phase comes from its own stream: adding a domain does not move it.
    const withC = runYaml(pair(1, '', `  - { name: c, type: native, memory: 128, workload: { trace: ${ONE}, format: planetlab, interval: 10s, ref_ghz: 1 } }`));
    expect(phaseOf(withC, 'a')).toBe(a);
  });

  test('an explicit offset wins over the phase, to the ns (0.255 s: 74.5 % of the first period is left)', () => {
    for (const seed of [1, 2]) {
      const r = runYaml(pair(seed, ', offset: 0.255s'));
      expect(phaseOf(r, 'b')).toBeCloseTo(0.255, 9);
    }
  });

  test('a phase adds no events: it moves the period grid (at most one more period starts within the horizon)', () => {
    const yaml = (extra: string): string => traceScenarioYaml(TRACE, 'alone', extra);
    const lockstep = runYaml(yaml(', offset: 0s'));
    const phased = runYaml(yaml(''));
    // 40 one-second periods in 40 s on the grid; with a phase, a partial first period and
    // the rest on the shifted grid: at most one period's events more, not more per period.
    expect(dom(lockstep, 'vm').wakeups).toBe(41);
    expect(dom(phased, 'vm').wakeups).toBeLessThanOrEqual(42);
    expect(phased.events - lockstep.events).toBeLessThan(lockstep.events / 40);
    const long = (extra: string): number => runYaml(traceScenarioYaml(TRACE, 'alone', extra, '400s')).events;
    expect(long('') - long(', offset: 0s')).toBe(phased.events - lockstep.events);
    // And the demand per interval is the trace's: 10, 20, 30, 40 % (shifted by less than a period).
    phased.series.domains.vm.cpu.forEach((c, k) => expect(Math.abs(c * 100 - 10 * (k + 1))).toBeLessThan(1.01));
  });
});
