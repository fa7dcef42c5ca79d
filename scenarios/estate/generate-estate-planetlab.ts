/**
 * Writes scenarios/estate-planetlab.yaml (docs/estate.md):
 *
 *   npx tsc -p tsconfig.json && node dist/scenarios/estate/generate-estate-planetlab.js
 *   node dist/scenarios/estate/generate-estate-planetlab.js --hosts 10 --guests 13 --out /tmp/small.yaml
 *
 * Options: --hosts N (800), --guests M (1052), --seed S (1), --duration D (1d), --out FILE
 * (default scenarios/estate-planetlab.yaml; a smaller estate goes to
 * scenarios/estate-planetlab-<N>x<M>.yaml unless --out says otherwise; `-` = stdout).
 * Relative trace paths in the YAML are relative to scenarios/, so write it there.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { estateScenarioYaml, type EstateOptions } from './estate-planetlab.js';

// dist/scenarios/estate/ → the repository root.
const ROOT = resolve(import.meta.dirname ?? '.', '..', '..', '..');

function main(argv: string[]): number {
  const opts: EstateOptions = {};
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    const int = (): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive integer (got ${v})`);
      i++;
      return n;
    };
    if (a === '--hosts') opts.hosts = int();
    else if (a === '--guests') opts.guests = int();
    else if (a === '--seed') opts.seed = int();
    else if (a === '--duration') { opts.duration = v; i++; }
    else if (a === '--period') { opts.period = v; i++; }
    else if (a === '--sample') { opts.sample = v; i++; }
    else if (a === '--bookkeeping') {
      if (v !== 'lazy' && v !== 'eager') throw new Error(`--bookkeeping is lazy or eager (got ${v})`);
      opts.bookkeeping = v;
      i++;
    }
    else if (a === '--out') { out = v; i++; }
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: generate-estate-planetlab [--hosts N] [--guests M] [--seed S] [--duration D] [--period P] [--sample S] [--bookkeeping lazy|eager] [--out FILE|-]\n');
      return 0;
    } else throw new Error(`unknown argument '${a}'`);
  }
  const yaml = estateScenarioYaml(opts);
  const full = (opts.hosts ?? 800) === 800 && (opts.guests ?? 1052) === 1052 && opts.period === undefined && opts.sample === undefined && opts.bookkeeping === undefined;
  const file = out ?? resolve(ROOT, 'scenarios', full ? 'estate-planetlab.yaml' : `estate-planetlab-${opts.hosts ?? 800}x${opts.guests ?? 1052}${opts.period !== undefined ? `-${opts.period}` : ''}.yaml`);
  if (file === '-') process.stdout.write(yaml);
  else {
    writeFileSync(file, yaml);
    process.stderr.write(`wrote ${file} (${yaml.length} bytes)\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`generate-estate-planetlab: ${(e as Error).message}\n`);
  process.exitCode = 2;
}
