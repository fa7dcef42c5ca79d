/**
 * `xensim plan` output, a pure function of a PlanResult (sim/experiment/plan.ts): the
 * answer, the hosts with their contents, and every candidate the placement tried.
 */
import type { HostCheck, PlanResult } from '../sim/experiment/plan.js';
import { spanText } from './summary.js';
import { left, right } from './format.js';
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import { chartFigure, escapeHtml, page, textTable, type Card, type RenderedChart } from './page.js';

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

/** plan-hosts.csv: one row per host of the plan, its check and the room it has left. */
export function planHostsCsv(p: PlanResult): string {
  const rows = p.hosts.map((h) => ({
    host: h.index,
    domains: h.domains.join(' '),
    cpu_p95_pct: numCell(h.check.cpuP95, 100),
    mean_util_pct: numCell(h.check.meanUtilisation, 100),
    memory_pct: numCell(h.check.memoryFraction, 100),
    worst_p95_over_slo: numCell(h.check.worstSloRatio, 1),
    room_pcpus: numCell(h.headroom.cpuPcpus, 1),
    room_mb: Math.round(h.headroom.memoryMb),
  }));
  return stringify(rows, { header: true, columns: ['host', 'domains', 'cpu_p95_pct', 'mean_util_pct', 'memory_pct', 'worst_p95_over_slo', 'room_pcpus', 'room_mb'] });
}

/** plan-tried.csv: every candidate the first-fit-decreasing placement tried, in order. */
export function planTriedCsv(p: PlanResult): string {
  const rows = p.tried.map((t) => ({
    step: t.step,
    workload: t.workload,
    host: t.host,
    verdict: t.verdict,
    domains: t.domains.join(' '),
    cpu_p95_pct: numCell(t.check.cpuP95, 100),
    memory_pct: numCell(t.check.memoryFraction, 100),
    worst_p95_over_slo: numCell(t.check.worstSloRatio, 1),
    simulated: t.check.simulated ? 'yes' : 'no',
    reason: t.check.reason,
  }));
  return stringify(rows, { header: true, columns: ['step', 'workload', 'host', 'verdict', 'domains', 'cpu_p95_pct', 'memory_pct', 'worst_p95_over_slo', 'simulated', 'reason'] });
}

function numCell(x: number | null, scale: number): number | string {
  return x === null || !Number.isFinite(x) ? '' : Math.round(x * scale * 1e4) / 1e4;
}

/** The headline sentence of plan.html (and of the text's first line). */
export function planHeadline(p: PlanResult): string {
  return p.feasible
    ? `${p.hosts.length} host${p.hosts.length === 1 ? '' : 's'} (lower bound ${p.lowerBound}) of ${p.pcpusPerHost} pCPU, ${p.memoryMbPerHost} MB carry the ${p.demands.length} workloads within their SLOs and headroom.`
    : `No plan: ${p.reason}.`;
}

/** The chart of plan.html: each host's CPU p95 and memory (% of the host) against the headroom lines. */
export function planChart(p: PlanResult): { name: string; title: string; spec: TopLevelSpec } {
  const values = p.hosts.flatMap((h) => [
    { host: `host ${h.index}`, measure: 'CPU p95', pct: Math.round((h.check.cpuP95 ?? 0) * 1e6) / 1e4 },
    { host: `host ${h.index}`, measure: 'memory', pct: Math.round(h.check.memoryFraction * 1e6) / 1e4 },
  ]);
  const limits = [
    { measure: 'CPU p95', pct: p.headroomCpu * 100 },
    { measure: 'memory', pct: p.headroomMemory * 100 },
  ];
  return {
    name: 'plan-hosts',
    title: `Each host's CPU p95 and memory against the headroom (CPU ≤ ${(p.headroomCpu * 100).toFixed(0)} %, memory ≤ ${(p.headroomMemory * 100).toFixed(0)} %)`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Hosts against the headroom', background: 'white',
      facet: { column: { field: 'measure', type: 'nominal', title: null, sort: ['CPU p95', 'memory'] } },
      data: { values: [...values.map((v) => ({ ...v, kind: 'host' })), ...limits.map((l) => ({ ...l, kind: 'limit', host: null }))] },
      spec: {
        width: 300, height: Math.max(60, 24 * p.hosts.length),
        layer: [
          { transform: [{ filter: "datum.kind === 'host'" }], mark: { type: 'bar' }, encoding: {
            y: { field: 'host', type: 'nominal', title: null, sort: null },
            x: { field: 'pct', type: 'quantitative', title: '% of the host', scale: { domain: [0, 100] } },
            color: { field: 'measure', type: 'nominal', legend: null },
          } },
          { transform: [{ filter: "datum.kind === 'limit'" }], mark: { type: 'rule', color: '#9a4b00', strokeDash: [4, 3], strokeWidth: 2 }, encoding: {
            x: { field: 'pct', type: 'quantitative' },
          } },
        ],
      },
    } as TopLevelSpec,
  };
}

/** plan.html: the headline (N hosts, lower bound), cards, the chart, the tables (reports/page.ts). */
export function planHtml(p: PlanResult, chart: RenderedChart | null, file: string): string {
  const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
  const cpuP95s = p.hosts.map((h) => h.check.cpuP95 ?? 0);
  const mems = p.hosts.map((h) => h.check.memoryFraction);
  const maxOf = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
  const cards: Card[] = [
    { title: 'Hosts', big: p.feasible ? String(p.hosts.length) : 'none', lines: [`lower bound ${p.lowerBound}`, `${p.demands.length} workloads`, `${p.tried.length} candidates tried`], id: 'card-hosts' },
    { title: 'Host profile', big: `${p.pcpusPerHost} pCPU`, lines: [`${p.memoryMbPerHost} MB`, `each check simulates ${spanText(p.durationNs)}`] },
    { title: 'Headroom', big: `CPU ≤ ${pct(p.headroomCpu)}`, lines: [`memory ≤ ${pct(p.headroomMemory)}`] },
    { title: 'Fullest host', big: p.hosts.length > 0 ? `CPU p95 ${pctOrDash(maxOf(cpuP95s))}` : '-', lines: p.hosts.length > 0 ? [`memory ${pctOrDash(maxOf(mems))}`] : [] },
  ];
  const text = planText(p);
  // The text's sections without their title lines (the page gives each its heading).
  const [, demand, tried, hosts, room] = text.split('\n\n').map((sec) => sec.split('\n').slice(1).join('\n'));
  return page({
    title: `xensim plan: ${file}`,
    meta: `hosts of ${p.pcpusPerHost} pCPU, ${p.memoryMbPerHost} MB; first fit, decreasing; each candidate checked by simulating ${spanText(p.durationNs)}`,
    headline: planHeadline(p),
    cards,
    body: (chart !== null ? `<h2>Hosts</h2>\n${chartFigure(chart)}\n` : '') +
      '<h2>Tables</h2>\n' +
      textTable('Hosts', hosts ?? '', 'hosts-table') + (room !== undefined ? `<p class="note">${escapeHtml(text.split('\n\n')[4]?.trim() ?? '')}</p>\n` : '') + textTable('Tried (first fit, decreasing)', tried ?? '', 'tried-table') + textTable('Demand', demand ?? '', 'demand-table'),
  });
}
