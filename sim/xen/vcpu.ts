/**
 * A virtual CPU: what the schedulers queue and the pCPUs run. Objects are created once
 * when a domain is built; nothing here is allocated per event. What a scheduling policy
 * keeps per vCPU (credit, priority, …) lives in the policy, in typed arrays indexed by
 * `index` (Xen's alloc_udata); only the runqueue links are here, shared by the policies
 * that use RunQueue.
 */
import type { Domain } from './domain.js';

/** What the vCPU's time is being counted as (xm's r, runnable-waiting, b/p). */
export const enum AcctState {
  Running = 0,
  Runnable = 1,
  Blocked = 2,
  Offline = 3,
}

export class Vcpu {
  /** Position of the vCPU in the host's vCPU table. */
  readonly index: number;
  readonly domain: Domain;
  /** vCPU number inside its domain. */
  readonly id: number;
  /** pCPUs it may run on (xl's `cpus`), one flag per pCPU. */
  readonly affinity: Uint8Array;

  /** Waiting for an event (timer, I/O completion, request); not runnable. */
  blocked = false;
  /** Pause references (xm pause, parking of capped vCPUs); runnable only at 0. */
  pauseCount = 0;
  /** Not yet created, or destroyed. */
  offline = true;
  /** pCPU it runs on or last ran on. */
  pcpu = 0;
  /** True while it is some pCPU's current vCPU. */
  running = false;

  /**
   * What its workload waits for, so a wake-up that comes early (an event-channel
   * notification for Dom0's backend, say) does not cut a sleep or an I/O short:
   * block requests in flight, and the end of a sleep.
   */
  ioPending = 0;
  waitUntilNs = 0;

  /** Cycles left in the current CPU burst (0 = ask the workload for more). */
  remainingCycles = 0;
  /** Fraction of the current burst's cycles spent in the hypervisor on its behalf. */
  hypervisorFraction = 0;
  /** Instructions the guest retires per cycle of the current burst. */
  instructionsPerCycle = 0;
  /** When the current stint on a pCPU began (credit's rate limit measures from it). */
  runStartNs = 0;
  /** From when remainingCycles was last brought up to date. */
  burstSinceNs = 0;

  // Accounting
  acctState: AcctState = AcctState.Offline;
  acctSinceNs = 0;
  cpuNs = 0;
  waitNs = 0;
  blockedNs = 0;
  hypervisorNs = 0;
  instructions = 0;
  wakeups = 0;
  contextSwitches = 0;
  /** Time it last became runnable after being blocked, or −1. */
  wokeAtNs = -1;
  wakeLatencySumNs = 0;
  wakeLatencyCount = 0;


  // Runqueue links (intrusive doubly-linked list; see runqueue.ts)
  next: Vcpu | null = null;
  prev: Vcpu | null = null;
  queued = false;

  constructor(index: number, domain: Domain, id: number, pcpus: number, pins: number[] | undefined) {
    this.index = index;
    this.domain = domain;
    this.id = id;
    this.affinity = new Uint8Array(pcpus);
    if (pins === undefined || pins.length === 0) this.affinity.fill(1);
    else for (const p of pins) this.affinity[p] = 1;
  }

  /** Runnable in Xen's sense: not blocked, not paused, and alive. */
  get runnable(): boolean {
    return !this.blocked && this.pauseCount === 0 && !this.offline;
  }

  /** Moves its time accounting to a new state. */
  setAcct(state: AcctState, nowNs: number): void {
    const dt = nowNs - this.acctSinceNs;
    switch (this.acctState) {
      case AcctState.Running: this.cpuNs += dt; break;
      case AcctState.Runnable: this.waitNs += dt; break;
      case AcctState.Blocked: this.blockedNs += dt; break;
      default: break;
    }
    this.acctState = state;
    this.acctSinceNs = nowNs;
  }

  /** CPU ns including the stint in progress. */
  cpuNsAt(nowNs: number): number {
    return this.acctState === AcctState.Running ? this.cpuNs + (nowNs - this.acctSinceNs) : this.cpuNs;
  }
}
