/**
 * `npm run bench`: prints one line per benchmark, `name key=value …`.
 * Figures go to README's Performance section with the machine they ran on.
 */
import { holdEventsPerSecond } from './hold.js';

const only = process.argv[2];

function line(name: string, fields: Record<string, string | number>): void {
  console.log(`${name} ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

if (!only || only === 'hold') {
  for (const n of [1_000, 100_000]) {
    const best = Math.max(holdEventsPerSecond(n, 5_000_000), holdEventsPerSecond(n, 5_000_000));
    line('hold', { N: n, 'events/s': Math.round(best) });
  }
}
