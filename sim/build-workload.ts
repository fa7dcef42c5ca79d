/**
 * What both builders (sim/build.ts for one host, sim/build-cluster.ts for hosts coupled
 * by migrations) do alike: a domain's I/O counters, the cycles per instruction of its
 * guest type on a host, and compiling its workload onto its vCPUs.
 */
import type { RandomStreams } from './engine/random.js';
import type { DomainIoStats, DomainRuntime, HostRuntime } from './runtime.js';
import { Histogram } from './stats/histogram.js';
import { ArrivalProcess } from './workload/arrivals.js';
import type { WorkloadSpec } from './workload/ast.js';
import { compileProgram } from './workload/compiler.js';
import { sharedProgram } from './workload/program-cache.js';
import { ProgramRunner, type MixCosts } from './workload/interpreter.js';
import { expandPreset } from './workload/presets.js';
import { parsePresetParam } from './workload/preset-params.js';
import { TraceSource } from './workload/trace-source.js';
import { costTable, mixCost, type CostTable } from './workload/costs.js';
import type { VcpuHost, WorkSource } from './xen/work.js';
import type { GuestServices } from './workload/services.js';
import type { Result } from './stats/result.js';

/** What a builder returns: the live run and the collector that turns it into a Result. */
export interface BuiltRun {
  rt: HostRuntime;
  collector: { result(endNs: number, stoppedEarly: boolean): Result };
}


export function newIoStats(): DomainIoStats {
  return { reads: 0, writes: 0, readBytes: 0, writeBytes: 0, txPackets: 0, rxPackets: 0, txBytes: 0, rxBytes: 0, ringFull: 0, latency: new Histogram() };
}

/** Cycles per instruction of plain code and of each compiled mix, for one guest type on this host. */
export function mixCosts(table: CostTable, ipc: number, mixes: Float64Array): MixCosts {
  const out = { cycles: 0, hypervisorCycles: 0 };
  mixCost(table, ipc, 1, {}, out);
  const plainCpi = out.cycles;
  const n = mixes.length / 4;
  const cpi = new Float64Array(n);
  const hvpi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mixCost(table, ipc, 1, { syscall: mixes[4 * i], pagetable: mixes[4 * i + 1], privileged: mixes[4 * i + 2], interrupt: mixes[4 * i + 3] }, out);
    cpi[i] = out.cycles;
    hvpi[i] = out.hypervisorCycles;
  }
  return { plainCpi, cpi, hvpi };
}

/**
 * Compiles a domain's workload and attaches it to its vCPUs; returns what to start at
 * creation. `vhost`/`services` default to the host's own; a guest of a several-host
 * scenario gets its DomainPlacement for both, so its workload follows it.
 */
export function attachWorkload(
  rt: HostRuntime,
  dr: DomainRuntime,
  spec: WorkloadSpec,
  services: GuestServices,
  streams: RandomStreams,
  costsFor: typeof mixCosts,
  vhost: VcpuHost = rt.host,
): (now: number) => void {
  const d = dr.domain;
  const host = vhost;
  const table = costTable(d.spec.type);
  const rng = streams.get(`workload:${d.name}`);
  let source: WorkSource;
  let start: (now: number) => void = () => {};
  if (spec.kind === 'idle') {
    return () => {};
  } else if (spec.kind === 'trace') {
    const plainCpi = costsFor(table, rt.scenario.host.ipc, new Float64Array(0)).plainCpi;
    // The guest's own phase within the replay period (when no explicit offset), from its own stream.
    const phase = spec.trace.startOffsetNs === undefined ? streams.get(`trace-phase:${d.name}`).uniform() : 0;
    const ts = new TraceSource(host, spec.trace, d.vcpus.length, services, plainCpi, spec.loop, spec.periodNs, phase);
    source = ts;
    start = (now) => ts.start(now);
  } else {
    const vbdNames = d.spec.vbds.map((v) => v.vdev);
    const expanded = spec.kind === 'preset'
      ? expandPreset(spec.preset, spec.params, { vbds: vbdNames, vcpus: d.vcpus.length, parse: parsePresetParam })
      : { program: spec.program, arrivals: spec.arrivals, threads: spec.threads };
    const compiled = compileProgram(expanded.program, { vbds: new Map(d.spec.vbds.map((v) => [v.vdev, v.mode])) });
    const { prog, costs } = sharedProgram(streams, compiled, d.spec.type, rt.scenario.host.ipc, () => costsFor(table, rt.scenario.host.ipc, compiled.mixes));
    const vbdMap = Int32Array.from(prog.vbdNames.map((n) => Math.max(0, vbdNames.indexOf(n))));
    const arrivals = expanded.arrivals.kind === 'none' && !prog.usesRecv ? null : new ArrivalProcess(host, expanded.arrivals, streams.get(`arrivals:${d.name}`), d.id);
    dr.arrivals = arrivals;
    // More threads than vCPUs: the guest's scheduler shares the vCPUs among them (interpreter.ts).
    const threads = expanded.threads;
    const shared = threads > d.vcpus.length ? Int32Array.from(d.vcpus.map((v) => v.index)) : null;
    source = new ProgramRunner(host, prog, threads, services, arrivals, rng, costs, vbdMap, shared, rt.host.ghz);
    if (arrivals !== null) start = (now) => arrivals.start(now);
  }
  dr.source = source;
  for (const v of d.vcpus) rt.host.setSource(v, source);
  return start;
}
