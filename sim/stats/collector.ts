/**
 * Observes a running host: samples the time series at a fixed interval (host
 * utilisation, power, free memory; per domain CPU share, memory, I/O rate, p95
 * response time) and, at the end, assembles the Result. Reads model state only;
 * changes nothing in it.
 */
import { releaseFields } from './release-fields.js';
import type { Domain } from '../xen/domain.js';
import type { Simulator } from '../engine/simulator.js';
import type { HostRuntime, DomainRuntime } from '../runtime.js';
import { powerAt } from '../hw/power.js';
import type { DomainResult, HostResult, LatencySummary, Result, SeriesResult } from './result.js';
import { hostEntry } from './host-entry.js';
import { RESULT_SCHEMA_VERSION } from './result.js';
import { summaryLine } from './summary.js';
import type { Histogram } from './histogram.js';
import type { DomainMemory } from '../xen/memory.js';
import { Column, DomainColumns, expectedPoints } from './columns.js';

const MB = 1048576;

export function latencySummary(h: Histogram): LatencySummary | undefined {
  if (h.count === 0) return undefined;
  const ms = (ns: number): number => Math.round(ns / 1e3) / 1e3;
  return {
    count: h.count,
    mean_ms: ms(h.mean),
    p50_ms: ms(h.quantile(0.5)),
    p95_ms: ms(h.quantile(0.95)),
    p99_ms: ms(h.quantile(0.99)),
    max_ms: ms(h.max),
  };
}

export class Collector {
  private readonly tNs: Column;
  private readonly hostUtil: Column;
  private readonly powerW: Column;
  private readonly freeMb: Column;
  private readonly domainColumns: DomainColumns[];
  private readonly lastCpuNs: Float64Array;
  private readonly lastIoOps: Float64Array;
  private lastBusyNs = 0;
  private lastT = 0;
  private energyJ = 0;
  private peakUtil = 0;
  private readonly evSample: number;

  constructor(private readonly sim: Simulator, private readonly rt: HostRuntime, readonly sampleNs: number) {
    const points = expectedPoints(rt.endNs, sampleNs);
    this.tNs = new Column(points);
    this.hostUtil = new Column(points);
    this.powerW = new Column(points);
    this.freeMb = new Column(points);
    this.domainColumns = rt.domains.map(() => new DomainColumns(points));
    this.lastCpuNs = new Float64Array(rt.domains.length);
    this.lastIoOps = new Float64Array(rt.domains.length);
    this.evSample = sim.register((_t, now) => this.sample(now, true));
  }

  start(): void {
    this.sim.schedule(this.sampleNs, this.evSample, 0);
  }

  /** Records one point covering (lastT, now]. */
  sample(now: number, reschedule: boolean): void {
    const dt = now - this.lastT;
    if (dt <= 0) return;
    const rt = this.rt;
    const host = rt.host;
    host.settle(now);
    let busy = 0;
    for (const p of host.pcpus) busy += p.busyNs;
    const util = (busy - this.lastBusyNs) / (dt * host.pcpus.length);
    this.lastBusyNs = busy;
    const watts = powerAt(rt.scenario.host.power.curveW, util);
    this.energyJ += (watts * dt) / 1e9;
    if (util > this.peakUtil) this.peakUtil = util;
    this.tNs.push(now);
    this.hostUtil.push(round(util, 6));
    this.powerW.push(round(watts, 3));
    this.freeMb.push(round(rt.memory.freeMb(), 3));
    const domains = rt.domains;
    for (let i = 0; i < domains.length; i++) {
      const d = domains[i];
      let cpu = 0;
      for (const v of d.domain.vcpus) cpu += v.cpuNs;
      sampleDomain(this.domainColumns[i], d, rt.memory.domain(d.domain.id), cpu, i, this.lastCpuNs, this.lastIoOps, dt);
    }
    this.lastT = now;
    if (reschedule && now + this.sampleNs <= rt.endNs + 1e-6) this.sim.schedule(now + this.sampleNs, this.evSample, 0);
  }

