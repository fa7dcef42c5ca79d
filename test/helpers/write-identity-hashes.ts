/** Records test/fixtures/identity/hashes.json from the current code (run from the repo root after `npm run build`). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDENTITY_CASES, identityHash, runCase } from './identity.js';
const ROOT = process.cwd();

const out: Record<string, string> = {};
for (const c of IDENTITY_CASES) out[`${c.scenario}@${c.duration ?? 'full'}`] = identityHash(runCase(c, ROOT), c.multiHost ?? false);
writeFileSync(resolve(ROOT, 'test/fixtures/identity/hashes.json'), JSON.stringify(out, null, 2) + '\n');
console.log(out);
