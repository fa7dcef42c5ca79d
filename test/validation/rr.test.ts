/** Xen 2.0 round robin: a woken vCPU goes to the head of the queue but preempts only an idle pCPU. */
import { describe, expect, test } from '@jest/globals';
import { dom, runYaml } from '../helpers/scenario.js';

const y = (slice: string) => `
name: rr
duration: 20s
host: { pcpus: 1, memory: 1G }
scheduler: { name: rr${slice} }
dom0: { memory: 128M }
domains:
  - { name: hog, memory: 64, workload: cpu-hog }
  - name: io
    memory: 64
    workload: { program: [ { forever: [ { cpu: 100K }, { sleep: 7ms } ] } ] }
`;

describe('round robin', () => {
  test('a woken vCPU waits for the running slice to end (≤ 10 ms), then runs first', () => {
    const io = dom(runYaml(y('')), 'io');
    expect(io.wake_latency_ms).toBeGreaterThan(0.5);
    expect(io.wake_latency_ms).toBeLessThanOrEqual(10);
  });

  test('the slice is configurable: a 2 ms slice bounds the wait at 2 ms', () => {
    const io = dom(runYaml(y(', tslice: 2ms')), 'io');
    expect(io.wake_latency_ms).toBeLessThanOrEqual(2);
    expect(io.wake_latency_ms).toBeGreaterThan(0.1);
  });
});
