/**
 * Where a new domain's vCPUs start under the Xen 2.0/3.x schedulers that never move a
 * vCPU between pCPUs (sched_bvt.c, sched_sedf.c: one queue per pCPU, no load balancing).
 * The hypervisor's domain-creation code chose the pCPU, not the policy:
 * - vCPU 0: the least-populated pCPU, counting the vCPUs of every existing domain
 *   (Xen 2.0 dom0_ops.c DOM0_CREATEDOMAIN with cpu = −1: ties go to the lowest pCPU,
 *   `cnt[i] < cnt[pro]`; Xen 3.0 dom0_ops.c: ties go to the highest, `cnt[i] <= cnt[pro]`,
 *   "since dom0 is on CPU 0"); Dom0's vCPU 0 is built on pCPU 0;
 * - vCPU i > 0: the pCPU after vCPU i−1's (DOM0_MAX_VCPUS: `(d->vcpu[i-1]->processor + 1)
 *   % num_online_cpus()`);
 * - a vCPU pinned away from that pCPU (xl.cfg `cpus`) moves to the first pCPU it may use,
 *   as DOM0_PINCPUDOMAIN did (`find_first_set_bit(cpumap)`).
 * Simplification: no hyperthreading rule (3.0 put guests on the second thread of each
 * core); xensim's hosts place vCPUs on plain pCPUs.
 */
import type { Host } from '../host.js';
import type { Vcpu } from '../vcpu.js';

export type PlacementRule = 'xen2' | 'xen3';

export function placeAtCreation(host: Host, v: Vcpu, rule: PlacementRule): void {
  const n = host.pcpus.length;
  const d = v.domain;
  let cpu: number;
  if (v.id > 0) {
    cpu = (d.vcpus[v.id - 1].pcpu + 1) % n;
  } else if (d.isDom0) {
    cpu = 0;
  } else {
    // Domain creation is rare: a count over the host's vCPUs is fine here.
    const cnt = new Int32Array(n);
    for (const u of host.vcpus) if (!u.offline && u.domain !== d) cnt[u.pcpu]++;
    cpu = 0;
    for (let i = 0; i < n; i++) {
      if (rule === 'xen2' ? cnt[i] < cnt[cpu] : cnt[i] <= cnt[cpu]) cpu = i;
    }
  }
  if (!v.affinity[cpu]) {
    cpu = v.affinity.indexOf(1);
  }
  v.pcpu = cpu;
}
