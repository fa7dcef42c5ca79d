/** Ballooning, memory conservation, creation failure and swapping guests. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { dom, runYaml } from '../helpers/scenario.js';

const host = `host: { pcpus: 1, memory: 2G, xen_reserved: 32M, disks: [ { name: d, kind: fixed, service: 5ms } ] }`;

/** g asks to grow to 1,500 MB at 1 s with 104 MB free; h gives 1,000 MB back from 10 s. */
const growBack = (duration: string): string => `
name: grow
duration: ${duration}
sample: 100ms
${host}
dom0: { memory: 256M }
memory: { autoballoon: false }
domains:
  - { name: g, memory: 256, maxmem: 1500 }
  - { name: h, memory: 1400 }
timeline:
  - { at: 1s, mem-set: { domain: g, memory: 1500M } }
  - { at: 10s, mem-set: { domain: h, memory: 400M } }
`;

describe('balloon driver', () => {
  test('convergence time equals distance / rate', () => {
    const r = runYaml(`
name: balloon
duration: 20s
sample: 100ms
${host}
dom0: { memory: 256M }
memory: { balloon_rate: 64M }
domains: [ { name: g, memory: 512 } ]
timeline: [ { at: 10s, mem-set: { domain: g, memory: 256M } } ]
`);
    const s = r.series;
    const alloc = s.domains.g.alloc_mb;
    const at = (sec: number): number => alloc[s.t_ns.findIndex((t) => Math.abs(t - sec * 1e9) < 1)];
    // 256 MB at 64 MB/s: 4 s, done at t = 14 s (a 2 MB pass ends every 31.25 ms)
    expect(at(10)).toBe(512);
    expect(at(12.1)).toBe(512 - 2 * Math.floor(2.1 / 0.03125));
    expect(at(13.9)).toBeGreaterThan(256);
    expect(at(14.1)).toBe(256);
    expect(dom(r, 'g').memory.ballooned_out_mb).toBe(256);
    expect(r.domains.find((d) => d.name === 'g')!.memory_mb).toBe(256);
  });

  // One 2 MB pass (512 pages, a 64-bit guest) per second at 2 MB/s.
  const stairs = (extra: string, rate = '2M', to = '506M') => runYaml(`
name: stairs
duration: 16s
sample: 100ms
${host}
dom0: { memory: 256M }
memory: { balloon_rate: ${rate} }
domains: [ { name: g, memory: 512${extra} } ]
timeline: [ { at: 10s, mem-set: { domain: g, memory: ${to} } } ]
`);
  const allocAt = (r: ReturnType<typeof runYaml>, sec: number): number => r.series.domains.g.alloc_mb[r.series.t_ns.findIndex((t) => Math.abs(t - sec * 1e9) < 1)];

  test('a shrink pass gives its pages back when it ends: 6 MB at 2 MB/s is done 3 s after the mem-set, not 2', () => {
    const r = stairs('');
    // decrease_reservation gathers the pages, then makes the hypercall: each pass's 2 MB reach
    // Xen at its end (11, 12, 13 s).
    expect([10.5, 11.5, 12.5, 12.9, 13.5].map((t) => allocAt(r, t))).toEqual([512, 510, 508, 508, 506]);
  });

  test('a 32-bit guest moves 1,024 pages (4 MB) per pass, a 64-bit one 512 (2 MB)', () => {
    const r64 = stairs('', '4M', '500M');
    const r32 = stairs(', word_size: 32', '4M', '500M');
    // 12 MB at 4 MB/s: passes of 0.5 s (64-bit) or 1 s (32-bit); both done at 13 s.
    expect([10.7, 11.2, 12.2, 13.1].map((t) => allocAt(r64, t))).toEqual([510, 508, 504, 500]);
    expect([10.7, 11.2, 12.2, 13.1].map((t) => allocAt(r32, t))).toEqual([512, 508, 504, 500]);
  });

  test('a guest with no swap cannot free its working set: the shrink stops there and retries after 2, 4, 8, 16 s (BP_EAGAIN)', () => {
    const y = (disk: string) => `
name: stuck
duration: 40s
sample: 100ms
${host}
dom0: { memory: 256M }
domains:
  - { name: g, memory: 256${disk}, workload: { program: [ { ws: 200M }, { sleep: 20s }, { ws: 50M }, { forever: [ { sleep: 1s } ] } ] } }
timeline: [ { at: 1s, mem-set: { domain: g, memory: 100M } } ]
`;
    const r = runYaml(y(''));
    // Down to 200 MB (the working set) by 1.11 s; retries at 3.11, 7.11, 15.11 (still stuck),
    // 31.11 s: the working set is 50 MB since 20 s, so the last 100 MB go (by 31.3 s).
    expect([1.5, 3.5, 20.5, 30, 31].map((t) => allocAt(r, t))).toEqual([200, 200, 200, 200, 200]);
    expect(allocAt(r, 31.5)).toBe(100);
    expect(dom(r, 'g').memory.allocation_mb).toBe(100);
    // With a vbd to swap to, the guest is squeezed below its working set at once.
    const swapping = runYaml(y(", disk: [ 'phy:d/g,xvda,w' ]"));
    expect(allocAt(swapping, 1.5)).toBe(100);
  });

  test('a refused claim is retried after 2, 4, 8 s (schedule_delay doubles before each sleep)', () => {
    const r = runYaml(growBack('20s'));
    // g holds all 104 free MB by 1.2 s; its claims fail at 1.2, 3.2 and 7.2 s; h has given
    // 1,000 MB back by 12 s; the retry at 15.2 s claims it.
    expect(allocAt(r, 15.1)).toBeCloseTo(360, 6);
    expect(allocAt(r, 15.5)).toBeGreaterThan(360);
    expect(dom(r, 'g').memory.allocation_mb).toBeCloseTo(1360, 6);
  });

  test('a guest grows back only while free memory lasts, and claims the rest when memory is freed', () => {
    const r = runYaml(growBack('60s'));
    const s = r.series;
    const at = (sec: number): number => s.domains.g.alloc_mb[s.t_ns.findIndex((t) => Math.abs(t - sec * 1e9) < 1)];
    // 2048 − 32 (Xen) − 256 (Dom0) − 1400 (h) leaves 104 MB beside g's 256.
    expect(at(9)).toBeCloseTo(360, 6);
    // h gives back 1000 MB from t = 10 s; g's refused claims retry (2, 4, 8 … s) and take it.
    expect(dom(r, 'g').memory.allocation_mb).toBeCloseTo(1360, 6);
    expect(dom(r, 'g').memory.target_mb).toBe(1500);
  });

  test('mem-set above maxmem is a scenario error, not a silent clamp', () => {
    expect(() => runYaml(`
name: above
duration: 1s
${host}
dom0: { memory: 256M }
domains: [ { name: g, memory: 256, maxmem: 512 } ]
timeline: [ { at: 1s, mem-set: { domain: g, memory: 1G } } ]
`)).toThrow(/mem-set 1024 MB is above g's maxmem \(512 MB\)/);
  });

  test('property: free memory never goes negative and Σ allocations + free + Xen = total at every sample', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 0, max: 19 }), dom: fc.integer({ min: 0, max: 2 }), mb: fc.integer({ min: 16, max: 1500 }) }), { maxLength: 12 }), (sets) => {
        const r = runYaml(`
name: conserve
duration: 20s
sample: 250ms
${host}
dom0: { memory: 256M }
memory: { balloon_rate: 256M }
domains:
  - { name: a, memory: 300, maxmem: 1500 }
  - { name: b, memory: 300, maxmem: 1500 }
  - { name: c, memory: 300, maxmem: 1500 }
timeline:
${sets.map((s) => `  - { at: ${s.at}s, mem-set: { domain: ${'abc'[s.dom]}, memory: ${s.mb} } }`).join('\n') || '  []'}
`.replace('timeline:\n  []', 'timeline: []'));
        const names = Object.keys(r.series.domains);
        r.series.t_ns.forEach((_, i) => {
          const free = r.series.free_mb[i];
          expect(free).toBeGreaterThanOrEqual(-1e-6);
          const allocated = names.reduce((a, n) => a + r.series.domains[n].alloc_mb[i], 0);
          expect(allocated + free + 32).toBeCloseTo(2048, 3);
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe('creating domains', () => {
  test("a domain whose memory cannot be found fails to start with what it needed and what was free; the run goes on", () => {
    const r = runYaml(`
name: nofit
duration: 20s
${host}
dom0: { memory: 256M }
memory: { autoballoon: false }
domains:
  - { name: big, memory: 512, maxmem: 1700, workload: cpu-hog }
  - { name: late, memory: 400, start: 10s }
timeline: [ { at: 1s, mem-set: { domain: big, memory: 1700M } } ]
`);
    const late = dom(r, 'late');
    expect(late.failed).toMatch(/cannot create domain 'late': it needs 400 MB and only \d+ MB is free/);
    expect(late.cpu_seconds).toBe(0);
    expect(r.warnings.join('\n')).toContain("cannot create domain 'late'");
    expect(dom(r, 'big').cpu_seconds).toBeGreaterThan(19);
  });

  test('with autoballoon, Dom0 balloons down (to its minimum at most) to make room', () => {
    const r = runYaml(`
name: autoballoon
duration: 20s
${host}
dom0: { memory: 1500M }
memory: { autoballoon: true, dom0_min: 512M }
domains:
  - { name: late, memory: 600, start: 5s }
`);
    expect(dom(r, 'late').failed).toBeUndefined();
    const d0 = dom(r, 'Domain-0');
    expect(d0.memory.allocation_mb).toBeLessThan(1500);
    expect(d0.memory.allocation_mb).toBeGreaterThanOrEqual(512);
  });
});

describe('working set larger than memory', () => {
  test('a squeezed domain faults to its swap vbd and slows down; the others keep their memory', () => {
    const y = (target: string) => `
name: squeeze
duration: 120s
${host}
dom0: { memory: 256M }
domains:
  - name: app
    memory: 512
    disk: [ 'phy:d/app_root,sda1,w', 'phy:d/app_swap,sda2,w' ]
    workload:
      arrivals: { poisson: 20/s }
      program: [ { ws: 400M }, { forever: [ recv, begin, { touch: 2M }, { cpu: 2M }, end ] } ]
  - { name: other, memory: 512, workload: { preset: web, rate: 5/s } }
timeline: [ { at: 1s, mem-set: { domain: app, memory: ${target} } } ]
`;
    const roomy = runYaml(y('512M'));
    const squeezed = runYaml(y('200M'));
    expect(dom(roomy, 'app').memory.page_faults).toBe(0);
    expect(dom(squeezed, 'app').memory.page_faults).toBeGreaterThan(1000);
    expect(dom(squeezed, 'app').memory.swap_reads).toBe(dom(squeezed, 'app').memory.page_faults);
    expect(dom(squeezed, 'app').requests!.mean_ms).toBeGreaterThan(5 * dom(roomy, 'app').requests!.mean_ms);
    expect(dom(squeezed, 'other').memory.allocation_mb).toBe(512);
  });
});

describe('swap traffic', () => {
  // 64 MB held, 128 MB working set: half of every touch faults. 64 KiB touched = 16 pages,
  // 8 faults: a 32 KiB read from swap (the vCPU waits for it) and 32 KiB of evicted pages
  // written back, both through blkfront/blkback to the swap vbd's disk.
  const y = (duration: string) => `
name: swapio
duration: ${duration}
host: { pcpus: 1, cpu: { ghz: 2GHz }, memory: 1G, xen_reserved: 32M, disks: [ { name: d, kind: fixed, service: 1ms } ] }
dom0: { memory: 256M }
domains:
  - name: app
    memory: 64
    disk: [ 'phy:d/app_root,xvda,w', 'phy:d/app_swap,xvdb,w' ]
    workload: { program: [ { ws: 128M }, { forever: [ { touch: 64K }, { cpu: 1M } ] } ] }
`;

  test('page-outs are real block writes: the swap disk carries the write-backs as well as the reads, and Dom0 pays for both', () => {
    const r = runYaml(y('10s'));
    const app = dom(r, 'app');
    const m = app.memory;
    expect(m.page_faults).toBeGreaterThan(1000);
    expect(m.swap_writes).toBe(m.page_faults);
    expect(app.io.read_bytes).toBe(m.swap_reads * 4096);
    expect(app.io.write_bytes).toBe(m.swap_writes * 4096);
    const disk = r.host.devices.find((d) => d.name === 'd')!;
    // Every read and every write-back reached the disk (the last touch's read and write may
    // not have started by the end).
    expect(disk.bytes).toBeGreaterThanOrEqual(app.io.read_bytes + app.io.write_bytes - 2 * 32768);
    expect(disk.bytes).toBeLessThanOrEqual(app.io.read_bytes + app.io.write_bytes);
    expect(disk.requests).toBeGreaterThanOrEqual(app.io.vbd_reads + app.io.vbd_writes - 2);
    // Each touch: one read and one write of 32 KiB; Dom0 runs blkback for both: per request
    // (submit and response) 2 × 20,000 instructions + 0.5 × 32,768 per byte, at 2 GHz.
    const touches = app.io.vbd_reads;
    expect(app.io.vbd_writes).toBeGreaterThanOrEqual(touches - 1);
    const dom0Seconds = (2 * touches * (2 * 20_000 + 0.5 * 32768)) / 2e9;
    expect(dom(r, 'Domain-0').cpu_seconds).toBeGreaterThan(0.98 * dom0Seconds);
  });

  test('write-backs do not hold the vCPU: a touch waits for its read only', () => {
    // The read takes one 1 ms disk service; the write-back queues behind it on the disk.
    // Per loop: read (1 ms + Dom0 time) + 1M instructions (0.5 ms); the write that follows
    // the read keeps the disk busy for the next read, which waits for it: ≈ 2 ms per loop.
    const r = runYaml(y('10s'));
    const app = dom(r, 'app');
    const perLoopMs = 10_000 / app.io.vbd_reads;
    expect(perLoopMs).toBeGreaterThan(1.9);
    expect(perLoopMs).toBeLessThan(2.3);
  });
});
