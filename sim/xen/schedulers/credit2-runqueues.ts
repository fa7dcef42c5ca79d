/**
 * Which pCPUs share a credit2 runqueue: cpu_add_to_runqueue() and cpu_runqueue_match()
 * of xen/common/sched/credit2.c (Xen 4.17), run once at boot for pCPUs 0, 1, 2, … in order.
 *
 * - `credit2_runqueue=cpu|core|socket|node|all` picks the topology level; a pCPU joins the
 *   first runqueue whose first pCPU (pick_bias at creation) is on its core / socket / node.
 * - No runqueue takes more than max_cpus_runq = pCPUs ÷ ⌈pCPUs ÷ 16⌉ pCPUs
 *   (sched_credit2_max_cpus_runqueue, MAX_CPUS_RUNQ 16, so >16 pCPUs are spread evenly over
 *   several queues even with `all`), among matching queues the least full is taken, and
 *   hyperthread siblings always stay together (cpu_runqueue_siblings_match, sched-gran=cpu).
 *
 * Topology model: pCPU i is thread i mod t of core ⌊(i mod s) ÷ t⌋ of socket ⌊i ÷ s⌋ (s pCPUs
 * per socket, t threads per core): siblings are numbered next to each other, as Xen numbers
 * them on most hosts. One NUMA node per socket (the host model has no nodes), so `node`
 * groups as `socket` does.
 * Left out: the boot-time ordering quirk fixed in 4.18 (1f5747ee92: while pCPUs come online
 * one by one, `all` could split a ≤16-pCPU host by socket); here the limit is computed from
 * every pCPU, as the option is documented.
 */
export type RunqueueOption = 'cpu' | 'core' | 'socket' | 'node' | 'all';

/** sched_credit2_max_cpus_runqueue default (MAX_CPUS_RUNQ). */
export const CSCHED2_MAX_CPUS_RUNQ = 16;

export interface RunqueueLayout {
  /** Runqueue of each pCPU. */
  rqOf: Int32Array;
  /** pCPUs of each runqueue, ascending. */
  cpus: number[][];
  /** Hyperthread siblings of each pCPU that share its runqueue (itself included): csched2_pcpu.sibling_mask. */
  siblings: number[][];
}

export function arrangeRunqueues(pcpus: number, option: RunqueueOption, sockets = 1, threadsPerCore = 1): RunqueueLayout {
  const perSocket = Math.max(1, Math.floor(pcpus / Math.max(1, sockets)));
  const tpc = Math.max(1, threadsPerCore);
  const socketOf = (c: number): number => Math.floor(c / perSocket);
  const coreOf = (c: number): number => Math.floor((c % perSocket) / tpc);
  const sameSocket = (a: number, b: number): boolean => socketOf(a) === socketOf(b);
  const sameCore = (a: number, b: number): boolean => sameSocket(a, b) && coreOf(a) === coreOf(b);
  /** cpu_sibling_mask: the threads of c's core (those that exist). */
  const siblingsOf = (c: number): number[] => {
    const out: number[] = [];
    for (let x = 0; x < pcpus; x++) if (sameCore(x, c)) out.push(x);
    return out;
  };

  const minRqs = Math.floor((pcpus - 1) / CSCHED2_MAX_CPUS_RUNQ) + 1;
  const maxCpusRunq = Math.floor(pcpus / minRqs);
  const rqOf = new Int32Array(pcpus).fill(-1);
  const cpus: number[][] = [];
  const firstCpu: number[] = [];

  const matches = (rq: number, c: number): boolean => {
    const peer = firstCpu[rq];
    switch (option) {
      case 'all': return true;
      case 'core': return sameCore(peer, c);
      case 'socket':
      case 'node': return sameSocket(peer, c);
      default: return false; // 'cpu' never finds an existing runqueue
    }
  };
  /** cpu_runqueue_siblings_match: room for c and its siblings, counting every sibling of the queue's pCPUs. */
  const siblingsFit = (rq: number, c: number): boolean => {
    const seen = new Set<number>();
    let total = 0;
    for (const r of cpus[rq]) {
      const sib = siblingsOf(r);
      if (sib.some((x) => seen.has(x))) continue;
      for (const x of sib) seen.add(x);
      total += sib.length;
    }
    return total + siblingsOf(c).length <= maxCpusRunq;
  };

  for (let c = 0; c < pcpus; c++) {
    let valid = -1;
    for (let rq = 0; rq < cpus.length; rq++) {
      if (!matches(rq, c)) continue;
      if (cpus[rq].some((x) => sameCore(x, c))) {
        valid = rq;
        break;
      }
      if (cpus[rq].length < maxCpusRunq && siblingsFit(rq, c)) {
        if (valid < 0 || cpus[rq].length < cpus[valid].length) valid = rq;
      }
    }
    if (valid < 0) {
      valid = cpus.length;
      cpus.push([]);
      firstCpu.push(c);
    }
    cpus[valid].push(c);
    rqOf[c] = valid;
  }
  const siblings: number[][] = [];
  for (let c = 0; c < pcpus; c++) siblings.push(siblingsOf(c).filter((x) => rqOf[x] === rqOf[c]));
  return { rqOf, cpus, siblings };
}
