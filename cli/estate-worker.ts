/**
 * An estate worker thread (cli/estate-pool.ts): keeps the scenario it was started with
 * and runs the host groups it is sent, one at a time, posting progress and each group's
 * Result back. A group sent after a stop runs zero events (a consistent empty Result).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { groupScenario } from '../sim/estate/group-scenario.js';
import { runOneGroup } from '../sim/estate/run-group.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { Result } from '../sim/stats/result.js';

export interface EstateWorkerData {
  scenario: Scenario;
  seed?: number;
  durationNs: number;
  /** Int32Array over a SharedArrayBuffer: [0] = 1 asks every run to stop. */
  stopFlag: Int32Array;
}

export interface EstateTask {
  /** Index in the scenario's list of host groups. */
  index: number;
  hosts: number[];
}

export type EstateWorkerMessage =
  | { kind: 'progress'; index: number; simNs: number; events: number }
  | { kind: 'result'; index: number; result: Result }
  | { kind: 'error'; index: number; message: string };

const data = workerData as EstateWorkerData;
const port = parentPort!;
const stopped = (): boolean => Atomics.load(data.stopFlag, 0) === 1;

port.on('message', (task: EstateTask) => {
  try {
    const result = runOneGroup(groupScenario(data.scenario, task.hosts), {
      seed: data.seed,
      durationNs: data.durationNs,
      maxEvents: stopped() ? 0 : undefined,
      onProgress: (p) => port.postMessage({ kind: 'progress', index: task.index, simNs: p.simNs, events: p.events } satisfies EstateWorkerMessage),
      shouldStop: stopped,
    });
    port.postMessage({ kind: 'result', index: task.index, result } satisfies EstateWorkerMessage);
  } catch (e) {
    port.postMessage({ kind: 'error', index: task.index, message: (e as Error).stack ?? String(e) } satisfies EstateWorkerMessage);
  }
});
