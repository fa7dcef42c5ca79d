/**
 * `xm list` as the talk shows it, and today's `xl list`.
 *
 * xm: Xen 2.0's tools/python/xen/xm/main.py (xen-project/xen, class ProgList,
 * brief_list) printed
 *     'Name              Id  Mem(MB)  CPU  State  Time(s)  Console'
 *     "%(name)-16s %(dom)3d  %(mem)7d  %(cpu)3d  %(state)5s  %(cpu_time)7.1f    %(port)4s"
 * with, from xend's XendDomainInfo.sxpr(): memory = the domain's target in MB, cpu = the
 * pCPU its (first) vCPU is on — an integer even while blocked, never '-' —, state = five
 * letters r b p s c ('-' for each that does not hold: `r----`, `-b---`; Xen 3.0 added a
 * sixth, d), and the console port 9600 + domid (xend's console base), none for Domain-0.
 * That is the layout of the talk: Console column, five-letter states.
 *
 * xl: tools/xl/xl_list.c, list_domains():
 *     printf("Name                                        ID   Mem VCPUs\tState\tTime(s)")
 *     printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f", name, domid,
 *            current_memkb / 1024, vcpu_online, r b p s <shutdown reason> d, cpu_time / 1e9)
 * (xm's rows end in spaces where Domain-0 has no console; we trim them.)
 * The header has real tabs, as xl prints it. Mem is the pages the domain holds
 * (allocation), truncated to whole MB, not the target.
 */
import type { Result } from '../sim/stats/result.js';
import { listedDomains } from './domains.js';
import { fixed, left, right, trunc } from './format.js';

/** xend 2.0's console port base: a guest's console listened on 9600 + domid. */
export const XEND_CONSOLE_PORT_BASE = 9600;

export const XM_LIST_HEADER = 'Name              Id  Mem(MB)  CPU  State  Time(s)  Console';
export const XL_LIST_HEADER = 'Name                                        ID   Mem VCPUs\tState\tTime(s)';

/** The xm letters r b p s c (d) from the Result's six-letter `rbpscd` state. */
function xmState(state: string): string {
  return left(state, 6).slice(0, 5);
}

export function xmList(result: Result): string {
  const lines = [XM_LIST_HEADER];
  for (const d of listedDomains(result)) {
    const port = d.id === 0 ? '' : String(XEND_CONSOLE_PORT_BASE + d.id);
    lines.push(
      `${left(d.name, 16)} ${right(d.id, 3)}  ${right(trunc(d.memory_mb), 7)}  ${right(d.last_pcpu ?? 0, 3)}  ` +
        `${right(xmState(d.state), 5)}  ${fixed(d.cpu_seconds, 7, 1)}    ${right(port, 4)}`.trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}

export function xlList(result: Result): string {
  const lines = [XL_LIST_HEADER];
  for (const d of listedDomains(result)) {
    const st = left(d.state, 6).slice(0, 6);
    lines.push(
      `${left(d.name, 40)} ${right(d.id, 5)} ${right(trunc(d.memory.allocation_mb), 5)} ${right(d.vcpus, 5)}     ` +
        `${st}  ${fixed(d.cpu_seconds, 8, 1)}`,
    );
  }
  return lines.join('\n') + '\n';
}
