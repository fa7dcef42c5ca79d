/**
 * `npm run bench -- soak`: issue #24's size test. A generated scenario of 20,000 guests
 * (mostly idle, one in twenty light web or mail; bench/soak-scenario.ts) is written to a
 * temp file and run through the built CLI (`xensim run FILE --out DIR`) in a child
 * process, whose exit reports its wall time and peak RSS (bench/soak-run.ts); then the
 * bytes written under DIR are counted. The horizon is 10 simulated minutes by default (a
 * simulated hour takes ~8 min of wall here; XENSIM_SOAK_DURATION=1h for it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { soakScenarioYaml } from './soak-scenario.js';

export interface SoakFigures {
  domains: number;
  duration: string;
  code: number | null;
  wallSeconds: number;
  maxRssMb: number;
  bytesWritten: number;
  files: number;
}

function sizeOf(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) {
      const s = sizeOf(p);
      bytes += s.bytes;
      files += s.files;
    } else {
      bytes += st.size;
      files++;
    }
  }
  return { bytes, files };
}

export function soakRun(domains = 20_000, duration = process.env.XENSIM_SOAK_DURATION ?? '10m'): SoakFigures {
  const dir = mkdtempSync(join(tmpdir(), 'xensim-soak-'));
  try {
    const file = join(dir, 'soak.yaml');
    writeFileSync(file, soakScenarioYaml({ domains, duration }));
    const report = join(dir, 'report.json');
    const out = join(dir, 'out');
    const runner = join(dirname(fileURLToPath(import.meta.url)), 'soak-run.js');
    const r = spawnSync(process.execPath, [runner, 'run', file, '--out', out, '--quiet', '--force'], {
      env: { ...process.env, XENSIM_RUN_REPORT: report }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { code: number; wallSeconds: number; maxRssMb: number };
    const written = sizeOf(out);
    return { domains, duration, code: r.status, wallSeconds: rep.wallSeconds, maxRssMb: rep.maxRssMb, bytesWritten: written.bytes, files: written.files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
