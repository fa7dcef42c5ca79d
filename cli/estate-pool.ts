/**
 * Runs host groups of one scenario (sim/estate/) on a pool of worker threads
 * (cli/estate-worker.ts), handing the next group to whichever worker is free; the
 * Results come back by group index, so the merge does not depend on completion order.
 * The first Ctrl-C stops the runs under way early and runs the rest for zero events
 * (the partial Result is still consistent); a second exits with 130.
 */
import { Worker } from 'node:worker_threads';
import type { Progress } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { Result } from '../sim/stats/result.js';
import type { EstateTask, EstateWorkerData, EstateWorkerMessage } from './estate-worker.js';
import { stopOnSigint } from './stop-on-sigint.js';

export interface EstatePoolOptions {
  seed?: number;
  durationNs: number;
  workers: number;
  /** Simulated time over all the groups run here (each counts durationNs), events so far. */
  onProgress?: (p: Progress) => void;
  onInterrupt?: () => void;
}

export async function runGroupsInWorkers(scenario: Scenario, groups: readonly number[][], which: readonly number[], options: EstatePoolOptions): Promise<Map<number, Result>> {
  const queue = which.slice();
  const results = new Map<number, Result>();
  const simNs = new Map<number, number>();
  const events = new Map<number, number>();
  let doneNs = 0;
  let doneEvents = 0;
  const report = (): void => {
    if (options.onProgress === undefined) return;
    let s = doneNs;
    let e = doneEvents;
    for (const v of simNs.values()) s += v;
    for (const v of events.values()) e += v;
    options.onProgress({ simNs: s, durationNs: options.durationNs * which.length, events: e });
  };
  const { stopFlag, release } = stopOnSigint(options.onInterrupt);
  const data: EstateWorkerData = { scenario, seed: options.seed, durationNs: options.durationNs, stopFlag };
  const size = Math.max(1, Math.min(options.workers, queue.length));
  try {
    await Promise.all(Array.from({ length: size }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./estate-worker.js', import.meta.url), { workerData: data });
      let finished = false;
      const next = (): void => {
        const index = queue.shift();
        if (index === undefined) {
          finished = true;
          void worker.terminate();
          resolve();
          return;
        }
        worker.postMessage({ index, hosts: groups[index] } satisfies EstateTask);
      };
      worker.on('message', (m: EstateWorkerMessage) => {
        if (m.kind === 'progress') {
          simNs.set(m.index, m.simNs);
          events.set(m.index, m.events);
          report();
        } else if (m.kind === 'result') {
          results.set(m.index, m.result);
          simNs.delete(m.index);
          events.delete(m.index);
          doneNs += options.durationNs;
          doneEvents += m.result.events;
          report();
          next();
        } else {
          finished = true;
          void worker.terminate();
          reject(new Error(`host group ${m.index} failed: ${m.message}`));
        }
      });
      worker.on('error', (e) => { finished = true; reject(e); });
      worker.on('exit', (code) => { if (!finished) reject(new Error(`estate worker exited with code ${code} before finishing`)); });
      next();
    })));
  } finally {
    release();
  }
  return results;
}
