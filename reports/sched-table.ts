/**
 * The scheduler's own table, as the admin's tool prints it for every domain:
 * - `xl sched-credit` / `xl sched-credit2` (tools/xl/xl_sched.c, Xen 4.17):
 *     printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap")
 *     printf("%-33s %4d %6d %4d\n", name, domid, weight, cap)
 *   and xm's (tools/python/xen/xm/main.py, Xen 4.0): '%-33s %4s %6s %4s' header,
 *   "%(name)-32s %(domid)5s %(weight)6d %(cap)4d" rows;
 * - `xl sched-rtds`: "%-33s %4s %9s %9s %10s" Name ID Period Budget Extratime, rows with
 *   period and budget in µs and extratime yes/no;
 * - `xm sched-sedf` (xm/main.py): '%-33s %4s %-4s %-4s %-7s %-5s %-6s' Name ID Period(ms)
 *   Slice(ms) Lat(ms) Extra Weight, rows "%(name)-32s %(domid)5d %(period)9.1f
 *   %(slice)9.1f %(latency)7.1f %(extratime)6d %(weight)6d";
 * - `xm sched-bvt` printed nothing in Xen 2.0 (it only set parameters): its table here is
 *   xensim's own, in the same style, with the five parameters `xm sched-bvt` takes.
 * null and rr have no per-domain parameters and no table. The parameters come from the
 * policy's `sched_params` of each domain (credit and credit2 use weight and cap).
 */
import type { DomainResult, Result } from '../sim/stats/result.js';
import { listedDomains } from './domains.js';
import { fixed, left, right } from './format.js';

function num(d: DomainResult, key: string): number {
  const v = d.sched_params?.[key];
  return typeof v === 'number' ? v : 0;
}

function flag(d: DomainResult, key: string): boolean {
  return d.sched_params?.[key] === true;
}

/** The command's name, as the release's toolstack calls it (`xm` before Xen 4.1). */
export function schedCommand(result: Result): string | undefined {
  const tool = result.toolstack ?? 'xm';
  switch (result.scheduler) {
    case 'credit': case 'credit2': case 'rtds': return `${tool} sched-${result.scheduler}`;
    case 'sedf': case 'bvt': return `xm sched-${result.scheduler}`;
    default: return undefined;
  }
}

/** The table, '' for a policy without one. */
export function schedTable(result: Result): string {
  const ds = listedDomains(result);
  const lines: string[] = [];
  switch (result.scheduler) {
    case 'credit':
    case 'credit2':
      if (result.toolstack === 'xl') {
        lines.push(`${left('Name', 33)} ${right('ID', 4)} ${right('Weight', 6)} ${right('Cap', 4)}`);
        for (const d of ds) lines.push(`${left(d.name, 33)} ${right(d.id, 4)} ${right(d.weight, 6)} ${right(d.cap, 4)}`);
      } else {
        lines.push(`${left('Name', 33)} ${right('ID', 4)} ${right('Weight', 6)} ${right('Cap', 4)}`);
        for (const d of ds) lines.push(`${left(d.name, 32)} ${right(d.id, 5)} ${right(d.weight, 6)} ${right(d.cap, 4)}`);
      }
      break;
    case 'rtds':
      lines.push(`${left('Name', 33)} ${right('ID', 4)} ${right('Period', 9)} ${right('Budget', 9)} ${right('Extratime', 10)}`);
      for (const d of ds) lines.push(`${left(d.name, 33)} ${right(d.id, 4)} ${right(Math.trunc(num(d, 'period_us')), 9)} ${right(Math.trunc(num(d, 'budget_us')), 9)} ${right(flag(d, 'extratime') ? 'yes' : 'no', 10)}`);
      break;
    case 'sedf':
      lines.push(`${left('Name', 33)} ${right('ID', 4)} ${left('Period(ms)', 4)} ${left('Slice(ms)', 4)} ${left('Lat(ms)', 7)} ${left('Extra', 5)} ${left('Weight', 6)}`);
      for (const d of ds) {
        lines.push(`${left(d.name, 32)} ${right(d.id, 5)} ${fixed(num(d, 'period_ms'), 9, 1)} ${fixed(num(d, 'slice_ms'), 9, 1)} ${fixed(num(d, 'latency_ms'), 7, 1)} ${right(flag(d, 'extratime') ? 1 : 0, 6)} ${right(Math.trunc(num(d, 'weight')), 6)}`);
      }
      break;
    case 'bvt':
      lines.push(`${left('Name', 33)} ${right('ID', 4)} ${right('MCUadv', 6)} ${right('Warpback', 8)} ${right('Warpvalue', 9)} ${right('Warpl(ms)', 9)} ${right('Warpu(ms)', 9)}`);
      for (const d of ds) {
        lines.push(`${left(d.name, 33)} ${right(d.id, 4)} ${right(Math.trunc(num(d, 'mcuadv')), 6)} ${right(flag(d, 'warpback') ? 1 : 0, 8)} ${right(Math.trunc(num(d, 'warpvalue')), 9)} ${fixed(num(d, 'warpl_ms'), 9, 1)} ${fixed(num(d, 'warpu_ms'), 9, 1)}`);
      }
      break;
    default:
      return '';
  }
  return lines.join('\n') + '\n';
}
