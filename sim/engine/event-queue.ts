/**
 * The pending-event set, ordered by (time, insertion sequence) so that events at the
 * same instant come out first-in first-out — determinism by construction.
 *
 * Three layouts, one order, chosen by size: a sorted array (sorted-events.ts) while
 * the set holds under a hundred entries (greebo's dozen: a pop takes the last element and
 * an insert shifts one or two), a 4-ary heap (event-heap.ts) up to CALENDAR_FROM, and a
 * calendar queue (calendar-queue.ts) from there on (a host of dozens of pCPUs, the
 * hold model), where its O(1) insert and pop beat the heap's log-depth sifts: by up to
 * two times on the hold model, and already at 150 entries on a 16-pCPU host, whose
 * heap pops had unpredictable branches on every level (docs/performance.md).
 * Entries move across in sorted order, keeping their sequence numbers, when the size
 * crosses a line upwards (HEAP_FROM, CALENDAR_FROM) or a lower one downwards
 * (SORTED_BELOW, HEAP_BELOW), so a size wavering at one line does not move them back
 * and forth. Which layout holds the entries never changes what comes out, only how
 * fast.
 *
 * Each entry carries an event kind, a target (an integer handle the model owns), and a
 * timer slot with its generation for lazy cancellation (see simulator.ts).
 */
import { CalendarQueue } from './calendar-queue.js';
import { EventHeap } from './event-heap.js';
import type { PoppedEntry } from './popped-entry.js';
import { SortedEvents } from './sorted-events.js';

/** Size at which the entries move from the sorted array to the heap. */
export const HEAP_FROM = 96;
/** Size below which they move back to the sorted array. */
export const SORTED_BELOW = 32;
/** Size at which the entries move to the calendar queue. */
export const CALENDAR_FROM = 128;
/** Size below which they move back to the heap. */
export const HEAP_BELOW = 64;

const SORTED = 0;
const HEAP = 1;
const CALENDAR = 2;
type Layout = SortedEvents | EventHeap | CalendarQueue;

export class EventQueue implements PoppedEntry {
  private readonly sorted: SortedEvents;
  private readonly heap: EventHeap;
  private readonly calendar: CalendarQueue;
  private layout = SORTED;
  private nextSeq = 0;
  private readonly moving: PoppedEntry = { outTime: 0, outSeq: 0, outKind: 0, outTarget: 0, outTimer: -1, outGen: 0 };
  size = 0;

  /** Fields of the entry last removed by pop(): read them right after the call. */
  outTime = 0;
  outSeq = 0;
  outKind = 0;
  outTarget = 0;
  outTimer = -1;
  outGen = 0;

  constructor(initialCapacity = 1024) {
    this.sorted = new SortedEvents(HEAP_FROM);
    this.heap = new EventHeap(Math.min(initialCapacity, 2 * CALENDAR_FROM));
    this.calendar = new CalendarQueue(initialCapacity > CALENDAR_FROM ? initialCapacity : 4);
  }

  /** Entries the current layout holds without growing. */
  get capacity(): number {
    return this.current().capacity;
  }

  /** Whether the entries are in the calendar queue (for tests and benchmarks). */
  get usesCalendar(): boolean {
    return this.layout === CALENDAR;
  }

  /** Whether the entries are in the sorted array (for tests and benchmarks). */
  get usesSortedArray(): boolean {
    return this.layout === SORTED;
  }

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    const l = this.layout;
    return l === SORTED ? this.sorted.peekTime() : l === HEAP ? this.heap.peekTime() : this.calendar.peekTime();
  }

  /** Insertion sequence of the earliest entry; +Infinity when empty. */
  peekSeq(): number {
    const l = this.layout;
    return l === SORTED ? this.sorted.peekSeq() : l === HEAP ? this.heap.peekSeq() : this.calendar.peekSeq();
  }

  /**
   * Hands out the next insertion sequence number without queueing anything, for an
   * event kept outside the queue (the simulator's same-instant FIFO) that must still
   * order against the queue's entries.
   */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** The sequence number takeSeq() or push() will hand out next. */
  peekNextSeq(): number {
    return this.nextSeq;
  }

  push(time: number, kind: number, target: number, timer: number, gen: number): void {
    this.pushWithSeq(time, this.nextSeq++, kind, target, timer, gen);
  }

  /**
   * Queues an entry under a sequence number handed out earlier by takeSeq(): it orders
   * exactly as if it had been pushed then (the simulator's timers queue a re-armed
   * timer's entry late this way, see simulator.ts).
   */
  pushWithSeq(time: number, seq: number, kind: number, target: number, timer: number, gen: number): void {
    const n = ++this.size;
    const l = this.layout;
    if (l === SORTED) {
      this.sorted.push(time, seq, kind, target, timer, gen);
      if (n >= HEAP_FROM) this.move(this.sorted, this.heap, HEAP);
    } else if (l === HEAP) {
      this.heap.push(time, seq, kind, target, timer, gen);
      if (n >= CALENDAR_FROM) this.move(this.heap, this.calendar, CALENDAR);
    } else {
      this.calendar.push(time, seq, kind, target, timer, gen);
    }
  }

  /** Removes the earliest entry into the out* fields. Returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const n = --this.size;
    const l = this.layout;
    if (l === SORTED) {
      this.sorted.pop(this);
    } else if (l === HEAP) {
      this.heap.pop(this);
      if (n < SORTED_BELOW) this.move(this.heap, this.sorted, SORTED);
    } else {
      this.calendar.pop(this);
      if (n < HEAP_BELOW) this.move(this.calendar, this.heap, HEAP);
    }
    return true;
  }

  clear(): void {
    this.sorted.clear();
    this.heap.clear();
    this.calendar.clear();
    this.layout = SORTED;
    this.size = 0;
  }

  private current(): Layout {
    return this.layout === SORTED ? this.sorted : this.layout === HEAP ? this.heap : this.calendar;
  }

  /** Moves every entry from one layout to another, in order, keeping its sequence. */
  private move(from: Layout, to: Layout, layout: number): void {
    // Not through this queue's own out* fields: a move can follow a pop whose entry
    // the caller has yet to read.
    const e = this.moving;
    while (from.size > 0) {
      from.pop(e);
      to.push(e.outTime, e.outSeq, e.outKind, e.outTarget, e.outTimer, e.outGen);
    }
    this.layout = layout;
  }
}
