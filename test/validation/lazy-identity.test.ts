/**
 * The bundled identity scenarios (test/helpers/identity.ts) with lazy bookkeeping, the
 * default, against eager, under which their hashes were recorded: result.json is the
 * same byte for byte except `events`, which counts only queued events (lazy runs the
 * ticks, accounting passes and slice ends off the queue). No figure differs: the lazy
 * timers run the same arithmetic at the same instants in the same order.
 */
import { describe, expect, it } from '@jest/globals';
import { IDENTITY_CASES, runCase } from '../helpers/identity.js';
import { ROOT } from '../helpers/scenario.js';

describe('lazy bookkeeping gives the eager result.json on the bundled scenarios', () => {
  for (const c of IDENTITY_CASES) {
    it(`${c.scenario}@${c.duration ?? 'full'}`, () => {
      const eager = runCase(c, ROOT, 'eager');
      const lazy = runCase(c, ROOT, 'lazy');
      expect(lazy.events).toBeLessThan(eager.events);
      expect(JSON.stringify({ ...lazy, events: 0 }, null, 2)).toBe(JSON.stringify({ ...eager, events: 0 }, null, 2));
    }, 120_000);
  }
});