  result(endNs: number, stoppedEarly: boolean): Result {
    const rt = this.rt;
    const host = rt.host;
    // Close the last partial interval so the series covers the whole run.
    if (endNs > this.lastT) this.sample(endNs, false);
    host.settle(endNs);
    let busy = 0;
    for (const p of host.pcpus) busy += p.busyNs;
    const span = endNs > 0 ? endNs : 1;
    const utilisation = busy / (host.pcpus.length * span);
    const domains: DomainResult[] = rt.domains.map((d) => domainResult(d, rt, endNs));
    const sc = rt.scenario;
    const hostResult: HostResult = {
      name: sc.host.name,
      pcpus: host.pcpus.length,
      ghz: sc.host.ghz,
      memory_mb: sc.host.memoryMb,
      free_memory_mb: round(rt.memory.freeMb(), 3),
      utilisation: round(utilisation, 9),
      peak_utilisation: round(this.peakUtil, 6),
      energy_kwh: round(this.energyJ / 3.6e6, 6),
      mean_power_w: round(this.energyJ / (span / 1e9), 3),
      ...(sc.host.power.assumed === true ? { power_assumed: true as const } : {}),
      pcpu: host.pcpus.map((p) => ({ id: p.id, busy_seconds: round(p.busyNs / 1e9, 6), idle_seconds: round((endNs - p.busyNs) / 1e9, 6) })),
      devices: [...rt.io.deviceResults(endNs), ...rt.nics.flatMap((n) => [n.tx.result(endNs), n.rx.result(endNs)])],
      ...hostFigures(rt, endNs),
    };
    const series = this.seriesResult();
    return {
      schema_version: RESULT_SCHEMA_VERSION,
      scenario: sc.name,
      seed: rt.seed,
      scheduler: sc.scheduler.name,
      ...releaseFields(sc.scheduler),
      duration_ns: rt.endNs,
      end_ns: endNs,
      stopped_early: stoppedEarly,
      events: this.sim.events,
      summary: summaryLine(utilisation, endNs),
      host: hostResult,
      domains,
      series,
      warnings: rt.warnings,
      hosts: [hostEntry(hostResult, domains, series, sc.host.xenReservedMb)],
    };
  }

  private seriesResult(): SeriesResult {
    const domains: SeriesResult['domains'] = {};
    this.rt.domains.forEach((d, i) => { domains[d.domain.name] = this.domainColumns[i].toResult(); });
    return { t_ns: this.tNs.toArray(), host_util: this.hostUtil.toArray(), power_w: this.powerW.toArray(), free_mb: this.freeMb.toArray(), domains };
  }
}

/** The policy's host-wide figures (rtds: deadline misses, credit2: resets …), if it has any. */
function hostFigures(rt: HostRuntime, endNs: number): { scheduler_figures?: Record<string, unknown> } {
  const f = rt.host.scheduler.hostFigures?.(endNs);
  return f === undefined ? {} : { scheduler_figures: roundedFigures(f) };
}

/** The policy's parameters of the domain beyond weight and cap, if it has any. */
function schedParams(rt: HostRuntime, dom: Domain): { sched_params?: Record<string, number | boolean> } {
  const p = rt.host.scheduler.domainParams?.(dom);
  return p === undefined ? {} : { sched_params: p };
}

/** A scheduling policy's figures of a domain or host (Scheduler.domainFigures): numbers, nested at most one level. */
export type PolicyFigures = Record<string, unknown>;

/**
 * Adds policy figures `from` into `into` (same shape; a key only one has is taken as
 * it is), for a guest that ran on several hosts. Returns `into`, or a copy of `from`
 * when `into` is undefined.
 */
export function addFigures(into: PolicyFigures | undefined, from: PolicyFigures | undefined): PolicyFigures | undefined {
  if (from === undefined) return into;
  const out: PolicyFigures = into ?? {};
  for (const k of Object.keys(from)) {
    const a = out[k];
    const b = from[k];
    if (typeof b === 'number') out[k] = typeof a === 'number' ? a + b : b;
    else if (b !== null && typeof b === 'object') out[k] = addFigures(a !== null && typeof a === 'object' ? (a as PolicyFigures) : undefined, b as PolicyFigures);
    else out[k] = b;
  }
  return out;
}

/** Policy figures as the Result carries them: every number rounded to 6 decimals, as its seconds are. */
function roundedFigures(f: PolicyFigures): PolicyFigures {
  const out: PolicyFigures = {};
  for (const k of Object.keys(f)) {
    const x = f[k];
    out[k] = typeof x === 'number' ? round(x, 6) : x !== null && typeof x === 'object' ? roundedFigures(x as PolicyFigures) : x;
  }
  return out;
}

/**
 * A domain's Result entry. `figures`: the scheduling policy's figures of it, merged in
 * after `started_ns` (credit: priority_seconds); by default the host's policy is asked
 * (Scheduler.domainFigures); null = none.
 */
