/**
 * `npm run bench`: prints one line per benchmark, `name key=value …`.
 * Figures go to README's Performance section with the machine they ran on.
 */
import { holdEventsPerSecond } from './hold.js';
import { schedulerBench } from './scheduler.js';
import { schedulerNames } from '../sim/xen/scheduler.js';
import type { SchedulerName } from '../sim/xen/version.js';
import { webBench } from './web.js';
import { scaling, scenarioRun } from './scale.js';
import { sweepBench } from './sweep.js';
import { kernelFloorOf } from './kernel-floor.js';
import { minimalLoopNsPerEvent } from './minimal-loop.js';
import { estateAlternativeFile, estateRun, scaleHosts } from './estate.js';
import { soakRun } from './soak.js';

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

if (!only || only === 'scheduler') {
  // Best of two, so a cold JIT or a busy machine does not set the figure.
  const runs = [schedulerBench(600), schedulerBench(600)];
  const best = runs.reduce((a, r) => (r.simSeconds / r.wallSeconds > a.simSeconds / a.wallSeconds ? r : a));
  line('credit-8dom-4pcpu', { 'sim-s/wall-s': Math.round(best.simSeconds / best.wallSeconds), 'events/s': Math.round(best.events / best.wallSeconds) });
}

if (!only || only === 'schedulers') {
  // Every other policy on the same load (credit's line is above), best of two each.
  for (const name of schedulerNames().filter((n) => n !== 'credit') as SchedulerName[]) {
    const runs = [schedulerBench(600, 8, 4, { name }), schedulerBench(600, 8, 4, { name })];
    const best = runs.reduce((a, r) => (r.simSeconds / r.wallSeconds > a.simSeconds / a.wallSeconds ? r : a));
    line(`${name}-8dom-4pcpu`, { 'sim-s/wall-s': Math.round(best.simSeconds / best.wallSeconds), 'events/s': Math.round(best.events / best.wallSeconds) });
  }
}

if (!only || only === 'web') {
  const runs = [webBench(), webBench()];
  const best = runs.reduce((a, r) => (r.requests / r.wallSeconds > a.requests / a.wallSeconds ? r : a));
  line('web-util-0.8', { 'requests/s': Math.round(best.requests / best.wallSeconds), utilisation: best.utilisation.toFixed(3) });
}

if (!only || only === 'greebo') {
  const r = scenarioRun('scenarios/greebo.yaml');
  line('greebo-42.5d', { 'wall-s': r.wallSeconds.toFixed(2), 'events/s': Math.round(r.events / r.wallSeconds), events: r.events, 'peak-rss-MB': Math.round(r.maxRssMb) });
}

if (!only || only === 'big-host') {
  const r = scenarioRun('scenarios/bench/big-host.yaml');
  line('big-host-64pcpu-512dom-1h', { 'wall-s': r.wallSeconds.toFixed(2), 'events/s': Math.round(r.events / r.wallSeconds), events: r.events, 'peak-rss-MB': Math.round(r.maxRssMb) });
}

if (!only || only === 'scaling') {
  const { byDomains, byHorizon } = scaling();
  for (const p of byDomains) line('scale-domains', { domains: p.domains, 'sim-s': p.simSeconds, events: p.events, 'wall-s': p.wallSeconds.toFixed(2), 'ns/event': Math.round(p.nsPerEvent), 'kernel-ns/event': Math.round(p.kernelNsPerEvent) });
  for (const p of byHorizon) line('scale-horizon', { domains: p.domains, 'sim-s': p.simSeconds, events: p.events, 'wall-s': p.wallSeconds.toFixed(2), 'ns/event': Math.round(p.nsPerEvent) });
  const all = [...byDomains, ...byHorizon].map((p) => p.nsPerEvent);
  line('scale-spread', { 'max/min ns/event': (Math.max(...all) / Math.min(...all)).toFixed(2) });
}

