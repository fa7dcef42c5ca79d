/**
 * The cheapest event loop this machine runs: the hold model on a bare sorted array of
 * N entries (times and kinds, popped from the end), dispatch through a handler table,
 * one draw of the project's random stream per event — and none of the kernel's
 * guarantees (no sequence numbers for same-instant order, no timers or cancellation, no
 * growth, no horizon or stop checks). It bounds from below what any event kernel could
 * cost per event here, to set beside the real one's floor (bench/kernel-floor.ts).
 */
import { RandomStream } from '../sim/engine/random.js';

export function minimalLoopNsPerEvent(n: number, events: number): number {
  const capacity = n + 1;
  const time = new Float64Array(capacity);
  const kind = new Int32Array(capacity);
  let size = 0;
  const rng = new RandomStream(1, 'minimal-loop');
  const span = 2 * n;
  // Descending by time, so the earliest is last and a pop is size-1.
  const push = (at: number, k: number): void => {
    let i = size++;
    while (i > 0 && time[i - 1] < at) {
      time[i] = time[i - 1];
      kind[i] = kind[i - 1];
      i--;
    }
    time[i] = at;
    kind[i] = k;
  };
  const handlers: ((target: number, now: number) => void)[] = [];
  for (let h = 0; h < 8; h++) handlers.push((target, now) => push(now + rng.uniform() * span, target));
  for (let i = 0; i < n; i++) push(rng.uniform() * span, i);
  const run = (count: number): void => {
    for (let e = 0; e < count; e++) {
      const i = --size;
      handlers[kind[i] & 7](kind[i], time[i]);
    }
  };
  run(Math.min(events, 1_000_000)); // warm the JIT
  const t0 = process.hrtime.bigint();
  run(events);
  return Number(process.hrtime.bigint() - t0) / events;
}
