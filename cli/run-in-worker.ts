/**
 * Starts cli/sim-worker.ts for one run and turns the first SIGINT into an early stop
 * (shared-memory flag; the partial Result still comes back and is reported). A second
 * SIGINT exits at once with 130, as shells expect.
 */
import { Worker } from 'node:worker_threads';
import type { Progress } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { Result } from '../sim/stats/result.js';
import type { WorkerInput, WorkerMessage } from './sim-worker.js';
import { stopOnSigint } from './stop-on-sigint.js';

export interface WorkerRunOptions {
  seed?: number;
  durationNs: number;
  onProgress?: (p: Progress) => void;
  /** Told when the first Ctrl-C arrives (to say the run is stopping). */
  onInterrupt?: () => void;
}

export function runInWorker(scenario: Scenario, options: WorkerRunOptions): Promise<Result> {
  const { stopFlag, release } = stopOnSigint(options.onInterrupt);
  const input: WorkerInput = { scenario, seed: options.seed, durationNs: options.durationNs, stopFlag };
  const worker = new Worker(new URL('./sim-worker.js', import.meta.url), { workerData: input });
  return new Promise<Result>((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      release();
      f();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') options.onProgress?.({ simNs: m.simNs, durationNs: m.durationNs, events: m.events });
      else if (m.kind === 'result') finish(() => resolve(m.result));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`simulation worker exited with code ${code} before sending a result`))));
  });
}
