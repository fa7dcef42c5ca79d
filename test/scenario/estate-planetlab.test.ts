/**
 * scenarios/estate-planetlab.yaml (docs/estate.md): the bundled file is the generator's
 * output byte for byte; guest types come in four equal blocks; hosts alternate G4/G5 as
 * CloudSim's Helper.createHostList; the placement is CloudSim's first fit
 * (PowerVmAllocationPolicyAbstract.findHostForVm + Host.isSuitableForVm), re-checked here
 * from the loaded scenario, and respects every host's memory. A 10-host / 13-guest estate
 * from the same generator loads and runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatError, loadScenarioText } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { runScenario } from '../../sim/run.js';
import {
  buildEstate, CLOUDSIM, DOM0_MB, estateScenarioYaml, PLANETLAB_20110303, XEN_RESERVED_MB,
} from '../../scenarios/estate/estate-planetlab.js';
import { ROOT } from '../helpers/scenario.js';

const SCENARIOS = resolve(ROOT, 'scenarios');

function load(yaml: string, file = 'estate.yaml'): Scenario {
  const r = loadScenarioText(yaml, resolve(SCENARIOS, file), { baseDir: SCENARIOS });
  if ('errors' in r) throw new Error(r.errors.slice(0, 5).map(formatError).join('\n'));
  return r.scenario;
}

const bundledText = readFileSync(resolve(SCENARIOS, 'estate-planetlab.yaml'), 'utf8');
const bundled = load(bundledText, 'estate-planetlab.yaml');

/**
 * CloudSim's rule, written again from the loaded scenario's own numbers: a guest's MIPS is
 * its trace's ref_ghz × 1000, a host core's MIPS its GHz × 1000 (ipc 1), host RAM for
 * guests = memory − Xen − Dom0, BW 1 Gbit/s of which each guest reserves 100 Mbit/s,
 * storage 1,000,000 of which each guest takes 2,500.
 */
function checkFirstFit(s: Scenario): void {
  const hosts = s.hosts!;
  const index = new Map(hosts.map((h, k) => [h.spec.name, k]));
  const coreMips = hosts.map((h) => Math.round(h.spec.ghz * 1000 * h.spec.ipc));
  const freeMips = hosts.map((h, k) => coreMips[k] * h.spec.pcpus);
  const freeRam = hosts.map((h) => h.spec.memoryMb - h.spec.xenReservedMb - h.dom0.memoryMb);
  const freeBw = hosts.map(() => CLOUDSIM.HOST_BW);
  const freeStorage = hosts.map(() => CLOUDSIM.HOST_STORAGE);
  for (const d of s.domains) {
    if (d.workload.kind !== 'trace') throw new Error(`${d.name}: not a trace workload`);
    const mips = Math.round(d.workload.trace.refGhz * 1000);
    const suitable = (k: number): boolean => coreMips[k] >= mips && freeMips[k] >= mips * d.vcpus && freeRam[k] >= d.memoryMb && freeBw[k] >= CLOUDSIM.VM_BW && freeStorage[k] >= CLOUDSIM.VM_SIZE;
    let first = -1;
    for (let k = 0; k < hosts.length && first < 0; k++) if (suitable(k)) first = k;
    const k = index.get(d.host!)!;
    expect({ guest: d.name, host: k }).toEqual({ guest: d.name, host: first });
    freeMips[k] -= mips * d.vcpus;
    freeRam[k] -= d.memoryMb;
    freeBw[k] -= CLOUDSIM.VM_BW;
    freeStorage[k] -= CLOUDSIM.VM_SIZE;
  }
  // Memory: every host's guests fit beside Xen and Dom0.
  for (const r of freeRam) expect(r).toBeGreaterThanOrEqual(0);
}

