/**
 * The hot loop: runs a domain's compiled workload, one thread per vCPU, until the
 * thread needs CPU (returns the cycles of the burst) or waits (blocks the vCPU).
 *
 * More threads than vCPUs: the guest's own scheduler shares the vCPUs among the threads
 * (nextShared). One run queue for the guest, FIFO; a thread keeps a vCPU until it waits
 * (I/O, a full TX ring, sleep, recv) or ends, or until its time slice ends while others
 * are ready. The slice follows Linux CFS (2.6.23+, kernel/sched_fair.c): the targeted
 * latency, 20 ms, shared among the runnable threads of a CPU but no shorter than the
 * minimum granularity, 4 ms; a vCPU's share of the guest's queue is counted as its own.
 * Its waits are the thread's only (GuestServices with a ThreadWaiter): the vCPU goes on
 * with another ready thread, or blocks when none is. Simplifications: one queue for
 * all the guest's vCPUs (perfect balancing, no per-CPU runqueues or affinity), a woken
 * thread queues at the tail (no wake-up preemption), slices are measured in the thread's
 * cycles at the home host's clock, and a response's wire time is tracked per vCPU
 * (docs/io.md, "Guest threads"). With threads ≤ vCPUs thread t runs on vCPU t, as before.
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
import type { GuestServices, ThreadWaiter } from './services.js';

/** Cycles per instruction for plain code and for each compiled mix. */
export interface MixCosts {
  plainCpi: number;
  /** Per mix index: cycles per instruction, and hypervisor cycles per instruction. */
  cpi: Float64Array;
  hvpi: Float64Array;
}

/** A program step count after which a thread that neither computes nor waits is a bug. */
const MAX_STEPS_WITHOUT_PROGRESS = 1_000_000;
/** CFS's sysctl_sched_latency and sysctl_sched_min_granularity (Linux 2.6.23 defaults). */
export const GUEST_SCHED_LATENCY_NS = 20e6;
export const GUEST_MIN_GRANULARITY_NS = 4e6;

export class ProgramRunner implements WorkSource, ThreadWaiter {
  private readonly pc: Int32Array;
  private readonly loops: Float64Array;
  /** Arrival instant of the request the thread last took with recv (−1: none). */
  private readonly reqArrival: Float64Array;
  /** Start of the request in progress (begin), −1 when none. */
  private readonly reqStart: Float64Array;
  private readonly timers: Int32Array;
  private readonly evWake: number;
  requests = 0;

