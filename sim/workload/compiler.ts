/**
 * Compiles the workload AST (ast.ts) into bytecode (bytecode.ts). Checks what can be
 * checked before the run — devices that exist, writes to read-only vbds, loops that
 * could spin without using CPU or blocking — and reports problems with a path into
 * the program (e.g. `program[2].loop.do[0]`) so the loader can give file:line:col.
 */
import type { Instr, Operand } from './ast.js';
import { type CompiledProgram, Op, OperandKind, WORDS_PER_INSTR } from './bytecode.js';

export interface CompileContext {
  /** vdev name → mode ('r' | 'w') of the domain's vbds. */
  vbds: Map<string, 'r' | 'w'>;
}

export interface CompileIssue {
  path: (string | number)[];
  message: string;
}

export class WorkloadCompileError extends Error {
  constructor(readonly issues: CompileIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
}

const OPERAND_KIND: Record<Operand['kind'], OperandKind> = {
  const: OperandKind.Const,
  exp: OperandKind.Exp,
  uniform: OperandKind.Uniform,
  normal: OperandKind.Normal,
  lognormal: OperandKind.Lognormal,
  pareto: OperandKind.Pareto,
};

class Emitter {
  code: number[] = [];
  opKind: number[] = [];
  opP1: number[] = [];
  opP2: number[] = [];
  mixes: number[] = [];
  chooseStart: number[] = [];
  chooseCum: number[] = [];
  chooseTarget: number[] = [];
  loopSlots = 0;
  vbdNames: string[] = [];
  usesRecv = false;
  usesRequests = false;
  issues: CompileIssue[] = [];

  constructor(private readonly ctx: CompileContext) {}

  get pc(): number {
    return this.code.length;
  }

  emit(op: Op, a = 0, b = 0, c = 0): number {
    const at = this.code.length;
    this.code.push(op, a, b, c);
    return at;
  }

  operand(o: Operand): number {
    const i = this.opKind.length;
    this.opKind.push(OPERAND_KIND[o.kind]);
    switch (o.kind) {
      case 'const': this.opP1.push(o.value); this.opP2.push(0); break;
      case 'exp': this.opP1.push(o.mean); this.opP2.push(0); break;
      case 'uniform': this.opP1.push(o.min); this.opP2.push(o.max); break;
      case 'normal': this.opP1.push(o.mean); this.opP2.push(o.sd); break;
      case 'lognormal': this.opP1.push(o.mean); this.opP2.push(o.sd); break;
      case 'pareto': this.opP1.push(o.shape); this.opP2.push(o.scale); break;
    }
    return i;
  }

  vbd(name: string, write: boolean, path: (string | number)[]): number {
    const mode = this.ctx.vbds.get(name);
    if (mode === undefined) {
      const known = [...this.ctx.vbds.keys()];
      this.issues.push({ path, message: `no vbd '${name}' in this domain (its disks: ${known.length ? known.join(', ') : 'none'})` });
    } else if (write && mode === 'r') {
      this.issues.push({ path, message: `write to vbd '${name}', which is attached read-only ('r')` });
    }
    let i = this.vbdNames.indexOf(name);
    if (i < 0) {
      i = this.vbdNames.length;
      this.vbdNames.push(name);
    }
    return i;
  }

  /** Emits a block; returns whether every path through it uses CPU or blocks. */
  block(body: Instr[], path: (string | number)[]): boolean {
    let progresses = false;
    body.forEach((ins, i) => {
      if (this.instr(ins, [...path, i])) progresses = true;
    });
    return progresses;
  }