if (!only || only === 'floor') {
  // What any kernel could cost here at the least: a bare sorted array with none of the kernel's guarantees.
  const minimal = Math.min(minimalLoopNsPerEvent(12, 10_000_000), minimalLoopNsPerEvent(12, 10_000_000));
  line('minimal-loop', { N: 12, 'ns/event': minimal.toFixed(1) });
  // The kernel alone, replaying exactly the queue calls of a stretch of each scenario
  // (bench/kernel-floor.ts), against the model's event loop over the same stretch.
  for (const [name, file, fraction] of [['greebo', 'scenarios/greebo.yaml', 0.05], ['big-host', 'scenarios/bench/big-host.yaml', 40 / 3600]] as const) {
    const f = kernelFloorOf(file, fraction, 3);
    line('kernel-floor', {
      scenario: name,
      'stretch-sim-s': Math.round(f.simSeconds),
      events: f.events,
      'model-ns/event': Math.round((f.modelMs * 1e6) / f.events),
      'kernel-ns/event': Math.round((f.kernelMs * 1e6) / f.events),
      'read-ns/event': Math.round((f.readMs * 1e6) / f.events),
      'kernel-share': `${((f.kernelMs / f.modelMs) * 100).toFixed(0)}%`,
      // The replay less its own reading of the calls, scaled from the stretch to the whole horizon.
      'bare-kernel-whole-run-s': ((f.kernelMs - f.readMs) / 1e3 / fraction).toFixed(1),
    });
  }
}

if (!only || only === 'sweep') {
  const r = await sweepBench([1, 2]);
  line(`sweep-${r.runs}`, { 'workers=1 s': r.seconds[1].toFixed(2), 'workers=2 s': r.seconds[2].toFixed(2), speedup: (r.seconds[1] / r.seconds[2]).toFixed(2) });
}

if (!only || only === 'estate') {
  // CloudSim 3.0.3 ran the same day on this machine in 9.4 s without migration and 83–130 s with its policies.
  // The bundled day as it is (1-s trace replay), then the design alternative measured beside it: each
  // trace interval replayed as one burst (period 5min) with 5-minute samples, as CloudSim steps, and
  // lazy bookkeeping (bench/estate.ts).
  for (const [name, file] of [['estate-planetlab', 'scenarios/estate-planetlab.yaml'], ['estate-planetlab-5min', estateAlternativeFile()]] as const) {
    const r = estateRun(file, 2);
    line(name, {
      hosts: r.hosts, guests: r.guests, 'sim-h': (r.simSeconds / 3600).toFixed(0), workers: r.workers, 'wall-s': r.wallSeconds.toFixed(2), 'load-s': r.loadSeconds.toFixed(2),
      events: r.events, 'guest-days/wall-s': ((r.guests * r.simSeconds) / 86400 / r.wallSeconds).toFixed(1), 'peak-rss-MB': Math.round(r.maxRssMb),
      'cloudsim-3.0.3-s': '9.4 (no migration) / 83-130 (migration policies)',
    });
  }
}

if (!only || only === 'scale-hosts') {
  const points = scaleHosts();
  for (const p of points) line('scale-hosts', { hosts: p.hosts, guests: p.guests, 'sim-s': p.simSeconds, events: p.events, 'wall-s': p.wallSeconds.toFixed(2), 'ns/event': Math.round(p.nsPerEvent) });
  const ns = points.map((p) => p.nsPerEvent);
  line('scale-hosts-spread', { 'max/min ns/event': (Math.max(...ns) / Math.min(...ns)).toFixed(2) });
}

if (only === 'soak') {
  // Not in the default set: minutes of wall and gigabytes of output (bench/soak.ts).
  const r = soakRun();
  line('soak', { domains: r.domains, 'sim': r.duration, exit: r.code ?? 'signal', 'wall-s': r.wallSeconds.toFixed(1), 'peak-rss-MB': Math.round(r.maxRssMb), files: r.files, 'bytes-written': r.bytesWritten, 'MB-written': Math.round(r.bytesWritten / 1e6) });
}