describe('estate-planetlab', () => {
  test('the bundled YAML is the generator output, byte for byte', () => {
    expect(bundledText).toBe(estateScenarioYaml());
  });

  test('the generator uses exactly the 60 bundled trace files, sorted', () => {
    const files = readdirSync(resolve(SCENARIOS, 'traces/planetlab/20110303')).sort();
    expect([...PLANETLAB_20110303]).toEqual(files);
    expect(files.length).toBe(60);
  });

  test('800 hosts alternating G4 (1.86 GHz) / G5 (2.66 GHz) with their power profiles, as Helper.createHostList', () => {
    const hosts = bundled.hosts!;
    expect(hosts.length).toBe(800);
    hosts.forEach((h, i) => {
      const g5 = i % 2 === 1;
      expect(h.spec.pcpus).toBe(2);
      expect(h.spec.ghz).toBe(g5 ? 2.66 : 1.86);
      expect(h.spec.ipc).toBe(1);
      expect(h.spec.power.profile).toBe(g5 ? 'hp-proliant-ml110-g5' : 'hp-proliant-ml110-g4');
      expect(h.spec.memoryMb).toBe(4096 + XEN_RESERVED_MB + DOM0_MB);
      expect(h.spec.xenReservedMb).toBe(XEN_RESERVED_MB);
      expect(h.dom0.memoryMb).toBe(DOM0_MB);
      expect(h.scheduler.name).toBe('credit');
    });
    expect(bundled.durationNs).toBe(86400e9);
    expect(bundled.timeline).toEqual([]);
  });

  test('1,052 guests in four equal blocks of 263: 2,500 / 2,000 / 1,000 / 500 MIPS with 870 / 1,740 / 1,740 / 613 MB', () => {
    const ds = bundled.domains;
    expect(ds.length).toBe(1052);
    const mips = [2500, 2000, 1000, 500];
    const ram = [870, 1740, 1740, 613];
    ds.forEach((d, i) => {
      const t = Math.floor(i / 263);
      if (d.workload.kind !== 'trace') throw new Error('not a trace');
      expect([d.name, d.vcpus, d.memoryMb, Math.round(d.workload.trace.refGhz * 1000)]).toEqual([d.name, 1, ram[t], mips[t]]);
      expect(d.workload.trace.source).toContain(PLANETLAB_20110303[i % 60]);
      expect(d.workload.loop).toBe(true);
    });
    const counts = [0, 0, 0, 0];
    for (const g of buildEstate().guests) counts[g.type]++;
    expect(counts).toEqual([263, 263, 263, 263]);
  });

  test('copies of one trace start at distinct offsets, all within the day', () => {
    const seen = new Map<string, Set<number>>();
    for (const d of bundled.domains) {
      if (d.workload.kind !== 'trace') throw new Error('not a trace');
      const o = d.workload.trace.startOffsetNs ?? 0;
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(86400e9);
      const set = seen.get(d.workload.trace.source) ?? new Set<number>();
      expect(set.has(o)).toBe(false);
      set.add(o);
      seen.set(d.workload.trace.source, set);
    }
    // And no two guests share the same sub-second phase grid by accident too often: the 1-s
    // periods are spread (at most a handful of guests per millisecond of the second).
    const perMs = new Map<number, number>();
    for (const d of bundled.domains) {
      const ms = Math.floor(((d.workload.kind === 'trace' ? d.workload.trace.startOffsetNs ?? 0 : 0) % 1e9) / 1e6);
      perMs.set(ms, (perMs.get(ms) ?? 0) + 1);
    }
    expect(Math.max(...perMs.values())).toBeLessThan(10);
  });

  test('placement: CloudSim first fit, within each host\'s memory (bundled estate)', () => {
    checkFirstFit(bundled);
    // 2,500- and 2,000-MIPS guests only on G5 hosts (a G4 core is 1,860 MIPS).
    const hostOf = new Map(bundled.hosts!.map((h) => [h.spec.name, h.spec]));
    bundled.domains.slice(0, 526).forEach((d) => expect(hostOf.get(d.host!)!.ghz).toBe(2.66));
    const used = new Set(bundled.domains.map((d) => d.host)).size;
    expect(used).toBe(414);
  });

  test('a 10-host / 13-guest estate from the generator: CloudSim types and placement; it runs', () => {
    const s = load(estateScenarioYaml({ hosts: 10, guests: 13, duration: '3s' }));
    expect(s.hosts!.length).toBe(10);
    expect(s.domains.length).toBe(13);
    // vmType = i / ceil(13 / 4) = i / 4: blocks of 4, 4, 4, 1.
    expect(s.domains.map((d) => d.memoryMb)).toEqual([870, 870, 870, 870, 1740, 1740, 1740, 1740, 1740, 1740, 1740, 1740, 613]);
    checkFirstFit(s);
    const r = runScenario(s);
    expect(r.end_ns).toBe(3e9);
    const cpu = r.domains.filter((d) => d.name.startsWith('vm')).reduce((a, d) => a + d.cpu_seconds, 0);
    expect(cpu).toBeGreaterThan(0);
  });

  test('the generator is deterministic and refuses an estate whose guests do not fit', () => {
    expect(estateScenarioYaml({ hosts: 10, guests: 13 })).toBe(estateScenarioYaml({ hosts: 10, guests: 13 }));
    expect(estateScenarioYaml({ hosts: 10, guests: 13, seed: 2 })).not.toBe(estateScenarioYaml({ hosts: 10, guests: 13 }));
    expect(() => estateScenarioYaml({ hosts: 1, guests: 13 })).toThrow(/fits no host/);
  });

  test('the 5-minute variant: every trace replays in 5-minute periods, 5-minute samples, lazy bookkeeping, same placement', () => {
    const base = load(estateScenarioYaml({ hosts: 10, guests: 13 }));
    const alt = load(estateScenarioYaml({ hosts: 10, guests: 13, period: '5min', sample: '5min', bookkeeping: 'lazy' }));
    expect(alt.sampleNs).toBe(300e9);
    expect(alt.hosts!.every((h) => h.scheduler.bookkeeping === 'lazy')).toBe(true);
    expect(alt.domains.map((d) => d.host)).toEqual(base.domains.map((d) => d.host));
    for (const d of alt.domains) expect(d.workload.kind === 'trace' && d.workload.periodNs).toBe(300e9);
    expect(base.domains.every((d) => d.workload.kind === 'trace' && d.workload.periodNs === undefined)).toBe(true);
  });
});
