/**
 * The collector of a run with several hosts: samples every host (utilisation, power,
 * free memory, guests' memory) and every guest wherever it runs, and assembles the
 * Result — `host` is the first host (the keys scripts know), `hosts[]` every host with
 * its series, `domains[]` the first host's Dom0 and every guest (CPU time summed over
 * the hosts it ran on, and so are its scheduling policy's figures), `migrations[]` what moved. Reads model state only.
 */
import { releaseFields } from './release-fields.js';
import type { Simulator } from '../engine/simulator.js';
import { powerAt } from '../hw/power.js';
import type { ClusterRuntime, DomainRuntime, HostRuntime } from '../runtime.js';
import type { Scenario } from '../scenario/types.js';
import { addFigures, domainResult, round, sampleDomain, type PolicyFigures } from './collector.js';
import { DomainColumns, expectedPoints } from './columns.js';
import type { ClusterHostResult, DomainResult, HostResult, Result, SeriesResult } from './result.js';
import { RESULT_SCHEMA_VERSION } from './result.js';
import { summaryLine } from './summary.js';

export class ClusterCollector {
  /** The first host's series (few hosts: plain arrays); the guests' in columns. */
  private readonly series: SeriesResult;
  private readonly domainColumns: DomainColumns[];
  private readonly hostSeries: ClusterHostResult['series'][];
  private readonly lastBusy: Float64Array;
  private readonly energyJ: Float64Array;
  private readonly peak: Float64Array;
  private readonly lastCpuNs: Float64Array;
  private readonly lastIoOps: Float64Array;
  private readonly listed: DomainRuntime[];
  private lastT = 0;
  private readonly evSample: number;

  constructor(
    private readonly sim: Simulator,
    private readonly cluster: ClusterRuntime,
    private readonly scenario: Scenario,
    private readonly seed: number,
    private readonly endNs: number,
    readonly sampleNs: number,
    private readonly warnings: string[],
  ) {
    const n = cluster.hosts.length;
    this.listed = [cluster.hosts[0].domains[0], ...cluster.guests];
    this.series = { t_ns: [], host_util: [], power_w: [], free_mb: [], domains: {} };
    const points = expectedPoints(endNs, sampleNs);
    this.domainColumns = this.listed.map(() => new DomainColumns(points));
    this.hostSeries = cluster.hosts.map(() => ({ t_ns: [], util: [], power_w: [], free_mb: [], guests_mb: [] }));
    this.lastBusy = new Float64Array(n);
    this.energyJ = new Float64Array(n);
    this.peak = new Float64Array(n);
    this.lastCpuNs = new Float64Array(this.listed.length);
    this.lastIoOps = new Float64Array(this.listed.length);
    this.evSample = sim.register((_t, now) => this.sample(now, true));
  }

  start(): void {
    this.sim.schedule(this.sampleNs, this.evSample, 0);
  }

  private sample(now: number, reschedule: boolean): void {
    const dt = now - this.lastT;
    if (dt <= 0) return;
    const hosts = this.cluster.hosts;
    hosts.forEach((h, k) => {
      h.host.settle(now);
      let busy = 0;
      for (const p of h.host.pcpus) busy += p.busyNs;
      const util = (busy - this.lastBusy[k]) / (dt * h.host.pcpus.length);
      this.lastBusy[k] = busy;
      const watts = powerAt(h.placement!.spec.power.curveW, util);
      this.energyJ[k] += (watts * dt) / 1e9;
      if (util > this.peak[k]) this.peak[k] = util;
      const s = this.hostSeries[k];
      s.t_ns.push(now);
      s.util.push(round(util, 6));
      s.power_w.push(round(watts, 3));
      const free = h.memory.freeMb();
      s.free_mb.push(round(free, 3));
      s.guests_mb.push(round(h.memory.totalMb - h.memory.xenMb - h.memory.domain(0).allocMb - free, 3));
      if (k === 0) {
        this.series.t_ns.push(now);
        this.series.host_util.push(round(util, 6));
        this.series.power_w.push(round(watts, 3));
        this.series.free_mb.push(round(free, 3));
      }
    });
    const listed = this.listed;
    for (let i = 0; i < listed.length; i++) {
      const d = listed[i];
      sampleDomain(this.domainColumns[i], d, this.hostOf(d).memory.domain(d.domain.id), cpuNsOf(d), i, this.lastCpuNs, this.lastIoOps, dt);
    }
    this.lastT = now;
    if (reschedule && now + this.sampleNs <= this.endNs + 1e-6) this.sim.schedule(now + this.sampleNs, this.evSample, 0);
  }

  private domainSeries(): SeriesResult['domains'] {
    const domains: SeriesResult['domains'] = {};
    this.listed.forEach((d, i) => { domains[d.domain.name] = this.domainColumns[i].toResult(); });
    return domains;
  }

  private hostOf(d: DomainRuntime): HostRuntime {
    return this.cluster.hosts[d.hostIndex ?? 0];
  }

