/**
 * Work the model does without queueing an event — credit accounting periods run at once
 * while nothing else can happen (Simulator.skipTo), completions of network sends applied
 * when the frontend is next looked at (Simulator.dispatched) — must give exactly the
 * Result the queued events give. A run under a maxEvents limit queues every one of them, so it is
 * the reference: over random small hosts the two Results agree in every field but the
 * event count, which is never higher without the limit, and lower on some hosts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hostArb, sparseHostArb, yamlOf } from '../helpers/random-host.js';
import { runYaml } from '../helpers/scenario.js';

describe('events skipped by the model', () => {
  test('property: the Result equals the fully queued run, with no more events', () => {
    let skipped = 0;
    fc.assert(
      fc.property(fc.oneof(hostArb, sparseHostArb), (h) => {
        const y = yamlOf(h);
        const fast = runYaml(y);
        const queued = runYaml(y, { maxEvents: Number.MAX_SAFE_INTEGER });
        expect(fast.events).toBeLessThanOrEqual(queued.events);
        skipped += queued.events - fast.events;
        expect({ ...fast, events: 0 }).toEqual({ ...queued, events: 0 });
      }),
      { numRuns: 40 },
    );
    expect(skipped).toBeGreaterThan(0);
  });

  test('senders that fill the TX ring now and then wait exactly as long as with queued completions', () => {
    // Bursts of 400 packets (more than the 256-slot ring) on a 100 Mbit link, with
    // pauses between: completions go unqueued, then queued while a sender waits.
    const y = `
name: tx
seed: 5
duration: 4s
sample: 1s
host: { pcpus: 2, memory: 1G, nics: [ { name: eth0, bandwidth: 100Mbit } ], bridges: [ { name: br0, nic: eth0 } ] }
dom0: { memory: 128M, vcpus: 1 }
domains:
  - { name: bursty, memory: 64, vif: [ 'bridge=br0' ], workload: { program: [ { forever: [ { cpu: 2M }, { send: 600K }, { sleep: exp(80ms) } ] } ] } }
  - { name: chatty, memory: 64, vif: [ 'bridge=br0' ], workload: { program: [ { forever: [ { cpu: 1M }, { send: 3K }, { sleep: exp(5ms) } ] } ] } }
  - { name: web, memory: 64, vif: [ 'bridge=br0' ], workload: { preset: web, rate: 50/s } }
`;
    const fast = runYaml(y);
    const queued = runYaml(y, { maxEvents: Number.MAX_SAFE_INTEGER });
    expect(fast.domains.find((d) => d.name === 'bursty')!.io.ring_full_events).toBeGreaterThan(5);
    expect(fast.events).toBeLessThan(queued.events);
    expect({ ...fast, events: 0 }).toEqual({ ...queued, events: 0 });
  });
});
