/**
 * A workload with more threads than its domain has vCPUs: the guest's own scheduler
 * shares the vCPUs among the threads (one run queue, FIFO, a thread keeps a vCPU until it
 * waits — I/O, sleep, recv — or its time slice ends while others are ready). So threads
 * waiting on I/O leave the vCPU to the others, CPU-bound threads take turns, and the
 * loader says how many run at once.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { dom, runYaml, ROOT } from '../helpers/scenario.js';

const host = (disk: string) => `host: { pcpus: 2, cpu: { ghz: 2GHz, ipc: 1 }, memory: 2G, disks: [ ${disk} ] }`;

describe('threads beyond the vCPUs', () => {
  // Each request: 1M instructions (0.5 ms at 2 GHz) and a 4 KiB read that takes 10 ms on a
  // 4-channel ssd. One thread serves at most 1 / 10.6 ms ≈ 94 requests/s; four threads on
  // one vCPU overlap their reads and serve the 200/s offered.
  const server = (threads: number, vcpus: number) => `
name: io-threads
duration: 10s
${host("{ name: s, kind: ssd, latency: 10ms, bandwidth: 500MB/s, parallelism: 4 }")}
dom0: { memory: 256M }
domains:
  - name: www
    memory: 256
    vcpus: ${vcpus}
    disk: [ 'phy:s/www,xvda,w' ]
    workload: { threads: ${threads}, arrivals: { poisson: 200/s }, program: [ { forever: [ recv, begin, { cpu: 1M }, { read: xvda 4K }, end ] } ] }
`;

  test('threads waiting on I/O leave the vCPU to the others: 4 threads on 1 vCPU serve what 4 on 4 vCPUs do', () => {
    const one = dom(runYaml(server(1, 1)), 'www').requests!.count;
    const a = dom(runYaml(server(4, 1)), 'www').requests!;
    const b = dom(runYaml(server(4, 4)), 'www').requests!;
    expect(one).toBeLessThan(1000);                         // ≈ 94/s: the disk wait holds the only thread
    expect(a.count).toBeGreaterThan(0.95 * 2000);           // the 200/s offered
    expect(Math.abs(a.count - b.count)).toBeLessThan(0.03 * b.count);
    // The CPU part is 5 % of a request: sharing one vCPU barely lengthens the response.
    expect(a.mean_ms).toBeLessThan(1.1 * b.mean_ms);
  });

  test('CPU work of threads beyond the vCPUs is done: 4 threads each 10 % busy need 40 % of one vCPU', () => {
    const r = runYaml(`
name: cpu-threads
duration: 10s
${host("{ name: f, kind: fixed, service: 1ms }")}
dom0: { memory: 256M }
domains:
  - { name: g, memory: 256, vcpus: 1, workload: { threads: 4, program: [ { forever: [ { cpu: 2M }, { sleep: 9ms } ] } ] } }
`);
    // Each thread: 1 ms of CPU then 9 ms asleep; four of them on one vCPU: 40 % of it.
    expect(dom(r, 'g').cpu_seconds / 10).toBeGreaterThan(0.38);
    expect(dom(r, 'g').cpu_seconds / 10).toBeLessThan(0.41);
  });

  test('CPU-bound threads take turns in time slices: two 50 ms jobs on one vCPU each take about 100 ms', () => {
    const r = runYaml(`
name: slices
duration: 10s
${host("{ name: f, kind: fixed, service: 1ms }")}
dom0: { memory: 256M }
domains:
  - { name: g, memory: 256, vcpus: 1, workload: { threads: 2, program: [ { forever: [ begin, { cpu: 100M }, end ] } ] } }
`);
    const q = dom(r, 'g').requests!;
    // Run to completion would give 50 ms per job to one thread and starve the other; sharing
    // the vCPU in slices of a few ms, each job sees the other's work interleaved.
    expect(q.count).toBeGreaterThan(190);
    expect(q.mean_ms).toBeGreaterThan(95);
    expect(q.mean_ms).toBeLessThan(105);
  });

  test('property: T threads computing C ms then sleeping S ms on V vCPUs never use more than V vCPUs or their demand, and get their demand when it is light', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), (threads, vcpus, cMs, sMs) => {
        const r = runYaml(`
name: prop
duration: 2s
host: { pcpus: 4, cpu: { ghz: 1GHz, ipc: 1 }, memory: 2G }
dom0: { memory: 256M }
domains:
  - { name: g, memory: 256, vcpus: ${vcpus}, workload: { threads: ${threads}, program: [ { forever: [ { cpu: ${cMs}M }${sMs > 0 ? `, { sleep: ${sMs}ms }` : ''} ] } ] } }
`);
        const used = dom(r, 'g').cpu_seconds / 2;
        const demand = (threads * cMs) / (cMs + sMs);
        // (A thread's last cycle may have started its burst before the end: one burst more.)
        if (used > Math.min(vcpus, demand + (threads * cMs) / 2000) * (1 + 1e-9) + 1e-6) return false;
        // Light load: every thread is served nearly at once (a cycle's start can lag its period by a slice).
        if (demand <= 0.3 * vcpus && used < 0.85 * demand) return false;
        // Heavy load: the vCPUs are kept busy (sharing in slices, equal threads finish their
        // bursts and sleep nearly together, so a vCPU can idle up to S / (T·C + S) of the time).
        if (demand >= 1.5 * vcpus && used < 0.8 * vcpus) return false;
        return true;
      }),
      { numRuns: 25 },
    );
  });

  test('the loader says when threads outnumber the vCPUs', () => {
    const r = loadScenarioText(server(8, 2), 't.yaml', { baseDir: ROOT });
    expect('scenario' in r && r.warnings.join('\n')).toMatch(/domain 'www': 8 threads on 2 vCPUs/);
    const fits = loadScenarioText(server(2, 2), 't.yaml', { baseDir: ROOT });
    expect('scenario' in fits && fits.warnings).toEqual([]);
  });
});
