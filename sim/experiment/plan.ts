/**
 * How many hosts to buy: first-fit-decreasing placement of the workloads onto hosts of
 * one profile, every candidate host checked by simulation.
 *
 * 1. Each workload runs alone on the profile host: its CPU demand there (CPU seconds ÷
 *    horizon, in pCPUs) and its memory give the order — decreasing CPU demand, then
 *    memory, then name. A workload that fails its checks even alone makes the plan
 *    infeasible.
 * 2. In that order, each workload goes to the first open host on which the host with it
 *    added still passes; if none does, a new host is opened with it (the alone run).
 * 3. A host passes when (a) its guests, Xen's reservation and Dom0 (its fixed memory,
 *    else its autoballoon floor) take at most `headroom.memory` of its memory —
 *    checked without simulating — and, simulated over the plan's horizon with the same
 *    seed, (b) the 95th percentile of its utilisation over windows of 5 minutes (or a
 *    twentieth of the horizon, if shorter) is at most `headroom.cpu` — windows, not the
 *    raw samples, because a sample of a few ms is either busy or idle
 *    and (c) every workload with an SLO completed requests with p95 at most the SLO.
 *
 * Checks run `parallel` at a time (worker threads in the CLI): the alone runs all at
 * once, and each workload's candidate hosts in order, a batch at a time, keeping the
 * first that passes — the same answer and the same table as checking them one by one.
 *
 * Hosts only grow, so each host's last passing check is its final content: the plan
 * returns nothing its own simulation did not pass. FFD is a heuristic (bin packing is
 * NP-hard); `lowerBound` is the count no placement can beat (Σ CPU demand ÷ headroom,
 * Σ memory ÷ headroom) and says how far from optimal it can be.
 */
import { quantile } from 'simple-statistics';
import type { Scenario } from '../scenario/types.js';
import type { Result } from '../stats/result.js';
import type { PlanSpec } from './consolidation-load.js';
import { runInProcess, type Runner } from './consolidation.js';
import { formatError } from '../scenario/load.js';

export interface HostCheck {
  ok: boolean;
  /** Why not, when not ok ('' when ok). */
  reason: string;
  /** p95 of the sampled host utilisation (null when not simulated). */
  cpuP95: number | null;
  meanUtilisation: number | null;
  memoryFraction: number;
  /** Worst p95 ÷ SLO over the workloads that have one (null when none). */
  worstSloRatio: number | null;
  p95Ms: Record<string, number | null>;
  simulated: boolean;
}

export interface TryRow {
  step: number;
  workload: string;
  host: number;
  domains: string[];
  check: HostCheck;
  verdict: 'placed' | 'rejected' | 'opened' | 'infeasible';
}

export interface Demand {
  name: string;
  cpuPcpus: number;
  memoryMb: number;
}

export interface PlanHost {
  index: number;
  domains: string[];
  check: HostCheck;
  /** Room left under the headroom limits: pCPUs (headroom.cpu − CPU p95, × pCPUs) and MB. */
  headroom: { cpuPcpus: number | null; memoryMb: number };
}

export interface PlanResult {
  feasible: boolean;
  /** Why not, when infeasible. */
  reason: string;
  hosts: PlanHost[];
  tried: TryRow[];
  demands: Demand[];
  lowerBound: number;
  pcpusPerHost: number;
  memoryMbPerHost: number;
  headroomCpu: number;
  headroomMemory: number;
  durationNs: number;
}

/** Memory a host's allocations take, as a fraction of it (see 3(a) above). */
export function memoryFraction(s: Scenario, dom0Fixed: boolean): number {
  const dom0 = dom0Fixed ? s.dom0.memoryMb : Math.min(s.dom0.memoryMb, s.memory.dom0MinMb);
  const guests = s.domains.reduce((a, d) => a + d.memoryMb, 0);
  return (s.host.xenReservedMb + dom0 + guests) / s.host.memoryMb;
}

/** Longest window the CPU p95 is taken over. */
export const CPU_WINDOW_NS = 300e9;

