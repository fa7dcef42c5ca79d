/**
 * Guests made from one template run the same program: they share one copy of its
 * bytecode, operand tables and mix costs (all read-only while running; each guest's
 * ProgramRunner keeps its own threads' state). A thousand web guests then keep one
 * program in cache instead of a thousand (docs/performance.md). Shared within a run
 * (keyed by the run's random streams), for one guest type and host speed.
 */
import type { RandomStreams } from '../engine/random.js';
import type { CompiledProgram } from './bytecode.js';
import type { MixCosts } from './interpreter.js';

export interface SharedProgram {
  prog: CompiledProgram;
  costs: MixCosts;
}

const programs = new WeakMap<RandomStreams, Map<string, SharedProgram>>();

/** The run's copy of `prog` for guests of `type` on a host of this `ipc` (costs made once). */
export function sharedProgram(run: RandomStreams, prog: CompiledProgram, type: string, ipc: number, costs: () => MixCosts): SharedProgram {
  let byKey = programs.get(run);
  if (byKey === undefined) programs.set(run, (byKey = new Map()));
  const key = JSON.stringify([type, ipc, prog], (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
  let hit = byKey.get(key);
  if (hit === undefined) byKey.set(key, (hit = { prog, costs: costs() }));
  return hit;
}
