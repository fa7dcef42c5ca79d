/**
 * Ongaro, Cox and Rixner's (VEE 2008) experiments on credit's wake path: `boost: false` and
 * `tickle: false`. With BOOST a woken I/O guest answers at once beside CPU hogs; without it
 * it waits its turn behind them (a slice each); without tickling it waits for the running
 * hog's next scheduling point (a tick or the slice end), which lies in between.
 */
import { describe, expect, test } from '@jest/globals';
import { formatError, loadScenarioText } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/run.js';
import { ROOT } from '../helpers/scenario.js';

const yaml = (switches: string): string => `
duration: 5s
host: { pcpus: 1 }
dom0: { vcpus: 1 }
scheduler: { name: credit${switches} }
domains:
  - { name: io, memory: 128, workload: { preset: web, rate: 20/s, service: 20K, read_p: 0 } }
  - { name: hog1, memory: 128, workload: cpu-hog }
  - { name: hog2, memory: 128, workload: cpu-hog }
`;

function meanMs(switches: string): number {
  const r = loadScenarioText(yaml(switches), 'switches.yaml', { baseDir: ROOT });
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  const io = runScenario(r.scenario).domains.find((d) => d.name === 'io')!;
  return io.requests!.mean_ms;
}

describe("credit's wake-path switches (Ongaro et al. 2008)", () => {
  test('BOOST off makes the I/O guest wait behind the hogs; tickling off leaves it waiting for the next scheduling point', () => {
    const both = meanMs('');
    const noBoost = meanMs(', boost: false');
    const noTickle = meanMs(', tickle: false');
    expect(both).toBeLessThan(1);
    expect(noBoost).toBeGreaterThan(20 * both);
    expect(noTickle).toBeGreaterThan(5 * both);
    expect(noTickle).toBeLessThan(noBoost);
    // Without tickling a boosted vCPU still runs by the next tick (10 ms) or slice end (30 ms).
    expect(noTickle).toBeLessThan(30);
  });

  test('the switches belong to credit: another policy refuses them', () => {
    const r = loadScenarioText('scheduler: { name: rr, boost: false }\n', 's.yaml', { baseDir: ROOT });
    expect('errors' in r && formatError(r.errors[0])).toMatch(/^s\.yaml:1:\d+: .*boost and tickle are switches of the credit scheduler, not of rr/);
  });
});
