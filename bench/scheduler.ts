/**
 * Scheduler hot-path benchmark: 8 always-busy single-vCPU domains on 4 pCPUs under
 * credit (default exact accounting) or any other registered policy, reported as
 * simulated seconds per wall second.
 * Every event here is scheduler work (ticks, accounting, slice ends, switches), as
 * busy sources hand out 1 s bursts.
 */
import { Simulator } from '../sim/engine/simulator.js';
import { Host } from '../sim/xen/host.js';
import { createScheduler } from '../sim/xen/scheduler.js';
import '../sim/xen/schedulers/index.js';
import { BusySource } from '../sim/xen/simple-sources.js';
import type { DomainSpec, SchedulerSpec } from '../sim/scenario/types.js';

export interface SchedulerBenchResult {
  simSeconds: number;
  wallSeconds: number;
  events: number;
}

function busyDomain(i: number): DomainSpec {
  return {
    name: `busy${i}`, type: 'pv', memoryMb: 128, maxmemMb: 128, vcpus: 1, weight: 256, cap: 0,
    vbds: [], vifs: [], workload: { kind: 'idle' }, startNs: 0, // the source is set by hand below
  };
}

/** Runs `domains` busy domains on `pcpus` pCPUs for `simSeconds` and times it. */
export function schedulerBench(simSeconds = 600, domains = 8, pcpus = 4, spec: SchedulerSpec = { name: 'credit' }): SchedulerBenchResult {
  const sim = new Simulator();
  const host = new Host(sim, { pcpus, ghz: 1, ipc: 1 });
  host.setScheduler(createScheduler(host, spec));
  const ds = [];
  for (let i = 0; i < domains; i++) ds.push(host.addDomain(busyDomain(i)));
  const src = new BusySource(host);
  for (const v of host.vcpus) host.setSource(v, src);
  for (const d of ds) host.scheduleLifetime(d);
  const t0 = process.hrtime.bigint();
  sim.run({ untilNs: simSeconds * 1e9 });
  host.settle(sim.now);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { simSeconds, wallSeconds, events: sim.events };
}