  // ---- more threads than vCPUs: the guest's scheduler (nextShared) ----
  /** This runner when its threads share the vCPUs (they wait alone), else null. */
  private readonly waiter: ThreadWaiter | null;
  /** Per vCPU (its number in the domain): the thread on it (−1: none), its host index, whether it idles for want of a thread. */
  private readonly cur: Int32Array;
  private readonly vcpuIndex: Int32Array;
  private readonly idle: Uint8Array;
  /** The guest's run queue of ready threads (a ring). */
  private readonly ready: Int32Array;
  private readyHead = 0;
  private readyCount = 0;
  /** Per thread: cycles of its CPU burst still to run, and their costs (a burst runs in slices). */
  private readonly left: Float64Array;
  private readonly leftIpc: Float64Array;
  private readonly leftHv: Float64Array;
  private readonly evThreadWake: number;

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
    /** The domain's vCPUs' host indexes: given when the threads outnumber them and share them. */
    vcpuIndexes: Int32Array | null = null,
    /** Cycles per ns of the host (the guest's time slices are counted in cycles). */
    private readonly ghz = 1,
  ) {
    this.pc = new Int32Array(threads);
    this.loops = new Float64Array(Math.max(1, threads * prog.loopSlots));
    this.reqArrival = new Float64Array(threads).fill(-1);
    this.reqStart = new Float64Array(threads).fill(-1);
    this.timers = new Int32Array(threads);
    for (let i = 0; i < threads; i++) this.timers[i] = host.sim.newTimer();
    this.evWake = host.sim.register((vi, now) => host.wake(host.vcpus[vi], now));
    const shared = vcpuIndexes !== null && threads > vcpuIndexes.length;
    this.waiter = shared ? this : null;
    const nv = shared ? vcpuIndexes.length : 0;
    this.vcpuIndex = shared ? vcpuIndexes.slice() : new Int32Array(0);
    this.cur = new Int32Array(nv).fill(-1);
    this.idle = new Uint8Array(nv);
    const nt = shared ? threads : 0;
    this.ready = new Int32Array(nt);
    for (let t = 0; t < nt; t++) this.enqueue(t);
    this.left = new Float64Array(nt);
    this.leftIpc = new Float64Array(nt);
    this.leftHv = new Float64Array(nt);
    this.evThreadWake = shared ? host.sim.register((t, now) => this.threadDone(t, now)) : -1;
  }

  next(v: Vcpu, now: number): number {
    if (this.waiter !== null) return this.nextShared(v, now);
    const t = v.id;
    if (t >= this.threads || v.ioPending > 0 || now < v.waitUntilNs) {
      // Not this program's turn yet: woken for something else (or a spare vCPU).
      this.host.block(v, now);
      return 0;
    }
    return this.run(v, t, now);
  }

  /**
   * The guest's scheduler: vCPU v goes on with its thread (the next slice of its burst, or
   * its program), or takes the next ready thread; with none ready it blocks.
   */
  private nextShared(v: Vcpu, now: number): number {
    const vid = v.id;
    this.idle[vid] = 0;
    for (let steps = 0; steps < MAX_STEPS_WITHOUT_PROGRESS; steps++) {
      let t = this.cur[vid];
      if (t >= 0 && this.left[t] > 0) {
        // Its slice ended: to the back of the queue if another thread is ready.
        if (this.readyCount === 0) return this.slice(v, t);
        this.enqueue(t);
        t = -1;
      }
      if (t < 0) {
        if (this.readyCount === 0) {
          this.cur[vid] = -1;
          this.idle[vid] = 1;
          this.host.block(v, now);
          return 0;
        }
        t = this.ready[this.readyHead];
        this.readyHead = (this.readyHead + 1) % this.ready.length;
        this.readyCount--;
        this.cur[vid] = t;
        if (this.left[t] > 0) return this.slice(v, t);
      }
      const cycles = this.run(v, t, now);
      if (cycles > 0) {
        this.left[t] = cycles;
        this.leftIpc[t] = v.instructionsPerCycle;
        this.leftHv[t] = v.hypervisorFraction;
        return this.slice(v, t);
      }
      // The thread waits (or has ended): the vCPU looks for another.
      this.cur[vid] = -1;
    }
    throw new Error(`workload of domain '${v.domain.name}': its threads switched ${MAX_STEPS_WITHOUT_PROGRESS} times without using CPU`);
  }

  /** The next slice of thread t's burst on v: CFS's latency shared by the runnable threads, ≥ the minimum granularity. */
  private slice(v: Vcpu, t: number): number {
    const perVcpu = 1 + this.readyCount / this.cur.length;
    let ns = GUEST_SCHED_LATENCY_NS / perVcpu;
    if (ns < GUEST_MIN_GRANULARITY_NS) ns = GUEST_MIN_GRANULARITY_NS;
    let c = ns * this.ghz;
    const left = this.left[t];
    // The rest of the burst if it is within a cycle of the slice (no crumb of a burst).
    if (c >= left - 1) c = left;
    this.left[t] = left - c;
    v.instructionsPerCycle = this.leftIpc[t];
    v.hypervisorFraction = this.leftHv[t];
    return c;
  }

  private enqueue(t: number): void {
    this.ready[(this.readyHead + this.readyCount) % this.ready.length] = t;
    this.readyCount++;
  }

  /** ThreadWaiter: thread t's wait is over; it queues, and an idle vCPU of the guest wakes to take it. */
  threadDone(t: number, now: number): void {
    this.enqueue(t);
    for (let i = 0; i < this.idle.length; i++) {
      if (this.idle[i] !== 0) {
        this.idle[i] = 0;
        this.host.wake(this.host.vcpus[this.vcpuIndex[i]], now);
        return;
      }
    }
  }

  /** Runs thread t's program on v until it computes (the burst's cycles) or waits (0). */
  private run(v: Vcpu, t: number, now: number): number {
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
          if (this.services.blockIo(v, this.vbdMap[code[pc - 4 + 2]], bytes, op === Op.Write, now, this.waiter, t)) return 0;
          break;
        }
        case Op.Send: {
          const bytes = sampleCompiled(rng, p.opKind[a], p.opP1[a], p.opP2[a]);
          pc += 4;
          this.pc[t] = pc;
          if (this.services.netSend(v, bytes, now, this.waiter, t)) return 0;
          break;
        }
        case Op.Recv: {
          const arrivals = this.arrivals;
          if (arrivals === null) {
            // Nobody will ever send: the thread waits for good.
            this.pc[t] = pc;
            if (this.waiter === null) this.host.block(v, now);
            return 0;
          }
          const at = this.waiter === null ? arrivals.take(v, now) : arrivals.takeFor(this.waiter, t);
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
          if (this.waiter !== null) {
            this.host.sim.setTimer(this.timers[t], now + d, this.evThreadWake, t);
            return 0;
          }
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
          if (this.services.touch(v, bytes, now, this.waiter, t)) return 0;
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
        default: // Halt: the thread is done; its vCPU idles from now on (or runs the other threads).
          this.pc[t] = pc;
          if (this.waiter === null) this.host.block(v, now);
          return 0;
      }
    }
    throw new Error(`workload of domain '${v.domain.name}' ran ${MAX_STEPS_WITHOUT_PROGRESS} steps without using CPU or waiting`);
  }
}
