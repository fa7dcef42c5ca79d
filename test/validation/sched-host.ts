/**
 * Test helper for the rtds and null validations: a bare host (Simulator → Host → policy
 * → domains → CPU sources, no scenario loader) whose domains may carry a `sched:` block
 * (test/helpers/host-builder.ts has none), and a source that records every wake-up's
 * time and its wake-to-run delay.
 */
import { Simulator } from '../../sim/engine/simulator.js';
import { RandomStream } from '../../sim/engine/random.js';
import { Host } from '../../sim/xen/host.js';
import { createScheduler } from '../../sim/xen/scheduler.js';
import '../../sim/xen/schedulers/index.js';
import { BusySource, OnOffSource } from '../../sim/xen/simple-sources.js';
import type { Domain } from '../../sim/xen/domain.js';
import type { DomainSchedSpec, SchedulerSpec } from '../../sim/xen/params.js';
import type { Vcpu } from '../../sim/xen/vcpu.js';
import type { WorkSource } from '../../sim/xen/work.js';
import { domainSpec, type DomainDesc } from '../helpers/host-builder.js';
import { runYaml } from '../helpers/scenario.js';
import type { Result } from '../../sim/stats/result.js';

/** Runs `burstNs` of CPU, sleeps exactly `sleepNs`, again; records each wake-up and how long it waited for a pCPU. */
export class WakeRecorder implements WorkSource {
  readonly wokeAtNs: number[] = [];
  readonly latencyNs: number[] = [];
  private readonly evWake: number;
  private readonly timer: number;
  private sleepNext = false;
  private pendingWake = -1;

  constructor(private readonly host: Host, readonly burstNs: number, readonly sleepNs: number) {
    this.timer = host.sim.newTimer();
    this.evWake = host.sim.register((vi, now) => {
      this.pendingWake = now;
      host.wake(host.vcpus[vi], now);
    });
  }

  next(v: Vcpu, now: number): number {
    if (this.pendingWake >= 0) {
      this.wokeAtNs.push(this.pendingWake);
      this.latencyNs.push(now - this.pendingWake);
      this.pendingWake = -1;
    }
    if (this.sleepNext) {
      this.sleepNext = false;
      this.host.block(v, now);
      this.host.sim.setTimer(this.timer, now + this.sleepNs, this.evWake, v.index);
      return 0;
    }
    this.sleepNext = true;
    v.instructionsPerCycle = 1;
    v.hypervisorFraction = 0;
    return this.burstNs * this.host.ghz;
  }
}

export type Source = 'busy' | { onNs: number; offNs: number } | { burstNs: number; sleepNs: number };

export interface SchedDomainDesc extends DomainDesc {
  sched?: DomainSchedSpec;
  source?: Source;
}

export interface BareHost {
  sim: Simulator;
  host: Host;
  domains: Domain[];
  sources: WorkSource[];
  run(horizonNs: number): void;
}

export function bareHost(pcpus: number, scheduler: SchedulerSpec, doms: SchedDomainDesc[], seed = 1): BareHost {
  const sim = new Simulator();
  const host = new Host(sim, { pcpus, ghz: 1, ipc: 1 });
  host.setScheduler(createScheduler(host, scheduler));
  const domains = doms.map((d, i) => host.addDomain({ ...domainSpec(d, i), ...(d.sched !== undefined ? { sched: d.sched } : {}) }));
  const busy = new BusySource(host);
  const sources = doms.map((d, i): WorkSource => {
    const s = d.source ?? 'busy';
    const src = s === 'busy'
      ? busy
      : 'burstNs' in s
        ? new WakeRecorder(host, s.burstNs, s.sleepNs)
        : new OnOffSource(host, new RandomStream(seed, `onoff-${i}`), s.onNs, s.offNs);
    for (const v of domains[i].vcpus) host.setSource(v, src);
    return src;
  });
  for (const d of domains) host.scheduleLifetime(d);
  return {
    sim, host, domains, sources,
    run(horizonNs: number): void {
      sim.run({ untilNs: horizonNs });
      host.settle(horizonNs);
    },
  };
}

/** A scenario's Result, with a policy's figures of each domain and of the host as the Result carries them. */
export interface FiguresRun<F> {
  result: Result;
  fig(name: string): F;
  host: Record<string, number>;
}

/** Runs YAML through the loader and the collector; `policy` names the key the figures sit under. */
export function runWithFigures<F>(yaml: string, policy: string): FiguresRun<F> {
  const result = runYaml(yaml);
  return {
    result,
    fig(name) {
      const d = result.domains.find((x) => x.name === name)!;
      return (d as unknown as Record<string, F>)[policy];
    },
    host: result.host.scheduler_figures as Record<string, number>,
  };
}
