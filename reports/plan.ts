/**
 * `xensim plan` output, a pure function of a PlanResult (sim/experiment/plan.ts): the
 * answer, the hosts with their contents, and every candidate the placement tried.
 */
import type { HostCheck, PlanResult } from '../sim/experiment/plan.js';
import { spanText } from './summary.js';
import { left, right } from './format.js';

const pctOrDash = (x: number | null): string => (x === null || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(1)}%`);
const ratio = (x: number | null): string => (x === null ? '-' : Number.isFinite(x) ? x.toFixed(2) : 'inf');

function checkCells(c: HostCheck): string {
  return `${right(pctOrDash(c.cpuP95), 8)} ${right(pctOrDash(c.memoryFraction), 7)} ${right(ratio(c.worstSloRatio), 8)}`;
}

export function planText(p: PlanResult): string {
  const lines: string[] = [];
  const profile = `hosts of ${p.pcpusPerHost} pCPU, ${p.memoryMbPerHost} MB; headroom CPU p95 ≤ ${(p.headroomCpu * 100).toFixed(0)}%, memory ≤ ${(p.headroomMemory * 100).toFixed(0)}%; each check simulates ${spanText(p.durationNs)}`;
  if (p.feasible) lines.push(`${p.hosts.length} host${p.hosts.length === 1 ? '' : 's'} (lower bound ${p.lowerBound}): ${profile}`);
  else lines.push(`no plan: ${p.reason} (${profile})`);
  lines.push('');
  lines.push('Demand, measured alone on the host profile (placement order)');
  lines.push(`${left('workload', 14)} ${right('CPU (pCPUs)', 12)} ${right('memory (MB)', 12)}`);
  for (const d of p.demands) lines.push(`${left(d.name, 14)} ${right(Number.isFinite(d.cpuPcpus) ? d.cpuPcpus.toFixed(4) : '-', 12)} ${right(Number.isFinite(d.memoryMb) ? d.memoryMb : '-', 12)}`);
  lines.push('');
  lines.push('Tried (first fit, decreasing)');
  lines.push(`${right('#', 3)} ${left('workload', 14)} ${right('host', 4)} ${right('CPU p95', 8)} ${right('memory', 7)} ${right('p95/SLO', 8)} ${left('verdict', 10)} why / domains`);
  for (const t of p.tried) {
    const why = t.check.ok ? t.domains.join(' ') : t.check.reason;
    lines.push(`${right(t.step, 3)} ${left(t.workload, 14)} ${right(t.host, 4)} ${checkCells(t.check)} ${left(t.verdict, 10)} ${why}`);
  }
  lines.push('');
  lines.push('Hosts');
  lines.push(`${right('host', 4)} ${right('CPU p95', 8)} ${right('memory', 7)} ${right('p95/SLO', 8)} ${right('room (pCPUs)', 12)} ${right('room (MB)', 10)} domains`);
  for (const h of p.hosts) {
    const cpu = h.headroom.cpuPcpus === null ? '-' : h.headroom.cpuPcpus.toFixed(2);
    lines.push(`${right(h.index, 4)} ${checkCells(h.check)} ${right(cpu, 12)} ${right(h.headroom.memoryMb.toFixed(0), 10)} ${h.domains.join(' ')}`);
  }
  lines.push('');
  lines.push(`room: what each host has left under the headroom limits (CPU p95 ≤ ${(p.headroomCpu * 100).toFixed(0)}% of ${p.pcpusPerHost} pCPUs, memory ≤ ${(p.headroomMemory * 100).toFixed(0)}% of ${p.memoryMbPerHost} MB)`);
  return lines.join('\n') + '\n';
}
