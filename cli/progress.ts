/** A progress line on stderr (TTY only): simulated time done, events/s, ETA. */
import type { Progress } from '../sim/run.js';

export function progressPrinter(stream: NodeJS.WriteStream): { update(p: Progress): void; done(): void } {
  const start = Date.now();
  let shown = false;
  return {
    update(p: Progress): void {
      const elapsed = (Date.now() - start) / 1000;
      if (elapsed < 1) return;
      const frac = p.durationNs > 0 ? Math.min(1, p.simNs / p.durationNs) : 0;
      const eta = frac > 0 ? elapsed / frac - elapsed : 0;
      const width = 30;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      stream.write(`\r[${bar}] ${(frac * 100).toFixed(1)}%  ${(p.events / elapsed / 1e6).toFixed(2)} M events/s  ETA ${eta.toFixed(0)} s   `);
      shown = true;
    },
    done(): void {
      if (shown) stream.write('\n');
    },
  };
}