/** Host utilisation averaged over consecutive windows of about `windowNs` (time-weighted). */
export function windowedUtilisation(t: readonly number[], util: readonly number[], windowNs: number): number[] {
  const out: number[] = [];
  let start = 0, busy = 0, last = 0;
  for (let i = 0; i < t.length; i++) {
    busy += util[i] * (t[i] - last);
    last = t[i];
    if (t[i] - start >= windowNs - 1e-6 || i === t.length - 1) {
      if (t[i] > start) out.push(busy / (t[i] - start));
      start = t[i];
      busy = 0;
    }
  }
  return out;
}

/** 3(b) and (c) on a finished run. */
export function judgeRun(spec: Pick<PlanSpec, 'sloNs' | 'headroomCpu'>, result: Result, memFraction: number): HostCheck {
  const windows = windowedUtilisation(result.series.t_ns, result.series.host_util, Math.min(CPU_WINDOW_NS, result.end_ns / 20));
  const cpuP95 = windows.length > 0 ? quantile(windows, 0.95) : result.host.utilisation;
  const reasons: string[] = [];
  if (cpuP95 > spec.headroomCpu) reasons.push(`CPU p95 ${(cpuP95 * 100).toFixed(1)}% > ${(spec.headroomCpu * 100).toFixed(0)}%`);
  const p95Ms: Record<string, number | null> = {};
  let worst: number | null = null;
  for (const d of result.domains) {
    if (d.id === 0) continue;
    p95Ms[d.name] = d.requests?.p95_ms ?? null;
    const slo = spec.sloNs.get(d.name);
    if (slo === undefined) continue;
    if (d.failed !== undefined) { reasons.push(`${d.name} never ran (${d.failed})`); continue; }
    if (d.requests === undefined || d.requests.count === 0) { reasons.push(`${d.name} completed no requests`); worst = Math.max(worst ?? 0, Infinity); continue; }
    const ratio = d.requests.p95_ms / (slo / 1e6);
    worst = Math.max(worst ?? 0, ratio);
    if (ratio > 1) reasons.push(`${d.name} p95 ${d.requests.p95_ms.toFixed(1)} ms > SLO ${(slo / 1e6).toFixed(0)} ms`);
  }
  if (result.stopped_early) reasons.push('run stopped early');
  return { ok: reasons.length === 0, reason: reasons.join('; '), cpuP95, meanUtilisation: result.host.utilisation, memoryFraction: memFraction, worstSloRatio: worst, p95Ms, simulated: true };
}

/** Builds, memory-checks and (if it fits) simulates one candidate host. */
export async function checkHost(spec: PlanSpec, domains: string[], label: string, runner: Runner): Promise<{ check: HostCheck; result?: Result }> {
  const built = spec.candidate(domains, label);
  const empty = (reason: string, mem = NaN): HostCheck => ({ ok: false, reason, cpuP95: null, meanUtilisation: null, memoryFraction: mem, worstSloRatio: null, p95Ms: {}, simulated: false });
  if ('errors' in built) return { check: empty(`does not load: ${built.errors.map(formatError).join('; ')}`) };
  const mem = memoryFraction(built.scenario, spec.dom0MemoryFixed);
  if (mem > spec.headroomMemory) return { check: empty(`memory ${(mem * 100).toFixed(1)}% > ${(spec.headroomMemory * 100).toFixed(0)}%`, mem) };
  const result = await runner(built.scenario, label);
  return { check: judgeRun(spec, result, mem), result };
}

