/**
 * Sweep throughput: a 40-run sweep (the bundled I/O host, credit and rr, 20 replications
 * of 300 simulated seconds, about 0.45 s of work each, so that worker start-up — some
 * 0.2 s per thread — does not dominate) on 1 and on 2 worker threads, timed from pool
 * start (worker start-up included) to the last record.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSweepText } from '../sim/experiment/index.js';
import { formatError } from '../sim/scenario/load.js';
import { runSweepPool } from '../cli/sweep-pool.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SweepBenchResult {
  runs: number;
  seconds: Record<number, number>;
}

async function timePool(workers: number, plan: Extract<ReturnType<typeof loadSweepText>, { plan: unknown }>['plan']): Promise<number> {
  const runs = Array.from({ length: plan.description.runs }, (_, k) => k);
  const t0 = process.hrtime.bigint();
  let n = 0;
  await runSweepPool(plan.description, plan.cells, runs, workers, () => void n++).done;
  if (n !== runs.length) throw new Error(`sweep bench: ${n} of ${runs.length} runs came back`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function sweepBench(workerCounts: number[] = [1, 2]): Promise<SweepBenchResult> {
  const text = `base: ${join(root, 'scenarios', 'sweeps', 'io-host.yaml')}\nseed: 1\nreplications: 20\naxes:\n  scheduler.name: [credit, rr]\n  duration: [300s]\nmetrics: [host.utilisation, domains.web.requests.p95_ms]\n`;
  const r = loadSweepText(text, join(root, 'bench', 'sweep-40.sweep.yaml'), { readFile: (p) => readFileSync(p, 'utf8') });
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  const seconds: Record<number, number> = {};
  for (const w of workerCounts) seconds[w] = await timePool(w, r.plan);
  return { runs: r.plan.description.runs, seconds };
}
