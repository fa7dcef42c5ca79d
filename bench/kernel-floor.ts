/**
 * The kernel's floor for a scenario: how long the event kernel alone takes to do
 * exactly the queue work of a model run, with the model taken away.
 *
 * A recording run wraps the Simulator's entry points (schedule, setTimer, cancelTimer,
 * newTimer) and notes every call each dispatched event made, in order (calls made by
 * deferred handlers belong to the event that deferred them). A replay then drives a
 * fresh Simulator with handlers that only repeat the recorded calls of the event being
 * dispatched. The kernel is deterministic, so the replay dispatches the same events in
 * the same order — checked event by event (kind, target, time) — and its wall time is
 * what the kernel costs that run when the model's own work costs nothing, plus reading
 * the recorded calls, which readCalls() times alone. The model run, the replay and the
 * reading are timed in the same process, alternately, best of `reps` each.
 */
import { Simulator } from '../sim/engine/simulator.js';
import { buildRun } from '../sim/build.js';
import { grown } from '../sim/engine/typed-arrays.js';
import type { Scenario } from '../sim/scenario/types.js';
import { loadScenarioFile, formatError } from '../sim/scenario/load.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OP_SCHEDULE = 0;
const OP_SET_TIMER = 1;
const OP_CANCEL_TIMER = 2;
const OP_NEW_TIMER = 3;

/** The kernel calls of a run: per event, a range of ops (code, time, kind, target, timer). */
class KernelTrace {
  opCode = new Int32Array(1 << 16);
  opAt = new Float64Array(1 << 16);
  opKind = new Int32Array(1 << 16);
  opTarget = new Int32Array(1 << 16);
  opTimer = new Int32Array(1 << 16);
  ops = 0;
  /** eventStart[i]: index of event i's first op; the ops before eventStart[0] are the setup's. */
  eventStart = new Int32Array(1 << 16);
  /** Each event's kind, target and time, to check that the replay dispatches the same events. */
  eventKind = new Int32Array(1 << 16);
  eventTarget = new Int32Array(1 << 16);
  eventTime = new Float64Array(1 << 16);
  events = 0;
  kinds = 0;

  add(code: number, at: number, kind: number, target: number, timer: number): void {
    if (this.ops === this.opCode.length) {
      const n = 2 * this.ops;
      this.opCode = grown(this.opCode, n);
      this.opAt = grown(this.opAt, n);
      this.opKind = grown(this.opKind, n);
      this.opTarget = grown(this.opTarget, n);
      this.opTimer = grown(this.opTimer, n);
    }
    const i = this.ops++;
    this.opCode[i] = code;
    this.opAt[i] = at;
    this.opKind[i] = kind;
    this.opTarget[i] = target;
    this.opTimer[i] = timer;
  }

  startEvent(kind: number, target: number, now: number): void {
    if (this.events === this.eventStart.length) {
      const n = 2 * this.events;
      this.eventStart = grown(this.eventStart, n);
      this.eventKind = grown(this.eventKind, n);
      this.eventTarget = grown(this.eventTarget, n);
      this.eventTime = grown(this.eventTime, n);
    }
    const e = this.events++;
    this.eventStart[e] = this.ops;
    this.eventKind[e] = kind;
    this.eventTarget[e] = target;
    this.eventTime[e] = now;
  }
}

interface SimInternals {
  handlers: ((target: number, now: number) => void)[];
  runDeferred(handlers: unknown): void;
}

/** Builds and runs the scenario for `durationNs`, recording every kernel call (the build's too). */
export function recordRun(scenario: Scenario, durationNs: number): KernelTrace {
  const trace = new KernelTrace();
  const proto = Simulator.prototype;
  const orig = { schedule: proto.schedule, setTimer: proto.setTimer, cancelTimer: proto.cancelTimer, newTimer: proto.newTimer };
  let recording: Simulator | undefined;
  let inDeferred = false;
  // Wrap on the prototype for the build (the setup's calls), then on the instance.
  proto.schedule = function (this: Simulator, at: number, kind: number, target: number) {
    if (this === recording || recording === undefined) trace.add(OP_SCHEDULE, at, kind, target, -1);
    orig.schedule.call(this, at, kind, target);
  };
  proto.setTimer = function (this: Simulator, timer: number, at: number, kind: number, target: number) {
    if (this === recording || recording === undefined) trace.add(OP_SET_TIMER, at, kind, target, timer);
    orig.setTimer.call(this, timer, at, kind, target);
  };
  proto.cancelTimer = function (this: Simulator, timer: number) {
    if (this === recording || recording === undefined) trace.add(OP_CANCEL_TIMER, 0, 0, 0, timer);
    orig.cancelTimer.call(this, timer);
  };
  proto.newTimer = function (this: Simulator) {
    const t = orig.newTimer.call(this);
    if (this === recording || recording === undefined) trace.add(OP_NEW_TIMER, 0, 0, 0, t);
    return t;
  };
  try {
    const { rt } = buildRun(scenario, scenario.seed, durationNs);
    const sim = rt.sim;
    recording = sim;
    const inner = sim as unknown as SimInternals;
    trace.kinds = inner.handlers.length;
    const runDeferred = inner.runDeferred;
    inner.runDeferred = function (this: Simulator, handlers: unknown) {
      inDeferred = true;
      runDeferred.call(this, handlers);
      inDeferred = false;
    };
    inner.handlers = inner.handlers.map((h, kind) => (target: number, now: number) => {
      if (!inDeferred) trace.startEvent(kind, target, now);
      h(target, now);
    });
    sim.run({ untilNs: durationNs });
    if (sim.events !== trace.events) throw new Error(`kernel-floor: recorded ${trace.events} events, the run dispatched ${sim.events}`);
    return trace;
  } finally {
    Object.assign(proto, orig);
  }
}

