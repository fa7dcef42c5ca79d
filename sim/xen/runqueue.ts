/**
 * A per-pCPU runqueue, optionally ordered by priority (higher first), first-in first-out
 * within a priority: Xen credit1's __runq_insert puts a vCPU before the first one of
 * strictly lower priority. The priorities are the policy's own, by vcpu.index. Intrusive doubly-linked list through Vcpu.next/prev, so queueing
 * allocates nothing.
 */
import type { Vcpu } from './vcpu.js';

/** vCPUs queued on all of a host's runqueues together (lets load balancing skip an empty host). */
export interface QueuedCount {
  n: number;
}

export class RunQueue {
  head: Vcpu | null = null;
  tail: Vcpu | null = null;
  length = 0;

  constructor(private readonly total: QueuedCount = { n: 0 }) {}

  /** Inserts at the tail of its priority class (before the first of lower priority). */
  insertByPriority(v: Vcpu, pri: Int8Array): void {
    const p = pri[v.index];
    let at = this.head;
    while (at !== null && pri[at.index] >= p) at = at.next;
    this.insertBefore(v, at);
  }

  pushHead(v: Vcpu): void {
    this.insertBefore(v, this.head);
  }

  pushTail(v: Vcpu): void {
    this.insertBefore(v, null);
  }

  remove(v: Vcpu): void {
    if (!v.queued) return;
    if (v.prev !== null) v.prev.next = v.next; else this.head = v.next;
    if (v.next !== null) v.next.prev = v.prev; else this.tail = v.prev;
    v.next = v.prev = null;
    v.queued = false;
    this.length--;
    this.total.n--;
  }

  /** Re-sorts by priority, stably (after accounting changed priorities). */
  sort(pri: Int8Array): void {
    if (this.length < 2) return;
    let v = this.head!.next;
    while (v !== null) {
      const nxt = v.next;
      if (v.prev !== null && pri[v.prev.index] < pri[v.index]) {
        this.remove(v);
        this.insertByPriority(v, pri);
      }
      v = nxt;
    }
  }

  private insertBefore(v: Vcpu, at: Vcpu | null): void {
    v.next = at;
    if (at === null) {
      v.prev = this.tail;
      if (this.tail !== null) this.tail.next = v; else this.head = v;
      this.tail = v;
    } else {
      v.prev = at.prev;
      if (at.prev !== null) at.prev.next = v; else this.head = v;
      at.prev = v;
    }
    v.queued = true;
    this.length++;
    this.total.n++;
  }
}
