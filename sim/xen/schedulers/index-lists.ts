/**
 * Intrusive doubly-linked lists over integer nodes (vCPU indices), as the `struct
 * list_head` queues of Xen's sched_sedf.c and sched_bvt.c: a family of lists (one or
 * more per pCPU) in which each node is on at most one list at a time. Links are typed
 * arrays, so queueing allocates nothing; `grow` is called only when a vCPU is inserted
 * (domain creation), never per event.
 */
import { grownTo } from './grow.js';

const NONE = -1;

export class IndexLists {
  /** Next and previous node on the node's list, or −1. */
  private next: Int32Array;
  private prev: Int32Array;
  /** The list a node is on, or −1. */
  private owner: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;

  constructor(lists: number, nodes: number) {
    this.head = new Int32Array(lists).fill(NONE);
    this.tail = new Int32Array(lists).fill(NONE);
    this.next = new Int32Array(nodes).fill(NONE);
    this.prev = new Int32Array(nodes).fill(NONE);
    this.owner = new Int32Array(nodes).fill(NONE);
  }

  /** Makes room for nodes 0..nodes−1 (at vCPU insertion, not per event). */
  grow(nodes: number): void {
    if (nodes <= this.owner.length) return;
    const n = Math.max(nodes, this.owner.length * 2);
    const widen = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n).fill(NONE);
      b.set(a);
      return b;
    };
    this.next = widen(this.next);
    this.prev = widen(this.prev);
    this.owner = widen(this.owner);
  }

  /** On some list of this family (Xen's __task_on_queue / extraq_on). */
  on(node: number): boolean {
    return this.owner[node] !== NONE;
  }

  listOf(node: number): number {
    return this.owner[node];
  }

  first(list: number): number {
    return this.head[list];
  }

  after(node: number): number {
    return this.next[node];
  }

  empty(list: number): boolean {
    return this.head[list] === NONE;
  }

  /** Inserts before `before` (a node on `list`), or at the tail when it is −1. */
  insertBefore(list: number, node: number, before: number): void {
    this.owner[node] = list;
    this.next[node] = before;
    if (before === NONE) {
      const t = this.tail[list];
      this.prev[node] = t;
      if (t !== NONE) this.next[t] = node; else this.head[list] = node;
      this.tail[list] = node;
    } else {
      const p = this.prev[before];
      this.prev[node] = p;
      if (p !== NONE) this.next[p] = node; else this.head[list] = node;
      this.prev[before] = node;
    }
  }

  pushHead(list: number, node: number): void {
    this.insertBefore(list, node, this.head[list]);
  }

  pushTail(list: number, node: number): void {
    this.insertBefore(list, node, NONE);
  }

  remove(node: number): void {
    const list = this.owner[node];
    if (list === NONE) return;
    const p = this.prev[node];
    const n = this.next[node];
    if (p !== NONE) this.next[p] = n; else this.head[list] = n;
    if (n !== NONE) this.prev[n] = p; else this.tail[list] = p;
    this.next[node] = this.prev[node] = this.owner[node] = NONE;
  }
}

/** Grows a typed array to at least `n` entries, keeping its contents (vCPU insertion only). */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number, fill = 0): T {
  if (n <= a.length) return a;
  return grownTo(a, Math.max(n, a.length * 2, 8), fill);
}
