/**
 * Minimal CPU sources behind the WorkSource interface: always busy, and busy/idle with
 * exponential on and off periods. Used by scheduler tests and benchmarks; scenarios
 * use the workload interpreter (sim/workload/) instead.
 */
import type { RandomStream } from '../engine/random.js';
import type { Host } from './host.js';
import type { Vcpu } from './vcpu.js';
import type { WorkSource } from './work.js';

/** Never blocks: hands out CPU bursts of `chunkNs` of CPU time forever. */
export class BusySource implements WorkSource {
  constructor(private readonly host: Host, private readonly chunkNs = 1e9) {}
  next(v: Vcpu): number {
    v.instructionsPerCycle = 1;
    v.hypervisorFraction = 0;
    return this.chunkNs * this.host.ghz;
  }
}

/** Alternates exponential CPU bursts (mean onNs of CPU time) and exponential sleeps (mean offNs). */
export class OnOffSource implements WorkSource {
  private readonly evWake: number;
  /** Per vCPU: the burst it just finished (true) → sleep next. */
  private readonly sleepNext: Uint8Array;
  private readonly timers: Int32Array;

  constructor(private readonly host: Host, private readonly rng: RandomStream, readonly onNs: number, readonly offNs: number) {
    this.evWake = host.sim.register((vi, now) => host.wake(host.vcpus[vi], now));
    this.sleepNext = new Uint8Array(host.vcpus.length + 64);
    this.timers = new Int32Array(host.vcpus.length + 64).fill(-1);
  }

  next(v: Vcpu, now: number): number {
    if (this.sleepNext[v.index]) {
      this.sleepNext[v.index] = 0;
      if (this.timers[v.index] < 0) this.timers[v.index] = this.host.sim.newTimer();
      this.host.block(v, now);
      this.host.sim.setTimer(this.timers[v.index], now + this.rng.exponential(this.offNs), this.evWake, v.index);
      return 0;
    }
    this.sleepNext[v.index] = 1;
    v.instructionsPerCycle = 1;
    v.hypervisorFraction = 0;
    return this.rng.exponential(this.onNs) * this.host.ghz;
  }
}
