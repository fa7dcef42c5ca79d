/**
 * A worker thread of `xensim papers`: runs the simulations it is sent, one at a time,
 * and posts back only the numbers the rows read from each Result (termValue), so a
 * Result never crosses the thread boundary.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { Term } from '../sim/experiment/paper-expect.js';
import { termKey, termValue } from '../sim/experiment/paper-runs.js';

export interface PaperTask {
  key: string;
  scenario: Scenario;
  durationNs?: number;
  seed?: number;
  terms: Term[];
}

export type PaperTaskReply = { key: string; values: Record<string, number | null> } | { key: string; error: string };

/** The numbers of one task (also used in-process by the tests and with --workers 1). */
export function runTask(task: PaperTask): Record<string, number | null> {
  const result = runScenario(task.scenario, { durationNs: task.durationNs, seed: task.seed });
  const values: Record<string, number | null> = {};
  for (const t of task.terms) values[termKey(t)] = termValue(result, t);
  return values;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (task: PaperTask) => {
    try {
      port.postMessage({ key: task.key, values: runTask(task) } satisfies PaperTaskReply);
    } catch (e) {
      port.postMessage({ key: task.key, error: (e as Error).message } satisfies PaperTaskReply);
    }
  });
}
