/**
 * What a running workload asks of the rest of the host: block I/O through its vbds,
 * network sends, and memory (working set, touches). sim/xen/guest-services.ts
 * implements it over the memory model and the I/O backend.
 *
 * Contract: an operation that makes the vCPU wait calls host.block(v, now) itself,
 * arranges for host.wake(v, …) later, and returns true.
 */
import type { Vcpu } from '../xen/vcpu.js';

export interface GuestServices {
  /** Block read or write of `bytes` on the domain's vbd number `vbd` (index into its vbds). */
  blockIo(v: Vcpu, vbd: number, bytes: number, write: boolean, now: number): boolean;
  /** A packet (or a response) of `bytes` leaves through the domain's first vif. */
  netSend(v: Vcpu, bytes: number, now: number): boolean;
  /** The domain's working set becomes `bytes`. */
  setWorkingSet(v: Vcpu, bytes: number, now: number): void;
  /** The vCPU touches `bytes` of its working set; faults if memory is short. */
  touch(v: Vcpu, bytes: number, now: number): boolean;
  /** A request that began at startNs ends (`end`); its response time is recorded. */
  endRequest(v: Vcpu, startNs: number, now: number): void;
}
