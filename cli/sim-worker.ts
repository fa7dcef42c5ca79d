/**
 * Runs one simulation in a worker thread for `xensim run`. runScenario is synchronous
 * (the hot loop never yields), so a SIGINT handler on the main thread could not run
 * until the simulation ended; here the main thread stays free to receive Ctrl-C and
 * raises a flag in shared memory that shouldStop reads, and the run ends early with a
 * consistent partial Result. Progress is posted back as messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';

export interface WorkerInput {
  scenario: Scenario;
  seed?: number;
  durationNs: number;
  /** Int32Array over a SharedArrayBuffer: [0] = 1 asks the run to stop. */
  stopFlag: Int32Array;
}

export type WorkerMessage =
  | { kind: 'progress'; simNs: number; durationNs: number; events: number }
  | { kind: 'result'; result: ReturnType<typeof runScenario> }
  | { kind: 'error'; message: string };

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const result = runScenario(input.scenario, {
    seed: input.seed,
    durationNs: input.durationNs,
    onProgress: (p) => port.postMessage({ kind: 'progress', ...p } satisfies WorkerMessage),
    shouldStop: () => Atomics.load(input.stopFlag, 0) === 1,
  });
  port.postMessage({ kind: 'result', result } satisfies WorkerMessage);
} catch (e) {
  port.postMessage({ kind: 'error', message: (e as Error).stack ?? String(e) } satisfies WorkerMessage);
}