  result(endNs: number, stoppedEarly: boolean): Result {
    if (endNs > this.lastT) this.sample(endNs, false);
    const hosts = this.cluster.hosts;
    for (const h of hosts) h.host.settle(endNs);
    this.cluster.migrations.close(endNs);
    const span = endNs > 0 ? endNs : 1;
    let busyAll = 0;
    let pcpusAll = 0;
    const hostResults: ClusterHostResult[] = hosts.map((h, k) => {
      let busy = 0;
      for (const p of h.host.pcpus) busy += p.busyNs;
      busyAll += busy;
      pcpusAll += h.host.pcpus.length;
      const spec = h.placement!.spec;
      const base: HostResult = {
        name: spec.name,
        pcpus: h.host.pcpus.length,
        ghz: spec.ghz,
        memory_mb: spec.memoryMb,
        free_memory_mb: round(h.memory.freeMb(), 3),
        utilisation: round(busy / (h.host.pcpus.length * span), 9),
        peak_utilisation: round(this.peak[k], 6),
        energy_kwh: round(this.energyJ[k] / 3.6e6, 6),
        mean_power_w: round(this.energyJ[k] / (span / 1e9), 3),
        ...(spec.power.assumed === true ? { power_assumed: true as const } : {}),
        pcpu: h.host.pcpus.map((p) => ({ id: p.id, busy_seconds: round(p.busyNs / 1e9, 6), idle_seconds: round((endNs - p.busyNs) / 1e9, 6) })),
        devices: [...h.io.deviceResults(endNs), ...h.nics.flatMap((n) => [n.tx.result(endNs), n.rx.result(endNs)])],
      };
      return {
        ...base,
        guests: this.cluster.guests.filter((g) => g.hostIndex === k && g.domain.createdAtNs >= 0 && g.domain.destroyedAtNs < 0).map((g) => g.domain.name),
        dom0: domainResult(h.domains[0], h, endNs),
        series: this.hostSeries[k],
      };
    });
    const domains: DomainResult[] = [hostResults[0].dom0, ...this.cluster.guests.map((g) => this.guestResult(g, endNs))];
    const { guests: _g, dom0: _d, series: _s, ...first } = hostResults[0];
    void _g; void _d; void _s;
    return {
      schema_version: RESULT_SCHEMA_VERSION,
      scenario: this.scenario.name,
      seed: this.seed,
      scheduler: this.scenario.scheduler.name,
      ...releaseFields(this.scenario.scheduler),
      duration_ns: this.endNs,
      end_ns: endNs,
      stopped_early: stoppedEarly,
      events: this.sim.events,
      summary: summaryLine(busyAll / (pcpusAll * span), endNs),
      host: first,
      domains,
      series: { ...this.series, domains: this.domainSeries() },
      warnings: this.warnings,
      hosts: hostResults,
      migrations: this.cluster.migrations.records,
      links: this.cluster.migrations.linkBytes(),
    };
  }

  /** A guest's result: its current copy's state and memory, CPU and counters summed over every host it ran on. */
  private guestResult(g: DomainRuntime, endNs: number): DomainResult {
    const h = this.hostOf(g);
    // The policy's figures of it (credit: time per priority), summed over the hosts it ran on.
    let figures: PolicyFigures | undefined;
    g.twins!.forEach((d, k) => { figures = addFigures(figures, this.cluster.hosts[k].host.scheduler.domainFigures?.(d, endNs)); });
    const r = domainResult(g, h, endNs, figures ?? null);
    let cpu = 0, wait = 0, blocked = 0, hv = 0, instr = 0, wakeups = 0, cs = 0, wl = 0, wln = 0;
    let faults = 0, swapR = 0, swapW = 0, out = 0, inn = 0;
    g.twins!.forEach((d, k) => {
      for (const v of d.vcpus) {
        cpu += v.cpuNs; wait += v.waitNs; blocked += v.blockedNs; hv += v.hypervisorNs;
        instr += v.instructions; wakeups += v.wakeups; cs += v.contextSwitches;
        wl += v.wakeLatencySumNs; wln += v.wakeLatencyCount;
      }
      const m = this.cluster.hosts[k].memory.domain(d.id);
      faults += m.pageFaults; swapR += m.swapReads; swapW += m.swapWrites; out += m.balloonedOutMb; inn += m.balloonedInMb;
    });
    r.cpu_seconds = round(cpu / 1e9, 6);
    r.wait_seconds = round(wait / 1e9, 6);
    r.blocked_seconds = round(blocked / 1e9, 6);
    r.hypervisor_seconds = round(hv / 1e9, 6);
    r.instructions = Math.round(instr);
    r.wakeups = wakeups;
    r.context_switches = cs;
    r.wake_latency_ms = wln > 0 ? round(wl / wln / 1e6, 6) : 0;
    r.memory.page_faults = faults;
    r.memory.swap_reads = swapR;
    r.memory.swap_writes = swapW;
    r.memory.ballooned_out_mb = round(out, 3);
    r.memory.ballooned_in_mb = round(inn, 3);
    // Created at its start time on its home host (every later creation is an arrival by migration).
    r.started_ns = g.twins!.some((d) => d.createdAtNs >= 0) ? g.domain.spec.startNs : -1;
    delete r.stopped_ns;
    if (g.domain.destroyedAtNs >= 0) r.stopped_ns = g.domain.destroyedAtNs;
    r.host = h.placement!.spec.name;
    return r;
  }
}

/** CPU ns of a guest on every host it ran on (a Dom0: its own). */
function cpuNsOf(d: DomainRuntime): number {
  let cpu = 0;
  if (d.twins === undefined) {
    for (const v of d.domain.vcpus) cpu += v.cpuNs;
    return cpu;
  }
  for (const t of d.twins) for (const v of t.vcpus) cpu += v.cpuNs;
  return cpu;
}
