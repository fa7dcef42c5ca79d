/**
 * Test helper: builds a bare Xen host (Simulator → Host → scheduler → domains → CPU
 * sources) from a compact description, without the scenario loader, so scheduler tests
 * exercise sim/xen alone. Shares are read per domain as CPU ns / horizon.
 */
import { Simulator } from '../../sim/engine/simulator.js';
import { RandomStream } from '../../sim/engine/random.js';
import { Host } from '../../sim/xen/host.js';
import { createScheduler } from '../../sim/xen/scheduler.js';
import '../../sim/xen/schedulers/credit.js';
import '../../sim/xen/schedulers/rr.js';
import { BusySource, OnOffSource } from '../../sim/xen/simple-sources.js';
import type { Domain } from '../../sim/xen/domain.js';
import type { Vcpu } from '../../sim/xen/vcpu.js';
import type { WorkSource } from '../../sim/xen/work.js';
import type { DomainSpec, SchedulerSpec } from '../../sim/scenario/types.js';

/**
 * What a domain's vCPUs run: always busy; exponential on/off periods (means in ns); or a
 * fixed burst then a fixed sleep (deterministic, and it records each wake-to-run delay).
 */
export type SourceDesc = 'busy' | { onNs: number; offNs: number } | { burstNs: number; sleepNs: number };

/**
 * Runs `burstNs` of CPU, blocks for exactly `sleepNs`, again and again. When its sleep
 * ends it wakes the vCPU; the next call of next() is the moment the vCPU got a pCPU
 * back, so the gap is one wake-to-run delay (kept per wake-up, not only the mean
 * vcpu.wakeLatencySumNs gives).
 */
export class PeriodicSource implements WorkSource {
  readonly latenciesNs: number[] = [];
  private readonly evWake: number;
  private readonly timers = new Map<number, number>();
  private readonly sleepNext = new Set<number>();
  private readonly wokeAtNs = new Map<number, number>();

  constructor(private readonly host: Host, readonly burstNs: number, readonly sleepNs: number) {
    this.evWake = host.sim.register((vi, now) => {
      this.wokeAtNs.set(vi, now);
      host.wake(host.vcpus[vi], now);
    });
  }

  next(v: Vcpu, now: number): number {
    const woke = this.wokeAtNs.get(v.index);
    if (woke !== undefined) {
      this.latenciesNs.push(now - woke);
      this.wokeAtNs.delete(v.index);
    }
    if (this.sleepNext.delete(v.index)) {
      let t = this.timers.get(v.index);
      if (t === undefined) {
        t = this.host.sim.newTimer();
        this.timers.set(v.index, t);
      }
      this.host.block(v, now);
      this.host.sim.setTimer(t, now + this.sleepNs, this.evWake, v.index);
      return 0;
    }
    this.sleepNext.add(v.index);
    v.instructionsPerCycle = 1;
    v.hypervisorFraction = 0;
    return this.burstNs * this.host.ghz;
  }
}

export interface DomainDesc {
  name?: string;
  vcpus?: number;
  /** Default 256 (CSCHED_DEFAULT_WEIGHT). */
  weight?: number;
  /** Percent of one pCPU; 0 = none. */
  cap?: number;
  /** pCPUs the domain's vCPUs may run on. */
  cpus?: number[];
  source?: SourceDesc;
  startNs?: number;
  stopNs?: number;
}

export interface HostDesc {
  pcpus: number;
  ghz?: number;
  /** CPU topology (credit2's runqueues); absent = 1 socket, 1 thread per core. */
  sockets?: number;
  threadsPerCore?: number;
  scheduler: SchedulerSpec | SchedulerSpec['name'];
  /** Seed of the on/off sources' random streams (one stream per domain). */
  seed?: number;
  domains: DomainDesc[];
}

export interface BuiltHost {
  sim: Simulator;
  host: Host;
  domains: Domain[];
  /** The work source of each domain, in the order of the description. */
  sources: WorkSource[];
  /** Runs to the horizon and settles the accounting there. */
  run(horizonNs: number): void;
}

export function domainSpec(d: DomainDesc, i: number): DomainSpec {
  return {
    name: d.name ?? `d${i}`,
    type: 'pv',
    memoryMb: 128,
    maxmemMb: 128,
    vcpus: d.vcpus ?? 1,
    weight: d.weight ?? 256,
    cap: d.cap ?? 0,
    cpus: d.cpus,
    vbds: [],
    vifs: [],
    workload: { kind: 'idle' },
    startNs: d.startNs ?? 0,
    stopNs: d.stopNs,
  };
}

export function buildHost(desc: HostDesc): BuiltHost {
  const sim = new Simulator();
  const host = new Host(sim, { pcpus: desc.pcpus, ghz: desc.ghz ?? 1, ipc: 1, sockets: desc.sockets, threadsPerCore: desc.threadsPerCore });
  const spec: SchedulerSpec = typeof desc.scheduler === 'string' ? { name: desc.scheduler } : desc.scheduler;
  host.setScheduler(createScheduler(host, spec));
  const domains = desc.domains.map((d, i) => host.addDomain(domainSpec(d, i)));
  // Sources are made after every vCPU exists: OnOffSource sizes its tables by the vCPU count.
  const busy = new BusySource(host);
  const sources = desc.domains.map((d, i): WorkSource => {
    const s = d.source ?? 'busy';
    const src = s === 'busy'
      ? busy
      : 'burstNs' in s
        ? new PeriodicSource(host, s.burstNs, s.sleepNs)
        : new OnOffSource(host, new RandomStream(desc.seed ?? 1, `onoff-${i}`), s.onNs, s.offNs);
    for (const v of domains[i].vcpus) host.setSource(v, src);
    return src;
  });
  for (const d of domains) host.scheduleLifetime(d);
  return {
    sim,
    host,
    domains,
    sources,
    run(horizonNs: number): void {
      sim.run({ untilNs: horizonNs });
      host.settle(horizonNs);
    },
  };
}

/** A domain's CPU time as a fraction of one pCPU over the horizon. */
export function cpuShare(d: Domain, horizonNs: number): number {
  let ns = 0;
  for (const v of d.vcpus) ns += v.cpuNs;
  return ns / horizonNs;
}

/** Mean wake-to-run latency of a domain's vCPUs (ns), over all their wake-ups. */
export function meanWakeLatencyNs(d: Domain): number {
  let sum = 0;
  let n = 0;
  for (const v of d.vcpus) {
    sum += v.wakeLatencySumNs;
    n += v.wakeLatencyCount;
  }
  return n === 0 ? NaN : sum / n;
}
