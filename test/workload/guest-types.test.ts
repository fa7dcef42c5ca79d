/**
 * The talk's story of x86 virtualisation in one loop: a syscall- and page-table-heavy
 * program costs least on bare metal, a little more paravirtualised, more under
 * first-generation VT-x (every PTE write exits), and far more under full emulation.
 */
import { describe, expect, test } from '@jest/globals';
import { costTable, mixCost } from '../../sim/workload/costs.js';
import { dom, runYaml } from '../helpers/scenario.js';

const MIX = { syscall: 0.001, pagetable: 0.0005 };
const N = 1e9;

function run(type: string) {
  return dom(runYaml(`
name: types
duration: 100s
host: { pcpus: 1, cpu: { ghz: 2GHz, ipc: 1 }, memory: 1G }
dom0: { memory: 128M }
domains:
  - name: g
    type: ${type}
    memory: 128
    workload: { program: [ { cpu: { n: ${N}, mix: { syscall: ${MIX.syscall}, pagetable: ${MIX.pagetable} } } } ] }
`), 'g');
}

describe('guest types', () => {
  const expected = (type: string): number => {
    const out = { cycles: 0, hypervisorCycles: 0 };
    mixCost(costTable(type), 1, N, MIX, out);
    return out.cycles / 2e9;
  };

  test('native < pv < hvm << emulated, with the ratios the cost table implies', () => {
    const secs = Object.fromEntries(['native', 'pv', 'hvm', 'emulated'].map((t) => [t, run(t).cpu_seconds]));
    expect(secs.native).toBeLessThan(secs.pv);
    expect(secs.pv).toBeLessThan(secs.hvm);
    expect(secs.emulated).toBeGreaterThan(3 * secs.hvm);
    for (const t of ['native', 'pv', 'hvm', 'emulated']) expect(secs[t]).toBeCloseTo(expected(t), 3);
  });

  test('hypervisor time is charged to the guest and reported on its own', () => {
    const hvm = run('hvm');
    const native = run('native');
    expect(native.hypervisor_seconds).toBe(0);
    expect(hvm.hypervisor_seconds).toBeGreaterThan(0);
    expect(hvm.hypervisor_seconds).toBeLessThan(hvm.cpu_seconds);
    // the guest retires the same instructions whatever it costs
    expect(hvm.instructions).toBeCloseTo(N, -3);
    expect(native.instructions).toBeCloseTo(N, -3);
  });
});
