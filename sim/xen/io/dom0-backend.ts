/**
 * Dom0's backend work (blkback, netback) as CPU work on Dom0's own vCPUs, scheduled
 * like any other vCPU: a busy or low-weight Dom0 slows everybody's I/O, as on real Xen.
 *
 * Backend jobs wait in one FIFO. A job arriving wakes a blocked Dom0 vCPU (the event
 * channel notification; BOOST under credit) or, if all are busy with Dom0's own work,
 * interrupts one of them: the rest of its burst is kept and resumed after the
 * backend work, as a softirq would. Dom0's own workload (if any) runs when no
 * backend work is waiting. Hot path: jobs are (kind, id, cycles) in typed rings.
 */
import type { Host } from '../host.js';
import type { Vcpu } from '../vcpu.js';
import type { WorkSource } from '../work.js';
import type { Domain } from '../domain.js';

/** Called when a job's CPU work is done (at the end of its burst). */
export type JobFinisher = (kind: number, id: number, now: number) => void;

export class Dom0Backend implements WorkSource {
  private kinds = new Int32Array(256);
  private ids = new Int32Array(256);
  private cycles = new Float64Array(256);
  private head = 0;
  private count = 0;
  /** Per Dom0 vCPU: job in progress (−1: none), its kind and id. */
  private readonly curKind: Int32Array;
  private readonly curId: Int32Array;
  /** Per Dom0 vCPU: own-workload burst interrupted by backend work. */
  private readonly ownLeft: Float64Array;
  private readonly ownIpc: Float64Array;
  private readonly ownHv: Float64Array;
  finish: JobFinisher = () => {};
  private inNext = false;
  jobs = 0;

  /** Dom0's own workload, run when no backend work waits (set once it is compiled). */
  own: WorkSource | null = null;

  constructor(private readonly host: Host, private readonly dom0: Domain, private readonly ipc: number) {
    const n = dom0.vcpus.length;
    this.curKind = new Int32Array(n).fill(-1);
    this.curId = new Int32Array(n);
    this.ownLeft = new Float64Array(n);
    this.ownIpc = new Float64Array(n);
    this.ownHv = new Float64Array(n);
  }

  /** Queues backend work of `cycles` cycles and gets a Dom0 vCPU onto it. */
  submit(kind: number, id: number, cycles: number, now: number): void {
    if (this.count === this.kinds.length) this.grow();
    const i = (this.head + this.count) % this.kinds.length;
    this.kinds[i] = kind;
    this.ids[i] = id;
    this.cycles[i] = cycles;
    this.count++;
    this.kick(now);
  }

  private kick(now: number): void {
    // A job finishing inside next() queues more work: that same call goes on to take it.
    if (this.inNext) return;
    const vcpus = this.dom0.vcpus;
    // A vCPU already on backend work (or about to call next) will take the job.
    for (const v of vcpus) if (v.runnable && !v.offline && this.curKind[v.id] >= 0) return;
    for (const v of vcpus) {
      if (v.blocked && v.pauseCount === 0 && !v.offline) {
        this.host.wake(v, now);
        return;
      }
    }
    for (const v of vcpus) if (v.runnable && v.remainingCycles === 0 && !v.running) return;
    // Everyone is busy with Dom0's own work: interrupt the first that is running.
    for (const v of vcpus) {
      if (v.running && this.curKind[v.id] < 0) {
        this.interrupt(v, now);
        return;
      }
    }
    for (const v of vcpus) {
      if (v.runnable && this.curKind[v.id] < 0) {
        this.interrupt(v, now);
        return;
      }
    }
  }

  private interrupt(v: Vcpu, now: number): void {
    const t = v.id;
    const ipcNow = v.instructionsPerCycle;
    const hvNow = v.hypervisorFraction;
    const left = this.host.takeBurst(v, now);
    if (left > 0) {
      this.ownLeft[t] += left;
      this.ownIpc[t] = ipcNow;
      this.ownHv[t] = hvNow;
    }
    this.host.restartBurst(v, now);
  }

  next(v: Vcpu, now: number): number {
    const t = v.id;
    if (this.curKind[t] >= 0) {
      const kind = this.curKind[t];
      this.curKind[t] = -1;
      this.inNext = true;
      this.finish(kind, this.curId[t], now);
      this.inNext = false;
    }
    if (this.count > 0) {
      const i = this.head;
      this.head = (this.head + 1) % this.kinds.length;
      this.count--;
      this.curKind[t] = this.kinds[i];
      this.curId[t] = this.ids[i];
      this.jobs++;
      v.instructionsPerCycle = this.ipc;
      v.hypervisorFraction = 0;
      return this.cycles[i] > 0 ? this.cycles[i] : 1;
    }
    if (this.ownLeft[t] > 0) {
      const left = this.ownLeft[t];
      this.ownLeft[t] = 0;
      v.instructionsPerCycle = this.ownIpc[t];
      v.hypervisorFraction = this.ownHv[t];
      return left;
    }
    if (this.own !== null) return this.own.next(v, now);
    this.host.block(v, now);
    return 0;
  }

  get queued(): number {
    return this.count;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const k = new Int32Array(n), d = new Int32Array(n), c = new Float64Array(n);
    for (let j = 0; j < this.count; j++) {
      const i = (this.head + j) % this.kinds.length;
      k[j] = this.kinds[i]; d[j] = this.ids[i]; c[j] = this.cycles[i];
    }
    this.kinds = k; this.ids = d; this.cycles = c; this.head = 0;
  }
}
