/**
 * What a vCPU runs: the interface between the host core and whatever produces CPU work
 * (the workload interpreter, Dom0's backend loop, the simple sources in tests).
 *
 * When a running vCPU has no CPU work left, the core calls `next(v, now)`. The source
 * either returns the cycles of the next CPU burst (> 0), after setting
 * v.hypervisorFraction and v.instructionsPerCycle, or blocks the vCPU
 * (host.block(v, now)) and returns 0; whoever it waits for calls host.wake later.
 */
import type { Host } from './host.js';
import type { Vcpu } from './vcpu.js';

/**
 * What a domain's workload needs of its host: the clock, its vCPUs by index, block and
 * wake. A Host is one; a DomainPlacement (sim/xen/placement.ts) forwards to whichever
 * host the domain runs on, so a workload survives a migration.
 */
export type VcpuHost = Pick<Host, 'sim' | 'vcpus' | 'block' | 'wake'>;

export interface WorkSource {
  next(v: Vcpu, nowNs: number): number;
}
