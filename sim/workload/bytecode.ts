/**
 * The workload bytecode: what compiler.ts emits and interpreter.ts runs. Each
 * instruction is four Int32 words [op, a, b, c]; operands (constants and
 * distributions) live in a side table of typed arrays, so running a program
 * allocates nothing.
 */

export const enum Op {
  Halt = 0,
  /** a = operand (instructions), b = mix index or −1 */
  Cpu = 1,
  /** a = operand (bytes), b = vbd index, c = async queue depth (0 = synchronous) */
  Read = 2,
  Write = 3,
  /** a = operand (bytes) */
  Send = 4,
  Recv = 5,
  /** a = operand (ns) */
  Sleep = 6,
  /** a = operand (bytes) */
  Ws = 7,
  Touch = 8,
  /** a = operand (count), b = loop slot */
  LoopInit = 9,
  /** a = loop slot, b = pc to leave to when the count is used up */
  LoopTest = 10,
  /** a = target pc */
  Jmp = 11,
  /** a = choose table index */
  Choose = 12,
  Begin = 13,
  End = 14,
}

export const enum OperandKind {
  Const = 0,
  Exp = 1,
  Uniform = 2,
  Normal = 3,
  Lognormal = 4,
  Pareto = 5,
}

export const WORDS_PER_INSTR = 4;

export interface CompiledProgram {
  code: Int32Array;
  /** Operand table: kind and two parameters. */
  opKind: Int32Array;
  opP1: Float64Array;
  opP2: Float64Array;
  /** Instruction mixes: fractions of syscall, pagetable, privileged, interrupt (4 per mix). */
  mixes: Float64Array;
  /** choose tables: for table i, entries chooseStart[i] … chooseStart[i+1]−1 of chooseCum/chooseTarget. */
  chooseStart: Int32Array;
  chooseCum: Float64Array;
  chooseTarget: Int32Array;
  loopSlots: number;
  /** vdev names (e.g. sda1) by the vbd index used in Read/Write. */
  vbdNames: string[];
  usesRecv: boolean;
  usesRequests: boolean;
}