export function domainResult(d: DomainRuntime, rt: HostRuntime, endNs: number, figures?: PolicyFigures | null): DomainResult {
  const dom = d.domain;
  let cpu = 0, wait = 0, blocked = 0, hv = 0, instr = 0, wakeups = 0, cs = 0, wl = 0, wln = 0;
  for (const v of dom.vcpus) {
    cpu += v.cpuNs; wait += v.waitNs; blocked += v.blockedNs; hv += v.hypervisorNs;
    instr += v.instructions; wakeups += v.wakeups; cs += v.contextSwitches;
    wl += v.wakeLatencySumNs; wln += v.wakeLatencyCount;
  }
  const m = rt.memory.domain(dom.id);
  const io = d.io;
  const r: DomainResult = {
    id: dom.id,
    name: dom.name,
    type: dom.spec.type,
    memory_mb: round(m.targetMb, 3),
    vcpus: dom.vcpus.length,
    state: stateLetters(d, endNs),
    // xm list's CPU column: the pCPU the first vCPU runs on or last ran on.
    last_pcpu: dom.vcpus.length > 0 ? dom.vcpus[0].pcpu : 0,
    weight: dom.weight,
    cap: dom.cap,
    ...schedParams(rt, dom),
    cpu_seconds: round(cpu / 1e9, 6),
    wait_seconds: round(wait / 1e9, 6),
    blocked_seconds: round(blocked / 1e9, 6),
    hypervisor_seconds: round(hv / 1e9, 6),
    instructions: Math.round(instr),
    wakeups,
    context_switches: cs,
    wake_latency_ms: wln > 0 ? round(wl / wln / 1e6, 6) : 0,
    io: {
      vbd_reads: io.reads,
      vbd_writes: io.writes,
      read_bytes: Math.round(io.readBytes),
      write_bytes: Math.round(io.writeBytes),
      net_tx_packets: io.txPackets,
      net_rx_packets: io.rxPackets,
      net_tx_bytes: Math.round(io.txBytes),
      net_rx_bytes: Math.round(io.rxBytes),
      ring_full_events: io.ringFull,
      blk_latency: latencySummary(io.latency),
    },
    memory: {
      allocation_mb: round(m.allocMb, 3),
      target_mb: round(m.targetMb, 3),
      maxmem_mb: round(m.maxmemMb, 3),
      working_set_mb: round(m.wsMb, 3),
      page_faults: m.pageFaults,
      swap_reads: m.swapReads,
      swap_writes: m.swapWrites,
      ballooned_out_mb: round(m.balloonedOutMb, 3),
      ballooned_in_mb: round(m.balloonedInMb, 3),
    },
    started_ns: dom.createdAtNs,
  };
  const fig = figures === undefined ? rt.host.scheduler.domainFigures?.(dom, endNs) : figures;
  if (fig !== undefined && fig !== null) Object.assign(r, roundedFigures(fig));
  const req = latencySummary(d.responses.all);
  if (req !== undefined) r.requests = req;
  if (dom.failed !== undefined) r.failed = dom.failed;
  if (dom.destroyedAtNs >= 0) r.stopped_ns = dom.destroyedAtNs;
  return r;
}

/** xm's six state columns r b p s c d: running, blocked (all vCPUs), paused, shutdown, crashed, dying. */
function stateLetters(d: DomainRuntime, endNs: number): string {
  const dom = d.domain;
  const s = ['-', '-', '-', '-', '-', '-'];
  if (dom.failed !== undefined || dom.createdAtNs < 0 || dom.createdAtNs > endNs) return s.join('');
  if (dom.destroyedAtNs >= 0) { s[5] = 'd'; return s.join(''); }
  // `xm list` runs in Dom0, so Dom0 is running when the table is taken (the talk's r----).
  if (dom.id === 0 && !dom.paused) s[0] = 'r';
  else if (dom.paused) s[2] = 'p';
  else if (dom.vcpus.some((v) => v.running)) s[0] = 'r';
  else if (dom.vcpus.every((v) => v.blocked || v.pauseCount > 0)) s[1] = 'b';
  return s.join('');
}

/**
 * One time-series point of a domain over an interval of `dt` ns: CPU share, memory,
 * I/O rate and the p95 of the requests finished in it (whose histogram it empties).
 * `lastCpuNs[i]` and `lastIoOps[i]` carry the counters from the previous point.
 */
export function sampleDomain(
  row: DomainColumns, d: DomainRuntime, m: DomainMemory, cpuNs: number,
  i: number, lastCpuNs: Float64Array, lastIoOps: Float64Array, dt: number,
): void {
  row.cpu.push(round((cpuNs - lastCpuNs[i]) / dt, 6));
  lastCpuNs[i] = cpuNs;
  row.allocMb.push(round(m.allocMb, 3));
  row.targetMb.push(round(m.targetMb, 3));
  row.wsMb.push(round(m.wsMb, 3));
  const ops = d.io.reads + d.io.writes;
  row.ioOpsPerS.push(round(((ops - lastIoOps[i]) * 1e9) / dt, 4));
  lastIoOps[i] = ops;
  const r = d.responses;
  row.p95Ms.push(r.intervalCount > 0 ? round(r.intervalQuantile(0.95) / 1e6, 3) : NaN);
  r.endInterval();
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
