/**
 * The hot loop: runs a domain's compiled workload, one thread per vCPU, until the
 * thread needs CPU (returns the cycles of the burst) or waits (blocks the vCPU).
 *
 * Hot code on purpose: per-thread state in typed arrays indexed by the vCPU number,
 * operands sampled straight from the bytecode's tables, instruction-mix costs
 * precomputed per mix (cost is linear in the instruction count), no allocation per
 * instruction or per event. The benchmark that watches it: `npm run bench` (web).
 *
 * CPU work: `cpu N` with a mix costs N × (cycles per instruction of that mix on this
 * guest type and host); the vCPU retires N instructions over those cycles, and the
 * hypervisor's share of the cycles is charged to the domain and counted on its own.
 */
import type { RandomStream } from '../engine/random.js';
import type { Vcpu } from '../xen/vcpu.js';
import type { VcpuHost, WorkSource } from '../xen/work.js';
import type { ArrivalProcess } from './arrivals.js';
import { type CompiledProgram, Op } from './bytecode.js';
import { sampleCompiled } from './sample.js';
import type { GuestServices } from './services.js';

/** Cycles per instruction for plain code and for each compiled mix. */
export interface MixCosts {
  plainCpi: number;
  /** Per mix index: cycles per instruction, and hypervisor cycles per instruction. */
  cpi: Float64Array;
  hvpi: Float64Array;
}

/** A program step count after which a thread that neither computes nor waits is a bug. */
const MAX_STEPS_WITHOUT_PROGRESS = 1_000_000;

export class ProgramRunner implements WorkSource {
  private readonly pc: Int32Array;
  private readonly loops: Float64Array;
  /** Arrival instant of the request the thread last took with recv (−1: none). */
  private readonly reqArrival: Float64Array;
  /** Start of the request in progress (begin), −1 when none. */
  private readonly reqStart: Float64Array;
  private readonly timers: Int32Array;
  private readonly evWake: number;
  requests = 0;

  constructor(
    private readonly host: VcpuHost,
    private readonly prog: CompiledProgram,
    private readonly threads: number,
    private readonly services: GuestServices,
    private readonly arrivals: ArrivalProcess | null,
    private readonly rng: RandomStream,
    private readonly costs: MixCosts,
    /** Index into the domain's vbd list for each program vbd number. */
    private readonly vbdMap: Int32Array,
  ) {
    this.pc = new Int32Array(threads);
    this.loops = new Float64Array(Math.max(1, threads * prog.loopSlots));
    this.reqArrival = new Float64Array(threads).fill(-1);
    this.reqStart = new Float64Array(threads).fill(-1);
    this.timers = new Int32Array(threads);
    for (let i = 0; i < threads; i++) this.timers[i] = host.sim.newTimer();
    this.evWake = host.sim.register((vi, now) => host.wake(host.vcpus[vi], now));
  }

  next(v: Vcpu, now: number): number {
    const t = v.id;
    if (t >= this.threads || v.ioPending > 0 || now < v.waitUntilNs) {
      // Not this program's turn yet: woken for something else (or a spare vCPU).
      this.host.block(v, now);
      return 0;
    }
    const p = this.prog;
    const code = p.code;
    const rng = this.rng;
    let pc = this.pc[t];
    for (let steps = 0; steps < MAX_STEPS_WITHOUT_PROGRESS; steps++) {
      const op = code[pc];
      const a = code[pc + 1];
      switch (op) {
        case Op.Cpu: {
          pc += 4;
          const n = sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]);
          if (n <= 0) break;
          const mix = code[pc - 4 + 2];
          const cpi = mix < 0 ? this.costs.plainCpi : this.costs.cpi[mix];
          const hvpi = mix < 0 ? 0 : this.costs.hvpi[mix];
          this.pc[t] = pc;
          v.instructionsPerCycle = 1 / cpi;
          v.hypervisorFraction = hvpi / cpi;
          return n * cpi;
        }
        case Op.Read:
        case Op.Write: {
          const bytes = sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]);
          pc += 4;
          this.pc[t] = pc;
          if (this.services.blockIo(v, this.vbdMap[code[pc - 4 + 2]], bytes, op === Op.Write, now)) return 0;
          break;
        }
        case Op.Send: {
          const bytes = sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]);
          pc += 4;
          this.pc[t] = pc;
          if (this.services.netSend(v, bytes, now)) return 0;
          break;
        }
        case Op.Recv: {
          const arrivals = this.arrivals;
          if (arrivals === null) {
            // Nobody will ever send: the thread waits for good.
            this.pc[t] = pc;
            this.host.block(v, now);
            return 0;
          }
          const at = arrivals.take(v, now);
          if (at < 0) {
            this.pc[t] = pc; // run recv again when woken
            return 0;
          }
          this.reqArrival[t] = at;
          pc += 4;
          break;
        }
        case Op.Sleep: {
          const d = sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]);
          pc += 4;
          if (d <= 0) break;
          this.pc[t] = pc;
          v.waitUntilNs = now + d;
          this.host.block(v, now);
          this.host.sim.setTimer(this.timers[t], now + d, this.evWake, v.index);
          return 0;
        }
        case Op.Ws:
          this.services.setWorkingSet(v, sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]), now);
          pc += 4;
          break;
        case Op.Touch: {
          const bytes = sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]);
          pc += 4;
          this.pc[t] = pc;
          if (this.services.touch(v, bytes, now)) return 0;
          break;
        }
        case Op.LoopInit:
          this.loops[t * p.loopSlots + code[pc + 2]] = Math.round(sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]));
          pc += 4;
          break;
        case Op.LoopTest: {
          const slot = t * p.loopSlots + a;
          if (this.loops[slot] <= 0) pc = code[pc + 2];
          else {
            this.loops[slot]--;
            pc += 4;
          }
          break;
        }
        case Op.Jmp:
          pc = a;
          break;
        case Op.Choose: {
          const u = rng.uniform();
          let i = p.chooseStart[a];
          const end = p.chooseStart[a + 1] - 1;
          while (i < end && u >= p.chooseCum[i]) i++;
          pc = p.chooseTarget[i];
          break;
        }
        case Op.Begin: {
          const arrived = this.reqArrival[t];
          this.reqStart[t] = arrived >= 0 ? arrived : now;
          this.reqArrival[t] = -1;
          pc += 4;
          break;
        }
        case Op.End: {
          const start = this.reqStart[t];
          if (start >= 0) {
            this.services.endRequest(v, start, now);
            this.requests++;
            this.reqStart[t] = -1;
            if (this.arrivals !== null) this.arrivals.responded(now);
          }
          pc += 4;
          break;
        }
        default: // Halt: the thread is done; its vCPU idles from now on.
          this.pc[t] = pc;
          this.host.block(v, now);
          return 0;
      }
    }
    throw new Error(`workload of domain '${v.domain.name}' ran ${MAX_STEPS_WITHOUT_PROGRESS} steps without using CPU or waiting`);
  }
}
