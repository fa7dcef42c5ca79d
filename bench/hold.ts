/**
 * The hold model, the classic event-list benchmark: N entities, each rescheduling
 * itself after a delay drawn uniformly from [0, 2N). Measures the kernel alone
 * (heap, dispatch, one random draw per event).
 */
import { Simulator } from '../sim/engine/simulator.js';
import { RandomStream } from '../sim/engine/random.js';

export function holdEventsPerSecond(n: number, events: number): number {
  const sim = new Simulator(n + 16);
  const rng = new RandomStream(1, 'hold');
  const span = 2 * n;
  const kind = sim.register((target, now) => {
    sim.schedule(now + rng.uniform() * span, kind, target);
  });
  for (let i = 0; i < n; i++) sim.schedule(rng.uniform() * span, kind, i);
  // Warm up so the JIT has compiled the loop, then measure.
  sim.run({ untilNs: Infinity, maxEvents: Math.min(events, 200_000) });
  const start = sim.events;
  const t0 = process.hrtime.bigint();
  sim.run({ untilNs: Infinity, maxEvents: start + events });
  const wallNs = Number(process.hrtime.bigint() - t0);
  return ((sim.events - start) * 1e9) / wallNs;
}
