/**
 * The planner's figures of a run: what the first screen of report.html says in cards —
 * CPU (mean, the peak hour, headroom in pCPUs at that hour), memory (allocated, free,
 * ballooned), power and energy (marked assumed when the scenario gave no power figures)
 * and requests — for one host, or summed over several with one card row per host.
 * Pure functions of the Result.
 */
import type { ClusterHostResult, Result } from '../sim/stats/result.js';
import { spanText } from '../sim/stats/summary.js';
import type { Card } from './page.js';

const NS_PER_HOUR = 3600e9;
/** Below this a run has no "hours" to compare: the peak is that of one sample interval. */
const HOURLY_FROM_NS = 2 * NS_PER_HOUR;

export interface Peak {
  /** Utilisation, 0–1. */
  util: number;
  /** 'hour': the clock hour [startNs, startNs + 1 h) of the run; 'sample': one sample interval. */
  kind: 'hour' | 'sample';
  startNs: number;
}

/** Mean utilisation per hour of the run (weighted by interval length), hour index → mean; hours less than half covered are left out unless none is fuller. */
export function hourlyUtil(tNs: readonly number[], util: readonly number[]): Map<number, number> {
  const sum = new Map<number, number>();
  const cover = new Map<number, number>();
  for (let i = 0; i < tNs.length; i++) {
    const start = i === 0 ? 0 : tNs[i - 1];
    const dt = tNs[i] - start;
    if (dt <= 0) continue;
    const h = Math.floor((start + dt / 2) / NS_PER_HOUR);
    sum.set(h, (sum.get(h) ?? 0) + util[i] * dt);
    cover.set(h, (cover.get(h) ?? 0) + dt);
  }
  const out = new Map<number, number>();
  const full = [...cover].filter(([, c]) => c >= NS_PER_HOUR / 2).map(([h]) => h);
  for (const h of full.length > 0 ? full : [...cover.keys()]) out.set(h, sum.get(h)! / cover.get(h)!);
  return out;
}

/** The busiest clock hour of a run of two hours or more; else the busiest sample interval. */
export function peakOf(tNs: readonly number[], util: readonly number[], endNs: number): Peak {
  if (endNs >= HOURLY_FROM_NS) {
    let best: Peak = { util: 0, kind: 'hour', startNs: 0 };
    for (const [h, u] of hourlyUtil(tNs, util)) if (u > best.util) best = { util: u, kind: 'hour', startNs: h * NS_PER_HOUR };
    return best;
  }
  let best: Peak = { util: 0, kind: 'sample', startNs: 0 };
  for (let i = 0; i < util.length; i++) if (util[i] > best.util) best = { util: util[i], kind: 'sample', startNs: i === 0 ? 0 : tNs[i - 1] };
  return best;
}

/** Several hosts: the estate's hour (Σ busy pCPUs ÷ Σ pCPUs per clock hour). */
export function estatePeak(hosts: readonly ClusterHostResult[], endNs: number): Peak {
  if (endNs < HOURLY_FROM_NS) {
    // Short runs: the sample intervals of the hosts are not aligned; take the busiest host's.
    const peaks = hosts.map((h) => ({ p: peakOf(h.series.t_ns, h.series.util, endNs), w: h.pcpus }));
    const total = hosts.reduce((a, h) => a + h.pcpus, 0);
    const best = peaks.reduce((a, b) => (b.p.util * b.w > a.p.util * a.w ? b : a), peaks[0]);
    return { util: (best.p.util * best.w) / Math.max(1, total), kind: 'sample', startNs: best.p.startNs };
  }
  const busy = new Map<number, number>();
  for (const h of hosts) for (const [hour, u] of hourlyUtil(h.series.t_ns, h.series.util)) busy.set(hour, (busy.get(hour) ?? 0) + u * h.pcpus);
  const total = hosts.reduce((a, h) => a + h.pcpus, 0);
  let best: Peak = { util: 0, kind: 'hour', startNs: 0 };
  for (const [hour, b] of busy) if (b / total > best.util) best = { util: b / total, kind: 'hour', startNs: hour * NS_PER_HOUR };
  return best;
}

/** "day 5, 13:00–14:00" for an hour of a run of days; "hour 3" for shorter; "at 41.2 s" for a sample. */
export function peakWhen(p: Peak, endNs: number): string {
  if (p.kind === 'sample') return `at ${fmtTime(p.startNs)}`;
  const h = Math.round(p.startNs / NS_PER_HOUR);
  if (endNs >= 86400e9) {
    const day = Math.floor(h / 24) + 1;
    const hh = h % 24;
    return `day ${day}, ${String(hh).padStart(2, '0')}:00–${String(hh + 1).padStart(2, '0')}:00`;
  }
  return `hour ${h + 1} of the run`;
}

