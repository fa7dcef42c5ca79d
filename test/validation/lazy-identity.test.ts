/**
 * The bundled identity scenarios (test/helpers/identity.ts) with lazy bookkeeping, the
 * default, against eager, under which their hashes were recorded: result.json is the
 * same byte for byte except `events`, which counts only dispatched events (lazy does not
 * dispatch the ticks, accounting passes and slice ends of quiet stretches; greebo and
 * migration-maintenance have some, the busy demo, io-host and big host none). No figure
 * differs: the deferred items run the same arithmetic in the same order.
 */
import { describe, expect, it } from '@jest/globals';
import { IDENTITY_CASES, runCase } from '../helpers/identity.js';
import { ROOT } from '../helpers/scenario.js';

describe('lazy bookkeeping gives the eager result.json on the bundled scenarios', () => {
  for (const c of IDENTITY_CASES) {
    it(`${c.scenario}@${c.duration ?? 'full'}`, () => {
      const eager = runCase(c, ROOT, 'eager');
      const lazy = runCase(c, ROOT, 'lazy');
      expect(lazy.events).toBeLessThanOrEqual(eager.events);
      expect(JSON.stringify({ ...lazy, events: 0 }, null, 2)).toBe(JSON.stringify({ ...eager, events: 0 }, null, 2));
    }, 120_000);
  }
});
