/**
 * Runs a sweep's runs on a pool of worker threads (cli/sweep-worker.ts), handing out
 * the next run in grid order to whichever worker is free. Records arrive in completion
 * order; the caller sorts them. stop() ends the workers at once (runs in flight are
 * lost, and a resumed sweep runs them again).
 */
import { Worker } from 'node:worker_threads';
import type { RunRecord, SweepDescription } from '../sim/experiment/index.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { SweepTask, SweepWorkerData, SweepWorkerMessage } from './sweep-worker.js';

export interface PoolHandle {
  /** Resolves when every run has finished; rejects on the first failed run. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export function runSweepPool(desc: SweepDescription, cells: readonly Scenario[], runs: readonly number[], workers: number, onRecord: (r: RunRecord) => void): PoolHandle {
  const queue = runs.slice();
  const pool: Worker[] = [];
  let stopped = false;
  let resolveDone!: () => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  let active = Math.min(Math.max(1, workers), queue.length);
  if (active === 0) resolveDone();
  const stopAll = async (): Promise<void> => {
    stopped = true;
    await Promise.all(pool.map((w) => w.terminate()));
  };
  const fail = (e: Error): void => {
    if (stopped) return;
    void stopAll();
    rejectDone(e);
  };
  for (let i = 0; i < active; i++) {
    const worker = new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: { description: desc } satisfies SweepWorkerData });
    pool.push(worker);
    const sent = new Set<number>();
    let finished = false;
    const next = (): void => {
      if (stopped) return;
      const run = queue.shift();
      if (run === undefined) {
        finished = true;
        void worker.terminate();
        if (--active === 0) resolveDone();
        return;
      }
      const cell = Math.floor(run / desc.replications);
      const task: SweepTask = { run, scenario: sent.has(cell) ? undefined : cells[cell] };
      sent.add(cell);
      worker.postMessage(task);
    };
    worker.on('message', (m: SweepWorkerMessage) => {
      if (stopped) return;
      if (m.kind === 'record') {
        onRecord(m.record);
        next();
      } else fail(new Error(`run ${m.run} failed: ${m.message}`));
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => {
      if (!finished && !stopped) fail(new Error(`sweep worker exited with code ${code} before finishing its runs`));
    });
    next();
  }
  return { done, stop: stopAll };
}
