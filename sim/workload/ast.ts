/**
 * The workload language as data: what a scenario's `workload:` section parses to,
 * before sim/workload/compiler.ts turns it into typed-array bytecode.
 *
 * Operands are written as strings or numbers in YAML (`4K`, `10ms`, `exp(2M)`,
 * `lognormal(1ms, 0.5ms)`, `uniform(1K, 64K)`, `pareto(1.5, 4K)`); sim/workload/operand.ts
 * parses them into an Operand.
 */

/** A number or a distribution, already in base units (instructions, bytes, ns). */
export type Operand =
  | { kind: 'const'; value: number }
  | { kind: 'exp'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'pareto'; shape: number; scale: number };

/** Fractions of a `cpu` op's instructions that are of a costly class; the rest are plain. */
export interface InstructionMix {
  syscall?: number;
  pagetable?: number;
  privileged?: number;
  interrupt?: number;
}

export type Instr =
  | { op: 'cpu'; n: Operand; mix?: InstructionMix }
  | { op: 'read' | 'write'; dev: string; size: Operand; async?: number }
  | { op: 'send'; size: Operand }
  | { op: 'recv' }
  | { op: 'sleep'; duration: Operand }
  | { op: 'ws'; size: Operand }
  | { op: 'touch'; size: Operand }
  | { op: 'loop'; count: Operand; body: Instr[] }
  | { op: 'forever'; body: Instr[] }
  | { op: 'choose'; branches: { p: number; body: Instr[] }[] }
  | { op: 'begin' }
  | { op: 'end' };

/** Where requests for `recv` come from. Rates are per second. */
export type Arrivals =
  | { kind: 'none' }
  | { kind: 'poisson'; ratePerSec: number }
  /** Rate follows a day: mean × (1 + amplitude·cos(2π(t − peakHour)/24h)). */
  | { kind: 'diurnal'; meanPerSec: number; amplitude: number; peakHour: number }
  /** Poisson at ratePerSec during exponential on periods, nothing during off periods. */
  | { kind: 'onoff'; ratePerSec: number; onNs: number; offNs: number }
  /** Arrival instants (ns from the run start) replayed from a file. */
  | { kind: 'replay'; timesNs: number[] }
  /** `clients` users, each sending a request, waiting for its answer, thinking, again. */
  | { kind: 'closed'; clients: number; thinkNs: Operand };

/** A per-interval utilisation trace, already imported (sim/workload/traces/). */
export interface UtilTrace {
  /** Where it came from, for messages. */
  source: string;
  intervalNs: number;
  /** CPU demand per interval as a fraction (0–1+) of `refCores` cores at `refGhz`. */
  cpu: number[];
  refGhz: number;
  refCores: number;
  /** Optional per-interval memory in use (MB), disk read/write and net rx/tx (bytes/s). */
  memMb?: number[];
  diskReadBps?: number[];
  diskWriteBps?: number[];
  netRxBps?: number[];
  netTxBps?: number[];
  /**
   * Where the replay starts, in trace time (ns): the workload's `offset`. The guest's
   * creation is this far into the trace (looping past its end when the workload loops).
   * 0: the replay starts at the trace's beginning, on the period grid; absent: at the
   * guest's own phase within the first period (trace-source.ts).
   */
  startOffsetNs?: number;
}

export type WorkloadSpec =
  | { kind: 'preset'; preset: string; params: Record<string, number | string> }
  | { kind: 'program'; threads: number; program: Instr[]; arrivals: Arrivals }
  /** periodNs: how often the replay wakes (default 1 s, at most the trace's interval). */
  | { kind: 'trace'; trace: UtilTrace; loop: boolean; periodNs?: number }
  | { kind: 'idle' };