export async function planHosts(spec: PlanSpec, runner: Runner = runInProcess, onStep?: (row: TryRow) => void, parallel = 1): Promise<PlanResult> {
  const tried: TryRow[] = [];
  let step = 0;
  const record = (row: Omit<TryRow, 'step'>): TryRow => {
    const r = { step: ++step, ...row };
    tried.push(r);
    onStep?.(r);
    return r;
  };
  const profile = spec.candidate([], 'plan');
  if ('errors' in profile) throw new Error(profile.errors.map(formatError).join('\n'));
  const pcpus = profile.scenario.host.pcpus;
  const hostMem = profile.scenario.host.memoryMb;
  const base = {
    pcpusPerHost: pcpus, memoryMbPerHost: hostMem, headroomCpu: spec.headroomCpu,
    headroomMemory: spec.headroomMemory, durationNs: spec.durationNs,
  };
  const headroom = (c: HostCheck): PlanHost['headroom'] => ({
    cpuPcpus: c.cpuP95 === null ? null : (spec.headroomCpu - c.cpuP95) * pcpus,
    memoryMb: (spec.headroomMemory - c.memoryFraction) * hostMem,
  });

  // 1. Alone runs: demand, order, and whether each can be placed at all.
  const alone = new Map<string, HostCheck>();
  const demands: Demand[] = [];
  const aloneRuns = await inBatches(spec.workloads, parallel, (name) => checkHost(spec, [name], `alone: ${name}`, runner));
  spec.workloads.forEach((name, i) => {
    const { check, result } = aloneRuns[i];
    alone.set(name, check);
    const built = spec.candidate([name], 'demand');
    const memoryMb = 'errors' in built ? NaN : built.scenario.domains[0].memoryMb;
    const d = result?.domains.find((x) => x.name === name);
    const cpuPcpus = d !== undefined && result !== undefined ? d.cpu_seconds / (result.end_ns / 1e9) : NaN;
    demands.push({ name, cpuPcpus, memoryMb });
  });
  demands.sort((a, b) => b.cpuPcpus - a.cpuPcpus || b.memoryMb - a.memoryMb || (a.name < b.name ? -1 : 1));
  const fixedMb = profile.scenario.host.xenReservedMb + (spec.dom0MemoryFixed ? profile.scenario.dom0.memoryMb : Math.min(profile.scenario.dom0.memoryMb, profile.scenario.memory.dom0MinMb));
  const sumCpu = demands.reduce((a, d) => a + (Number.isFinite(d.cpuPcpus) ? d.cpuPcpus : 0), 0);
  const sumMem = demands.reduce((a, d) => a + (Number.isFinite(d.memoryMb) ? d.memoryMb : 0), 0);
  const memRoom = spec.headroomMemory * hostMem - fixedMb;
  const lowerBound = Math.max(1, Math.ceil(sumCpu / (spec.headroomCpu * pcpus) - 1e-9), memRoom > 0 ? Math.ceil(sumMem / memRoom - 1e-9) : 1);

  // 2. First fit, decreasing: the open hosts in order, `parallel` candidates at a time.
  const hosts: PlanHost[] = [];
  for (const d of demands) {
    let placed = false;
    for (let from = 0; from < hosts.length && !placed; from += parallel) {
      const batch = hosts.slice(from, from + parallel);
      const checks = await inBatches(batch, parallel, (h) => checkHost(spec, [...h.domains, d.name], `host ${h.index}: ${[...h.domains, d.name].join(' ')}`, runner));
      for (let j = 0; j < batch.length; j++) {
        const h = batch[j];
        const domains = [...h.domains, d.name];
        const { check } = checks[j];
        if (check.ok) {
          record({ workload: d.name, host: h.index, domains, check, verdict: 'placed' });
          h.domains = domains;
          h.check = check;
          h.headroom = headroom(check);
          placed = true;
          break;
        }
        record({ workload: d.name, host: h.index, domains, check, verdict: 'rejected' });
      }
    }
    if (placed) continue;
    const check = alone.get(d.name)!;
    const index = hosts.length + 1;
    if (!check.ok || hosts.length >= spec.maxHosts) {
      record({ workload: d.name, host: index, domains: [d.name], check, verdict: 'infeasible' });
      const reason = !check.ok ? `${d.name} fails even alone on a host: ${check.reason}` : `more than max_hosts (${spec.maxHosts}) hosts needed`;
      return { feasible: false, reason, hosts, tried, demands, lowerBound, ...base };
    }
    record({ workload: d.name, host: index, domains: [d.name], check, verdict: 'opened' });
    hosts.push({ index, domains: [d.name], check, headroom: headroom(check) });
  }
  return { feasible: true, reason: '', hosts, tried, demands, lowerBound, ...base };
}

/** f over items, `parallel` at a time, results in item order. */
async function inBatches<T, R>(items: readonly T[], parallel: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  const width = Math.max(1, parallel);
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(f))));
  return out;
}
