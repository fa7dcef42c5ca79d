/**
 * The pending-event set, ordered by (time, insertion sequence) so that events at the
 * same instant come out first-in first-out — determinism by construction.
 *
 * Two layouts, one order: a 4-ary heap (event-heap.ts) while the set is small, where a
 * sift is two or three levels and beats anything cleverer, and a calendar queue
 * (calendar-queue.ts) once it holds thousands of entries (a big host's timers, the
 * hold model), where its O(1) insert and pop beat the heap's log-depth sifts by up to
 * two times (docs/performance.md). Entries move across in sorted order, keeping their
 * sequence numbers, when the size crosses CALENDAR_FROM upwards or HEAP_BELOW
 * downwards (apart, so a size wavering at one line does not move them back and forth).
 * Which layout holds the entries never changes what comes out, only how fast.
 *
 * Each entry carries an event kind, a target (an integer handle the model owns), and a
 * timer slot with its generation for lazy cancellation (see simulator.ts).
 */
import { CalendarQueue } from './calendar-queue.js';
import { EventHeap } from './event-heap.js';
import type { PoppedEntry } from './popped-entry.js';

/** Size at which the entries move to the calendar queue. */
export const CALENDAR_FROM = 512;
/** Size below which they move back to the heap. */
export const HEAP_BELOW = 128;

export class EventQueue implements PoppedEntry {
  private readonly heap: EventHeap;
  private readonly calendar: CalendarQueue;
  private inCalendar = false;
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
    this.heap = new EventHeap(Math.min(initialCapacity, 2 * CALENDAR_FROM));
    this.calendar = new CalendarQueue(initialCapacity > CALENDAR_FROM ? initialCapacity : 4);
  }

  /** Entries the current layout holds without growing. */
  get capacity(): number {
    return this.inCalendar ? this.calendar.capacity : this.heap.capacity;
  }

  /** Whether the entries are in the calendar queue (for tests and benchmarks). */
  get usesCalendar(): boolean {
    return this.inCalendar;
  }

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    return this.inCalendar ? this.calendar.peekTime() : this.heap.peekTime();
  }

  /** Insertion sequence of the earliest entry; +Infinity when empty. */
  peekSeq(): number {
    return this.inCalendar ? this.calendar.peekSeq() : this.heap.peekSeq();
  }

  /**
   * Hands out the next insertion sequence number without queueing anything, for an
   * event kept outside the queue (the simulator's same-instant FIFO) that must still
   * order against the queue's entries.
   */
  takeSeq(): number {
    return this.nextSeq++;
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
    this.size++;
    if (this.inCalendar) {
      this.calendar.push(time, seq, kind, target, timer, gen);
    } else {
      this.heap.push(time, seq, kind, target, timer, gen);
      if (this.size >= CALENDAR_FROM) this.move(this.heap, this.calendar, true);
    }
  }

  /** Removes the earliest entry into the out* fields. Returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    this.size--;
    if (this.inCalendar) {
      this.calendar.pop(this);
      if (this.size < HEAP_BELOW) this.move(this.calendar, this.heap, false);
    } else {
      this.heap.pop(this);
    }
    return true;
  }

  clear(): void {
    this.heap.clear();
    this.calendar.clear();
    this.inCalendar = false;
    this.size = 0;
  }

  /** Moves every entry from one layout to the other, in order, keeping its sequence. */
  private move(from: EventHeap | CalendarQueue, to: EventHeap | CalendarQueue, toCalendar: boolean): void {
    // Not through this queue's own out* fields: a move can follow a pop whose entry
    // the caller has yet to read.
    const e = this.moving;
    while (from.size > 0) {
      from.pop(e);
      to.push(e.outTime, e.outSeq, e.outKind, e.outTarget, e.outTimer, e.outGen);
    }
    this.inCalendar = toCalendar;
  }
}
