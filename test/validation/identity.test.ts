/**
 * The bundled scenarios give the same result.json, byte for byte, as the code the
 * hashes were recorded from (test/fixtures/identity/hashes.json, written by
 * `node dist/test/helpers/write-identity-hashes.js` before a refactor that is meant to
 * be exact). A change that is meant to move numbers re-records them and says so.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDENTITY_CASES, identityHash, runCase } from '../helpers/identity.js';
import { ROOT } from '../helpers/scenario.js';

const hashes = JSON.parse(readFileSync(resolve(ROOT, 'test/fixtures/identity/hashes.json'), 'utf8')) as Record<string, string>;

describe('bundled scenarios are byte-identical to the recorded results', () => {
  for (const c of IDENTITY_CASES) {
    const key = `${c.scenario}@${c.duration ?? 'full'}`;
    it(key, () => {
      expect(hashes[key]).toMatch(/^[0-9a-f]{64}$/);
      expect(identityHash(runCase(c), c.multiHost ?? false)).toBe(hashes[key]);
    });
  }
});
