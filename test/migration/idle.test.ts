/**
 * An idle domain migrates in about memory / bandwidth plus fixed costs (the resume, the
 * first and last batch's Dom0 work, the link latency): within 5 %.
 */
import { describe, expect, test } from '@jest/globals';
import { runYaml } from '../helpers/scenario.js';
import { twoHosts } from './helpers.js';

const MIB = 1048576;

describe('idle domain', () => {
  test.each([
    [1024, '1Gbit', 125e6],
    [512, '100Mbit', 12.5e6],
  ])('%i MB over %s takes memory / bandwidth + resume (±5 %%)', (memoryMb, bw, bytesPerSec) => {
    const r = runYaml(twoHosts({ memoryMb, linkBandwidth: bw, duration: '120s' }));
    const m = r.migrations![0];
    expect(m.outcome).toBe('completed');
    const expected = (memoryMb * MIB) / bytesPerSec + 0.02;
    expect(m.total_seconds).toBeGreaterThan(expected * 0.95);
    expect(m.total_seconds).toBeLessThan(expected * 1.05);
    // Round 1 sends everything, nothing is dirtied: an empty round, then the CPU state.
    expect(m.round_detail[0].pages).toBe((memoryMb * MIB) / 4096);
    expect(m.rounds).toBe(3);
    // Downtime: a few pages and the fixed 20 ms resume.
    expect(m.downtime_ms).toBeGreaterThanOrEqual(20);
    expect(m.downtime_ms).toBeLessThan(25);
    const vm = r.domains.find((d) => d.name === 'vm')!;
    expect(vm.host).toBe('b');
    expect(r.hosts![1].guests).toEqual(['vm']);
    // The reservation moved with it: the source has the memory back.
    expect(r.hosts![0].free_memory_mb).toBeGreaterThan(r.hosts![1].free_memory_mb + memoryMb - 1);
  });

  test('non-live: paused from the start, one round with everything, downtime = total time', () => {
    const r = runYaml(twoHosts({ memoryMb: 512, live: false }));
    const m = r.migrations![0];
    expect(m.outcome).toBe('completed');
    expect(m.rounds).toBe(1);
    expect(m.downtime_ms / 1e3).toBeCloseTo(m.total_seconds, 3);
    expect(m.total_seconds).toBeCloseTo((512 * MIB) / 125e6 + 0.02, 1);
  });

  test('copying costs Dom0 CPU on both hosts', () => {
    const r = runYaml(twoHosts({ memoryMb: 1024 }));
    const m = r.migrations![0];
    // 20,000 instructions per page at 2.8 GHz, IPC 1: 262,144 pages ≈ 1.87 s on each side.
    expect(m.dom0_cpu_seconds.source).toBeCloseTo((262144 * 20000) / 2.8e9, 2);
    expect(r.hosts![0].dom0.cpu_seconds).toBeGreaterThanOrEqual(m.dom0_cpu_seconds.source - 1e-6);
    expect(r.hosts![1].dom0.cpu_seconds).toBeGreaterThanOrEqual(m.dom0_cpu_seconds.target - 1e-6);
  });
});
