/**
 * What a running workload asks of the rest of the host: block I/O through its vbds,
 * network sends, and memory (working set, touches). sim/xen/guest-services.ts
 * implements it over the memory model and the I/O backend.
 *
 * Contract: an operation that makes its caller wait returns true. Without a `waiter`
 * the caller is the vCPU: the operation calls host.block(v, now) itself and arranges for
 * host.wake(v, …) later. With a `waiter` (a guest thread sharing its vCPUs with others,
 * interpreter.ts) only that thread waits: the vCPU is not blocked, and the operation
 * calls waiter.threadDone(thread, …) when the wait ends; it still counts in
 * v.ioPending meanwhile (a migration waits for it, as blkfront's suspend does).
 */
import type { Vcpu } from '../xen/vcpu.js';

/** A guest thread that waits while its vCPU goes on with other threads. */
export interface ThreadWaiter {
  /** Thread `thread`'s wait is over. */
  threadDone(thread: number, now: number): void;
}

export interface GuestServices {
  /** Block read or write of `bytes` on the domain's vbd number `vbd` (index into its vbds). */
  blockIo(v: Vcpu, vbd: number, bytes: number, write: boolean, now: number, waiter?: ThreadWaiter | null, thread?: number): boolean;
  /** A packet (or a response) of `bytes` leaves through the domain's first vif. */
  netSend(v: Vcpu, bytes: number, now: number, waiter?: ThreadWaiter | null, thread?: number): boolean;
  /** The domain's working set becomes `bytes`. */
  setWorkingSet(v: Vcpu, bytes: number, now: number): void;
  /** The vCPU touches `bytes` of its working set; faults if memory is short. */
  touch(v: Vcpu, bytes: number, now: number, waiter?: ThreadWaiter | null, thread?: number): boolean;
  /** A request that began at startNs ends (`end`); its response time is recorded. */
  endRequest(v: Vcpu, startNs: number, now: number): void;
}
