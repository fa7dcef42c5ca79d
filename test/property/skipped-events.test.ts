/**
 * Work the model does without queueing an event — credit accounting periods run at once
 * while nothing else can happen (Simulator.skipTo) — must give exactly the Result the
 * queued events give. A run under a maxEvents limit queues every one of them, so it is
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
});
