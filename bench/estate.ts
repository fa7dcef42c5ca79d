/**
 * Estate benchmarks. `estate-planetlab`: the bundled CloudSim PlanetLab day (800 hosts,
 * 1,052 guests, 24 h) as `xensim run` runs it, in a child process (bench/estate-run.ts)
 * for its own peak RSS. `scale-hosts`: ns per event of estates of 1 to 800 hosts built
 * by the same generator, each simulating the same guest-seconds in this process on one
 * thread — the cost of an event should not grow with the number of hosts, since host
 * groups run as independent simulations.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenarioText, formatError } from '../sim/scenario/load.js';
import { runScenario } from '../sim/run.js';
import { groupScenario } from '../sim/estate/group-scenario.js';
import { estateScenarioYaml } from '../scenarios/estate/estate-planetlab.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface EstateRun {
  events: number;
  wallSeconds: number;
  loadSeconds: number;
  maxRssMb: number;
  simSeconds: number;
  hosts: number;
  guests: number;
  workers: number;
}

export function estateRun(file: string, workers: number, durationS?: number): EstateRun {
  const args = [join(ROOT, 'dist', 'bench', 'estate-run.js'), resolve(ROOT, file), String(workers), ...(durationS !== undefined ? [String(durationS)] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 })) as EstateRun;
}

/**
 * The estate as the design alternative runs it: each 5-minute trace interval replayed as
 * one burst (`period: 5min`), 5-minute samples (CloudSim's step), lazy bookkeeping; the
 * same hosts, guests and placement. Written to a temporary file (trace paths absolute).
 */
export function estateAlternativeFile(): string {
  const yaml = estateScenarioYaml({ period: '5min', sample: '5min', bookkeeping: 'lazy', name: 'estate-planetlab-5min' })
    .replaceAll('trace: traces/', `trace: ${join(ROOT, 'scenarios', 'traces')}/`);
  const file = join(mkdtempSync(join(tmpdir(), 'xensim-estate-')), 'estate-planetlab-5min.yaml');
  writeFileSync(file, yaml);
  return file;
}

export interface HostsPoint {
  hosts: number;
  guests: number;
  simSeconds: number;
  events: number;
  wallSeconds: number;
  nsPerEvent: number;
}

/** Guest-seconds each point simulates (800 hosts' 1,052 guests × 10 minutes). */
const GUEST_SECONDS = 1052 * 600;

export function scaleHosts(points = [1, 10, 100, 400, 800], rounds = 2): HostsPoint[] {
  const best = new Map<number, HostsPoint>();
  for (let round = 0; round < rounds; round++) {
    for (const hosts of points) {
      // One host: the G5 of a two-host estate (a G4 core cannot hold the first guest type).
      const built = hosts === 1 ? 2 : hosts;
      let guests = Math.max(2, Math.round((built * 1052) / 800));
      const yaml = estateScenarioYaml({ hosts: built, guests, duration: '1s' });
      const r = loadScenarioText(yaml, join(ROOT, 'scenarios', 'estate-bench.yaml'), { baseDir: join(ROOT, 'scenarios') });
      if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
      const scenario = hosts === 1 ? groupScenario(r.scenario, [1]) : r.scenario;
      guests = scenario.domains.length;
      const simSeconds = Math.round(GUEST_SECONDS / guests);
      const t0 = process.hrtime.bigint();
      const res = runScenario({ ...scenario, durationNs: simSeconds * 1e9 });
      const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const p = { hosts, guests, simSeconds, events: res.events, wallSeconds, nsPerEvent: (wallSeconds * 1e9) / res.events };
      const prior = best.get(hosts);
      if (prior === undefined || p.nsPerEvent < prior.nsPerEvent) best.set(hosts, p);
    }
  }
  return points.map((h) => best.get(h)!);
}
