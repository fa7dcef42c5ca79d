/**
 * Physical CPU speed. Workload demand is in instructions (and cycles for costly
 * instruction classes), so the same work takes longer on a 2005 Pentium 4 than on a
 * new host: cycles = instructions / ipc, time = cycles / ghz.
 */
export interface CpuModel {
  pcpus: number;
  ghz: number;
  ipc: number;
  /** Topology (credit2 groups pCPUs into runqueues by it): sockets and hardware threads per core; absent = 1. */
  sockets?: number;
  threadsPerCore?: number;
}

/** Cycles retired per nanosecond: the clock rate in GHz. */
export function cyclesPerNs(cpu: CpuModel): number {
  return cpu.ghz;
}

/** Instructions per nanosecond for plain (non-privileged) code. */
export function instructionsPerNs(cpu: CpuModel): number {
  return cpu.ghz * cpu.ipc;
}