function fmtTime(ns: number): string {
  const s = ns / 1e9;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %`;
const pcpusText = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} pCPU${Math.abs(x - 1) < 1e-9 ? '' : 's'}`;
const mb = (x: number): string => `${Math.round(x).toLocaleString('en-US')} MB`;

/** kWh with a unit that keeps three significant figures: 143.9 kWh, 3.67 Wh, 0.512 Wh. */
export function energyText(kwh: number): string {
  if (kwh >= 100) return `${kwh.toFixed(1)} kWh`;
  if (kwh >= 1) return `${kwh.toFixed(2)} kWh`;
  const wh = kwh * 1000;
  if (wh >= 100) return `${wh.toFixed(0)} Wh`;
  if (wh >= 1) return `${wh.toFixed(2)} Wh`;
  return `${wh.toPrecision(3)} Wh`;
}

export const ASSUMED_POWER = 'The scenario gave no power figures (host.power): these come from the defaults, 140 W idle and 220 W at full load — an assumption, not this machine.';

/** Result.hosts (always there since schema 2; [] for an older result.json). */
function hostsOf(result: Result): ClusterHostResult[] {
  return result.hosts ?? [];
}

/** Every Dom0 and guest of the run once (several hosts: each host's Dom0 too). */
function allDomains(result: Result) {
  const extraDom0 = hostsOf(result).length > 1 ? hostsOf(result).slice(1).map((h) => h.dom0) : [];
  return [...result.domains, ...extraDom0];
}

export interface HostFigures {
  name: string;
  pcpus: number;
  memoryMb: number;
  utilisation: number;
  peak: Peak;
  headroomPcpus: number;
  freeMb: number;
  meanPowerW: number;
  energyKwh: number;
  powerAssumed: boolean;
  guests: number;
}

export function hostFigures(h: ClusterHostResult, endNs: number): HostFigures {
  const peak = peakOf(h.series.t_ns, h.series.util, endNs);
  return {
    name: h.name, pcpus: h.pcpus, memoryMb: h.memory_mb, utilisation: h.utilisation, peak,
    headroomPcpus: h.pcpus * (1 - peak.util), freeMb: h.free_memory_mb,
    meanPowerW: h.mean_power_w, energyKwh: h.energy_kwh, powerAssumed: h.power_assumed === true, guests: h.guests.length,
  };
}

/** The cards of the first screen: CPU, memory, power and energy, requests (when any). */
export function runCards(result: Result): Card[] {
  const hosts = hostsOf(result);
  const several = hosts.length > 1;
  const pcpus = several ? hosts.reduce((a, h) => a + h.pcpus, 0) : result.host.pcpus;
  const utilisation = several ? hosts.reduce((a, h) => a + h.utilisation * h.pcpus, 0) / Math.max(1, pcpus) : result.host.utilisation;
  const peak = several ? estatePeak(hosts, result.end_ns) : peakOf(result.series.t_ns, result.series.host_util, result.end_ns);
  const headroom = pcpus * (1 - peak.util);
  const cpu: Card = {
    id: 'card-cpu',
    title: several ? `CPU · ${hosts.length} hosts` : 'CPU',
    big: `${pct(utilisation)} mean`,
    lines: [
      `${pcpusText(utilisation * pcpus)} busy on average of ${pcpus}`,
      `${peak.kind === 'hour' ? 'peak hour' : 'peak interval'}: ${pct(peak.util)} (${peakWhen(peak, result.end_ns)})`,
      `headroom at the peak: ${pcpusText(headroom)}`,
    ],
  };

  const doms = allDomains(result);
  const memTotal = several ? hosts.reduce((a, h) => a + h.memory_mb, 0) : result.host.memory_mb;
  const free = several ? hosts.reduce((a, h) => a + h.free_memory_mb, 0) : result.host.free_memory_mb;
  const allocated = doms.reduce((a, d) => a + (d.memory?.allocation_mb ?? 0), 0);
  const out = doms.reduce((a, d) => a + (d.memory?.ballooned_out_mb ?? 0), 0);
  const inn = doms.reduce((a, d) => a + (d.memory?.ballooned_in_mb ?? 0), 0);
  const memory: Card = {
    id: 'card-memory',
    title: 'Memory (at the end)',
    big: `${mb(allocated)} allocated`,
    lines: [
      `of ${mb(memTotal)}${several ? ` on ${hosts.length} hosts` : ''}; ${mb(free)} free (${pct(free / Math.max(1, memTotal))})`,
      out > 0 || inn > 0 ? `ballooned: ${mb(out)} released, ${mb(inn)} claimed` : 'no ballooning',
      `${doms.length} domains incl. Dom0${several ? 's' : ''}`,
    ],
  };

  const assumedHosts = hosts.filter((h) => h.power_assumed === true).map((h) => h.name);
  const anyAssumed = several ? assumedHosts.length > 0 : result.host.power_assumed === true;
  const power: Card = {
    id: 'card-power',
    title: 'Power and energy',
    big: `${(several ? hosts.reduce((a, h) => a + h.mean_power_w, 0) : result.host.mean_power_w).toFixed(1)} W mean`,
    lines: [`${energyText(several ? hosts.reduce((a, h) => a + h.energy_kwh, 0) : result.host.energy_kwh)} over ${spanText(result.end_ns)}`],
    ...(anyAssumed ? { assumed: several && assumedHosts.length < hosts.length ? `${ASSUMED_POWER.replace('The scenario gave', `For ${assumedHosts.join(', ')}, the scenario gave`)}` : ASSUMED_POWER } : {}),
  };

  const cards = [cpu, memory, power];
  const served = doms.filter((d) => d.requests !== undefined && d.requests.count > 0);
  if (served.length > 0) {
    const worst = served.reduce((a, d) => (d.requests!.p95_ms > a.requests!.p95_ms ? d : a), served[0]);
    const count = served.reduce((a, d) => a + d.requests!.count, 0);
    cards.push({
      id: 'card-requests',
      title: 'Requests',
      big: `${worst.requests!.p95_ms.toFixed(1)} ms worst p95`,
      lines: [`in ${worst.name}`, `${count.toLocaleString('en-US')} requests in ${served.length} domain${served.length === 1 ? '' : 's'}`],
    });
  }
  return cards;
}

/** One row of cards per host of a several-host run. */
export function hostCards(result: Result): { name: string; cards: Card[] }[] {
  if (hostsOf(result).length < 2) return [];
  return hostsOf(result).map((h) => {
    const f = hostFigures(h, result.end_ns);
    return {
      name: h.name,
      cards: [
        { title: 'CPU', big: `${pct(f.utilisation)} mean`, lines: [`${f.pcpus} pCPU${f.pcpus === 1 ? '' : 's'}; ${f.peak.kind === 'hour' ? 'peak hour' : 'peak interval'} ${pct(f.peak.util)} (${peakWhen(f.peak, result.end_ns)})`, `headroom at the peak: ${pcpusText(f.headroomPcpus)}`] },
        { title: 'Memory', big: `${mb(f.memoryMb - f.freeMb)} in use`, lines: [`of ${mb(f.memoryMb)}; ${mb(f.freeMb)} free`, `${f.guests} guest${f.guests === 1 ? '' : 's'} at the end`] },
        { title: 'Power and energy', big: `${f.meanPowerW.toFixed(1)} W mean`, lines: [energyText(f.energyKwh)], ...(f.powerAssumed ? { assumed: ASSUMED_POWER } : {}) },
      ],
    };
  });
}

/** The sentence after the headline: who ran what, and the peak in plain words. */
export function runLede(result: Result): string {
  const several = hostsOf(result).length > 1;
  const guests = result.domains.length - 1;
  const pcpus = several ? hostsOf(result).reduce((a, h) => a + h.pcpus, 0) : result.host.pcpus;
  const peak = several ? estatePeak(hostsOf(result), result.end_ns) : peakOf(result.series.t_ns, result.series.host_util, result.end_ns);
  const who = several
    ? `${hostsOf(result).length} hosts (${pcpus} pCPUs in all)`
    : `${result.host.name === 'host' ? 'The host' : result.host.name} (${pcpus} pCPU${pcpus === 1 ? '' : 's'}, ${mb(result.host.memory_mb)})`;
  const when = peak.kind === 'hour' ? 'in its busiest hour' : 'at its busiest moment';
  return `${who} ran ${guests} guest${guests === 1 ? '' : 's'} for ${spanText(result.end_ns)}${result.stopped_early ? ' (stopped early)' : ''}; ${when} it used ${pct(peak.util)} of its CPU, leaving ${pcpusText(pcpus * (1 - peak.util))} spare.`;
}