/**
 * Replays a recorded run's kernel calls on a fresh Simulator; returns the events it
 * dispatched. Throws if any differs from the recording's in kind, target or time.
 */
export function replay(trace: KernelTrace, durationNs: number): number {
  const sim = new Simulator();
  const { opCode, opAt, opKind, opTarget, opTimer, eventStart, eventKind, eventTarget, eventTime } = trace;
  const lastEvent = trace.events;
  const totalOps = trace.ops;
  let event = 0;
  const doOps = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      switch (opCode[i]) {
        case OP_SCHEDULE: sim.schedule(opAt[i], opKind[i], opTarget[i]); break;
        case OP_SET_TIMER: sim.setTimer(opTimer[i], opAt[i], opKind[i], opTarget[i]); break;
        case OP_CANCEL_TIMER: sim.cancelTimer(opTimer[i]); break;
        default: sim.newTimer();
      }
    }
  };
  // One handler per recorded kind, as the model registers them (a dispatch through the table, never one inlined function).
  let mismatches = 0;
  const makeHandler = (kind: number) => (target: number, now: number): void => {
    const e = event++;
    if (eventKind[e] !== kind || eventTarget[e] !== target || eventTime[e] !== now) mismatches++;
    doOps(eventStart[e], e + 1 < lastEvent ? eventStart[e + 1] : totalOps);
  };
  for (let k = 0; k < trace.kinds; k++) sim.register(makeHandler(k));
  doOps(0, lastEvent > 0 ? eventStart[0] : totalOps);
  sim.run({ untilNs: durationNs });
  if (mismatches !== 0) throw new Error(`kernel-floor: ${mismatches} replayed events differ from the recording`);
  return sim.events;
}

export interface KernelFloor {
  events: number;
  /** The model's event loop (sim.run), best of the reps, ms. */
  modelMs: number;
  /** The kernel alone replaying the same calls, best of the reps, ms. */
  kernelMs: number;
  /** Reading the recorded calls without making them (the replay's own part of kernelMs), best of the reps, ms. */
  readMs: number;
}

/** Reads every recorded call and event as the replay does, making none: the replay's own cost. */
export function readCalls(trace: KernelTrace): number {
  const { opCode, opAt, opKind, opTarget, opTimer, eventStart, eventKind, eventTarget, eventTime } = trace;
  let sum = 0;
  for (let e = 0; e < trace.events; e++) {
    sum += eventKind[e] + eventTarget[e] + eventTime[e];
    const to = e + 1 < trace.events ? eventStart[e + 1] : trace.ops;
    for (let i = eventStart[e]; i < to; i++) {
      switch (opCode[i]) {
        case OP_SCHEDULE: sum += opAt[i] + opKind[i] + opTarget[i]; break;
        case OP_SET_TIMER: sum += opTimer[i] + opAt[i] + opKind[i] + opTarget[i]; break;
        case OP_CANCEL_TIMER: sum += opTimer[i]; break;
        default: sum++;
      }
    }
  }
  return sum;
}

/** Times the scenario's event loop over `durationNs` and the replay of its kernel calls, alternately. */
export function kernelFloor(scenario: Scenario, durationNs: number, reps: number): KernelFloor {
  const trace = recordRun(scenario, durationNs);
  let modelMs = Infinity;
  let kernelMs = Infinity;
  let readMs = Infinity;
  for (let r = 0; r < reps; r++) {
    const { rt } = buildRun(scenario, scenario.seed, durationNs);
    let t0 = process.hrtime.bigint();
    rt.sim.run({ untilNs: durationNs });
    modelMs = Math.min(modelMs, Number(process.hrtime.bigint() - t0) / 1e6);
    if (rt.sim.events !== trace.events) throw new Error('kernel-floor: the model run is not deterministic');
    t0 = process.hrtime.bigint();
    const replayed = replay(trace, durationNs);
    kernelMs = Math.min(kernelMs, Number(process.hrtime.bigint() - t0) / 1e6);
    if (replayed !== trace.events) throw new Error(`kernel-floor: the replay dispatched ${replayed} events, the run ${trace.events}`);
    t0 = process.hrtime.bigint();
    if (Number.isNaN(readCalls(trace))) throw new Error('kernel-floor: a recorded value is not a number');
    readMs = Math.min(readMs, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { events: trace.events, modelMs, kernelMs, readMs };
}

/** kernelFloor over the first `fraction` of a bundled scenario file (path from the project root). */
export function kernelFloorOf(file: string, fraction: number, reps: number): KernelFloor & { simSeconds: number } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const r = loadScenarioFile(join(root, file));
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  const durationNs = r.scenario.durationNs * fraction;
  return { ...kernelFloor(r.scenario, durationNs, reps), simSeconds: durationNs / 1e9 };
}
