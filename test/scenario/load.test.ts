/** The bundled scenarios load; greebo is the talk's host (names, ids in boot order, memory). */
import { describe, expect, test } from '@jest/globals';
import { resolve } from 'node:path';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');

function load(path: string): Scenario {
  const r = loadScenarioFile(resolve(ROOT, path));
  if ('errors' in r) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe('greebo, the host in the talk', () => {
  const s = load('scenarios/greebo.yaml');
  test('one pCPU, 1 GB, 42 days 12 hours', () => {
    expect(s.host.pcpus).toBe(1);
    expect(s.host.memoryMb).toBe(1024);
    expect(s.durationNs).toBe((42 * 86400 + 12 * 3600) * 1e9);
  });
  test("guests in the xm list's order (ids 1–5) with its memory; Dom0 59 MB", () => {
    expect(s.domains.map((d) => [d.name, d.memoryMb])).toEqual([
      ['hex', 255], ['tepidmail', 127], ['thinfaw', 63], ['visit', 255], ['william', 127],
    ]);
    expect(s.dom0).toMatchObject({ name: 'Domain-0', memoryMb: 59 });
  });
  test('domains come from the xm configs in greebo/auto: two vbds on vg0 and a vif on xen-cust each', () => {
    for (const d of s.domains) {
      expect(d.configFile).toBe(resolve(ROOT, 'scenarios/greebo/auto', d.name));
      expect(d.vbds.map((v) => [v.hostDisk, v.vdev, v.mode, v.target])).toEqual([
        ['vg0', 'sda1', 'w', `vg0/${d.name}_root`],
        ['vg0', 'sda2', 'w', `vg0/${d.name}_swap`],
      ]);
      expect(d.vifs).toHaveLength(1);
      expect(d.vifs[0].bridge).toBe('xen-cust');
      expect(d.vifs[0].mac).toMatch(/^00:60:b0(:[0-9a-f]{2}){3}$/);
    }
    expect(new Set(s.domains.map((d) => d.vifs[0].mac)).size).toBe(5);
  });
  test('the host has what the configs refer to: vg0, a 100 Mbit eth0, bridge xen-cust', () => {
    expect(s.host.disks.map((d) => d.name)).toEqual(['vg0']);
    expect(s.host.nics).toEqual([expect.objectContaining({ name: 'eth0', bandwidthBps: 100e6 / 8 })]);
    expect(s.host.bridges).toEqual([{ name: 'xen-cust', nic: 'eth0' }]);
  });
  test('Xen, Dom0 and the guests fit in 1 GB', () => {
    const total = s.host.xenReservedMb + s.dom0.memoryMb + s.domains.reduce((a, d) => a + d.memoryMb, 0);
    expect(total).toBeLessThanOrEqual(s.host.memoryMb);
  });
  test('created as the talk describes: Dom0 at boot, then the auto domains in order', () => {
    expect(s.dom0.startNs).toBe(0);
    const starts = s.domains.map((d) => d.startNs);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });
});

describe('demo', () => {
  test('three hogs with weights 128, 256, 512 on 2 pCPUs for a minute', () => {
    const s = load('scenarios/demo.yaml');
    expect(s.host.pcpus).toBe(2);
    expect(s.durationNs).toBe(60e9);
    expect(s.domains.map((d) => d.weight)).toEqual([128, 256, 512]);
    expect(s.domains.every((d) => d.workload.kind === 'preset' && d.workload.preset === 'cpu-hog')).toBe(true);
  });
});

describe('defaults', () => {
  const minimal = (yaml: string): Scenario => {
    const r = loadScenarioText(yaml, 'min.yaml');
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    return r.scenario;
  };
  test('a domain gets weight 256, cap 0, 1 vCPU, pv, maxmem = memory; credit; seed 1', () => {
    const s = minimal('domains: [ { name: a, memory: 128 } ]\n');
    expect(s.domains[0]).toMatchObject({ weight: 256, cap: 0, vcpus: 1, type: 'pv', memoryMb: 128, maxmemMb: 128, startNs: 0 });
    expect(s.scheduler.name).toBe('credit');
    expect(s.seed).toBe(1);
    expect(s.memory).toMatchObject({ policy: 'static', balloonMbPerSec: 512, autoballoon: true });
  });
  test("without guests Dom0 gets Xen's dom0_mem default: all memory less min(1/16, 128 MB)", () => {
    expect(minimal('host: { memory: 1G }\n').dom0.memoryMb).toBe(1024 - 64);
    expect(minimal('host: { memory: 4G }\n').dom0.memoryMb).toBe(4096 - 128);
  });
  test('with guests and no dom0.memory, Dom0 gets what Xen and the guests leave', () => {
    const s = minimal('host: { memory: 1G, xen_reserved: 24M }\ndomains: [ { name: a, memory: 512 }, { name: b, memory: 256 } ]\n');
    expect(s.dom0.memoryMb).toBe(1024 - 24 - 512 - 256);
    expect(s.memory.dom0MinMb).toBe(128);
  });
  test('domains that never overlap in time do not add up', () => {
    const s = minimal('host: { memory: 1G, xen_reserved: 24M }\ndom0: { memory: 200M }\ndomains:\n  - { name: a, memory: 700, stop: 10s }\n  - { name: b, memory: 700, start: 20s }\n');
    expect(s.domains.map((d) => d.name)).toEqual(['a', 'b']);
  });
  test('YAML fields override the xl config they load', () => {
    const r = loadScenarioText('host: { disks: [ {name: vg0} ] }\ndomains: [ { config: hex, memory: 64, weight: 512 } ]\n', 's.yaml', {
      baseDir: '/x',
      readFile: () => 'name = "hex"\nmemory = 255\ncpu_weight = 128\ndisk = [ "phy:vg0/hex_root,sda1,w" ]\n',
    });
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    expect(r.scenario.domains[0]).toMatchObject({ name: 'hex', memoryMb: 64, weight: 512 });
    expect(r.scenario.domains[0].vbds).toHaveLength(1);
  });
});

describe('workload YAML forms', () => {
  const one = (workload: string) => {
    const r = loadScenarioText(`host: { disks: [ {name: vg0} ] }\ndomains:\n  - name: a\n    memory: 64\n    disk: [ 'phy:vg0/a,sda1,w' ]\n    workload: ${workload}\n`, 'w.yaml');
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    return r.scenario.domains[0].workload;
  };
  test('a preset with parameters keeps them as written', () => {
    expect(one('{ preset: web, rate: 0.5/s }')).toEqual({ kind: 'preset', preset: 'web', params: { rate: '0.5/s' } });
  });
  test('a program parses to instructions with operands in base units', () => {
    const w = one("{ threads: 2, arrivals: { poisson: 100/s }, program: [ recv, begin, { cpu: { n: exp(2M), mix: { syscall: 0.02 } } }, { read: sda1 4K }, { write: { dev: sda1, size: 8K } }, { send: 16K }, { sleep: exp(10ms) }, { ws: 64M }, { touch: 4M }, { loop: { count: 3, do: [ { cpu: 1K } ] } }, { choose: [ { p: 0.3, do: [ { cpu: 5 } ] }, { p: 0.7, do: [] } ] }, end ] }");
    expect(w).toEqual({
      kind: 'program', threads: 2, arrivals: { kind: 'poisson', ratePerSec: 100 },
      program: [
        { op: 'recv' }, { op: 'begin' },
        { op: 'cpu', n: { kind: 'exp', mean: 2e6 }, mix: { syscall: 0.02 } },
        { op: 'read', dev: 'sda1', size: { kind: 'const', value: 4096 } },
        { op: 'write', dev: 'sda1', size: { kind: 'const', value: 8192 } },
        { op: 'send', size: { kind: 'const', value: 16384 } },
        { op: 'sleep', duration: { kind: 'exp', mean: 10e6 } },
        { op: 'ws', size: { kind: 'const', value: 64 * 1048576 } },
        { op: 'touch', size: { kind: 'const', value: 4 * 1048576 } },
        { op: 'loop', count: { kind: 'const', value: 3 }, body: [{ op: 'cpu', n: { kind: 'const', value: 1000 } }] },
        { op: 'choose', branches: [{ p: 0.3, body: [{ op: 'cpu', n: { kind: 'const', value: 5 } }] }, { p: 0.7, body: [] }] },
        { op: 'end' },
      ],
    });
  });
  test('a PlanetLab trace becomes a trace workload: 288 five-minute intervals, the first at 24 %', () => {
    const file = resolve(ROOT, '../shared/data/planetlab/20110303/146-179_surfsnel_dsl_internl_net_colostate_557');
    const w = one(`{ trace: '${file}', format: planetlab, interval: 5min, ref_ghz: 2.4 }`);
    if (w.kind !== 'trace') throw new Error(`got ${w.kind}`);
    expect(w.trace.cpu).toHaveLength(288);
    expect(w.trace.cpu[0]).toBeCloseTo(0.24, 9);
    expect(w.trace.intervalNs).toBe(300e9);
    expect(w.trace.refGhz).toBe(2.4);
    expect(w.loop).toBe(true);
  });
  test('a directory given as a trace is an error at the trace entry', () => {
    const r = loadScenarioText(`domains:\n  - name: a\n    memory: 64\n    workload: { trace: '${ROOT}' }\n`, 'w.yaml');
    expect('errors' in r && r.errors[0]).toMatchObject({ line: 4, message: expect.stringContaining('not a file') });
  });
});
