/**
 * A sweep worker thread: runs the runs it is sent, one at a time, and posts each run's
 * record back. A cell's Scenario comes with the first run of that cell this worker gets
 * and is kept, so a cell is cloned across the thread boundary once per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSweepRun, type RunRecord, type SweepDescription } from '../sim/experiment/index.js';
import type { Scenario } from '../sim/scenario/types.js';

export interface SweepWorkerData {
  description: SweepDescription;
}

export interface SweepTask {
  run: number;
  /** The cell's Scenario, sent the first time this worker gets a run of that cell. */
  scenario?: Scenario;
}

export type SweepWorkerMessage = { kind: 'record'; record: RunRecord } | { kind: 'error'; run: number; message: string };

const { description } = workerData as SweepWorkerData;
const port = parentPort!;
const scenarios = new Map<number, Scenario>();

port.on('message', (task: SweepTask) => {
  const cell = Math.floor(task.run / description.replications);
  if (task.scenario !== undefined) scenarios.set(cell, task.scenario);
  try {
    const record = runSweepRun(description, scenarios.get(cell)!, task.run);
    port.postMessage({ kind: 'record', record } satisfies SweepWorkerMessage);
  } catch (e) {
    port.postMessage({ kind: 'error', run: task.run, message: (e as Error).stack ?? String(e) } satisfies SweepWorkerMessage);
  }
});