  private instr(ins: Instr, path: (string | number)[]): boolean {
    switch (ins.op) {
      case 'cpu': {
        let mix = -1;
        if (ins.mix !== undefined) {
          const m = ins.mix;
          const parts = [m.syscall ?? 0, m.pagetable ?? 0, m.privileged ?? 0, m.interrupt ?? 0];
          const sum = parts.reduce((a, b) => a + b, 0);
          if (parts.some((p) => p < 0) || sum > 1) this.issues.push({ path: [...path, 'cpu', 'mix'], message: `instruction mix fractions must be ≥ 0 and add up to at most 1 (they add up to ${sum})` });
          mix = this.mixes.length / 4;
          this.mixes.push(...parts);
        }
        this.emit(Op.Cpu, this.operand(ins.n), mix);
        return true;
      }
      case 'read':
      case 'write':
        this.emit(ins.op === 'read' ? Op.Read : Op.Write, this.operand(ins.size), this.vbd(ins.dev, ins.op === 'write', [...path, ins.op, 'dev']), ins.async ?? 0);
        return true;
      case 'send':
        this.emit(Op.Send, this.operand(ins.size));
        return false;
      case 'recv':
        this.usesRecv = true;
        this.emit(Op.Recv);
        return true;
      case 'sleep':
        this.emit(Op.Sleep, this.operand(ins.duration));
        return true;
      case 'ws':
        this.emit(Op.Ws, this.operand(ins.size));
        return false;
      case 'touch':
        this.emit(Op.Touch, this.operand(ins.size));
        return false;
      case 'begin':
        this.usesRequests = true;
        this.emit(Op.Begin);
        return false;
      case 'end':
        this.usesRequests = true;
        this.emit(Op.End);
        return false;
      case 'loop': {
        const slot = this.loopSlots++;
        this.emit(Op.LoopInit, this.operand(ins.count), slot);
        const test = this.emit(Op.LoopTest, slot, 0);
        const progresses = this.block(ins.body, [...path, 'loop', 'do']);
        this.emit(Op.Jmp, test);
        this.code[test + 2] = this.pc;
        return progresses;
      }
      case 'forever': {
        const top = this.pc;
        const progresses = this.block(ins.body, [...path, 'forever']);
        if (!progresses) this.issues.push({ path: [...path, 'forever'], message: 'this forever loop never uses CPU or waits (add a cpu, sleep, recv, read or write)' });
        this.emit(Op.Jmp, top);
        return progresses;
      }
      case 'choose': {
        const table = this.chooseStart.length;
        this.chooseStart.push(this.chooseCum.length);
        const total = ins.branches.reduce((a, b) => a + b.p, 0);
        if (ins.branches.length === 0 || total <= 0 || ins.branches.some((b) => b.p < 0)) {
          this.issues.push({ path: [...path, 'choose'], message: 'choose needs branches with probabilities p ≥ 0 that add up to more than 0' });
        }
        const first = this.chooseCum.length;
        let cum = 0;
        for (const b of ins.branches) {
          cum += b.p / (total || 1);
          this.chooseCum.push(cum);
          this.chooseTarget.push(0);
        }
        if (ins.branches.length > 0) this.chooseCum[this.chooseCum.length - 1] = 1;
        this.emit(Op.Choose, table);
        const jumps: number[] = [];
        let all = ins.branches.length > 0;
        ins.branches.forEach((b, i) => {
          this.chooseTarget[first + i] = this.pc;
          if (!this.block(b.body, [...path, 'choose', i, 'do'])) all = false;
          jumps.push(this.emit(Op.Jmp, 0));
        });
        for (const j of jumps) this.code[j + 1] = this.pc;
        return all;
      }
    }
  }
}

export function compileProgram(program: Instr[], ctx: CompileContext): CompiledProgram {
  const e = new Emitter(ctx);
  e.block(program, ['program']);
  e.emit(Op.Halt);
  if (e.issues.length > 0) throw new WorkloadCompileError(e.issues);
  e.chooseStart.push(e.chooseCum.length);
  if (e.code.length % WORDS_PER_INSTR !== 0) throw new Error('bytecode misaligned');
  return {
    code: Int32Array.from(e.code),
    opKind: Int32Array.from(e.opKind),
    opP1: Float64Array.from(e.opP1),
    opP2: Float64Array.from(e.opP2),
    mixes: Float64Array.from(e.mixes),
    chooseStart: Int32Array.from(e.chooseStart),
    chooseCum: Float64Array.from(e.chooseCum),
    chooseTarget: Int32Array.from(e.chooseTarget),
    loopSlots: e.loopSlots,
    vbdNames: e.vbdNames,
    usesRecv: e.usesRecv,
    usesRequests: e.usesRequests,
  };
}
