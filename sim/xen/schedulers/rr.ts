/**
 * Round robin, as Xen 2.0's xen/common/sched_rrobin.c: a fixed 10 ms slice (rr_slice),
 * weights and caps ignored, one FIFO runqueue per pCPU; the descheduled task goes to
 * the tail, a woken one to the head (__add_to_runqueue_head in rr_wake), and a wake-up
 * preempts only an idle pCPU. The baseline every comparison needs.
 *
 * Xen 2.0's round robin never moves a domain between CPUs: a domain stays on the
 * processor it was placed on (there is no load balancing, no stealing), so three CPU
 * hogs on two pCPUs get 1, ½ and ½ of a pCPU, not ⅔ each. It was never the default:
 * Xen 2.0 booted with BVT (sched_bvt.c, opt_sched = "bvt"), and round robin was removed
 * before 3.0 (976f6fc92c, 2005-04; see version.ts). rr keeps no policy-private state
 * beyond the generic runqueue links.
 */
import type { SchedulerSpec } from '../params.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import type { Vcpu } from '../vcpu.js';

export const RR_DEFAULT_SLICE_MS = 10;

export class RoundRobinScheduler implements Scheduler {
  readonly name = 'rr';
  readonly sliceNs: number;
  /** (Accepted for symmetry: round robin's slice ends are its decisions; none is deferred.) */
  readonly lazy: boolean;

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    this.sliceNs = spec.tsliceNs ?? RR_DEFAULT_SLICE_MS * 1_000_000;
    this.lazy = spec.bookkeeping === 'lazy';
  }

  insertVcpu(v: Vcpu): void {
    // Place it on the allowed pCPU with the fewest vCPUs so far.
    const counts = new Array<number>(this.host.pcpus.length).fill(0);
    for (const u of this.host.vcpus) if (!u.offline && u !== v) counts[u.pcpu]++;
    let best = -1;
    for (let i = 0; i < counts.length; i++) {
      if (v.affinity[i] && (best < 0 || counts[i] < counts[best])) best = i;
    }
    v.pcpu = best;
  }

  removeVcpu(v: Vcpu): void {
    if (v.queued) this.host.pcpus[v.pcpu].runq.remove(v);
  }

  wake(v: Vcpu): void {
    const p = this.host.pcpus[v.pcpu];
    p.runq.pushHead(v);
    if (p.current === null) this.host.tickle(p);
  }

  sleep(v: Vcpu): void {
    if (v.queued) this.host.pcpus[v.pcpu].runq.remove(v);
  }

  doSchedule(p: Pcpu): void {
    const cur = p.current;
    if (cur !== null && cur.runnable) p.runq.pushTail(cur);
    const next = p.runq.head;
    if (next !== null) p.runq.remove(next);
    p.next = next;
    p.nextSliceNs = this.sliceNs;
  }
}

registerScheduler('rr', (host, spec) => new RoundRobinScheduler(host, spec));
