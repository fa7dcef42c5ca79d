/**
 * A progress line on stderr (TTY only): simulated time done of the total, events/s, ETA.
 * For an estate the total is every host group's horizon (`host-days` and so on).
 */
import type { Progress } from '../sim/run.js';

const UNITS: [number, string][] = [[86400e9, 'd'], [3600e9, 'h'], [60e9, 'min'], [1e9, 's']];

/** `12.5 of 42.5 d`, in the largest unit the total reaches. */
export function simulatedText(simNs: number, totalNs: number, per = ''): string {
  const [ns, unit] = UNITS.find(([u]) => totalNs >= u) ?? [1e6, 'ms'];
  const name = per === '' ? unit : `${per}-${{ d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'ms' }[unit]}`;
  const digits = totalNs / ns >= 100 ? 0 : 1;
  return `${(simNs / ns).toFixed(digits)} of ${(totalNs / ns).toFixed(digits)} ${name}`;
}

/** `18.0 h`: an amount of simulated time in the largest unit it reaches. */
export function simulatedSpan(ns: number): string {
  const [unit, name] = UNITS.find(([u]) => ns >= u) ?? [1e6, 'ms'];
  return `${(ns / unit).toFixed(ns / unit >= 100 ? 0 : 1)} ${name}`;
}

export function progressPrinter(stream: NodeJS.WriteStream, options: { per?: string } = {}): { update(p: Progress): void; done(): void } {
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
      stream.write(`\r[${bar}] ${(frac * 100).toFixed(1)}%  ${simulatedText(p.simNs, p.durationNs, options.per)}  ${(p.events / elapsed / 1e6).toFixed(2)} M events/s  ETA ${eta.toFixed(0)} s   `);
      shown = true;
    },
    done(): void {
      if (shown) stream.write('\n');
    },
  };
}
