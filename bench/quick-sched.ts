import { Simulator } from '../sim/engine/simulator.js';
import { Host } from '../sim/xen/host.js';
import { createScheduler } from '../sim/xen/scheduler.js';
import '../sim/xen/schedulers/credit.js';
import '../sim/xen/schedulers/rr.js';
import { BusySource } from '../sim/xen/simple-sources.js';
import type { DomainSpec } from '../sim/scenario/types.js';

function dom(name: string, weight: number, cap = 0, vcpus = 1, cpus?: number[]): DomainSpec {
  return { name, type: 'pv', memoryMb: 128, maxmemMb: 128, vcpus, weight, cap, cpus, vbds: [], vifs: [], workload: { kind: 'idle' }, startNs: 0 };
}
for (const sched of ['credit', 'rr'] as const) {
  const sim = new Simulator();
  const host = new Host(sim, { pcpus: 1, ghz: 1, ipc: 1 });
  host.setScheduler(createScheduler(host, { name: sched, accounting: process.env.ACC as any }));
  const ds = [dom('a', 128), dom('b', 256), dom('c', 512)].map((s) => host.addDomain(s));
  const src = new BusySource(host);
  for (const v of host.vcpus) host.setSource(v, src);
  for (const d of ds) host.scheduleLifetime(d);
  const t0 = Date.now();
  sim.run({ untilNs: 60e9 });
  host.settle(sim.now);
  console.log(sched, ds.map((d) => (d.vcpus[0].cpuNs / 60e9).toFixed(4)).join(' '), 'events', sim.events, 'ms', Date.now() - t0);
}
{
  const sim = new Simulator();
  const host = new Host(sim, { pcpus: 2, ghz: 1, ipc: 1 });
  host.setScheduler(createScheduler(host, { name: 'credit' }));
  const ds = [dom('capped', 256, 25)].map((s) => host.addDomain(s));
  const src = new BusySource(host);
  for (const v of host.vcpus) host.setSource(v, src);
  for (const d of ds) host.scheduleLifetime(d);
  sim.run({ untilNs: 60e9 });
  host.settle(sim.now);
  console.log('cap25', (ds[0].vcpus[0].cpuNs / 60e9).toFixed(4));
}
{
  const sim = new Simulator();
  const host = new Host(sim, { pcpus: 2, ghz: 1, ipc: 1 });
  host.setScheduler(createScheduler(host, { name: 'credit' }));
  const ds = [dom('a', 256), dom('b', 256), dom('c', 256), dom('d', 256)].map((s) => host.addDomain(s));
  const src = new BusySource(host);
  for (const v of host.vcpus) host.setSource(v, src);
  for (const d of ds) host.scheduleLifetime(d);
  sim.run({ untilNs: 60e9 });
  host.settle(sim.now);
  console.log('4on2', ds.map((d) => (d.vcpus[0].cpuNs / 60e9).toFixed(4)).join(' '), host.pcpus.map(p=>p.busyNs/60e9));
}
{
  const sim = new Simulator();
  const host = new Host(sim, { pcpus: 2, ghz: 1, ipc: 1 });
  host.setScheduler(createScheduler(host, { name: 'credit' }));
  const ds = [dom('a', 256, 0,1,[0]), dom('b', 256,0,1,[0]), dom('c', 256,0,1,[0]), dom('d', 256,0,1,[1])].map((s) => host.addDomain(s));
  const src = new BusySource(host);
  for (const v of host.vcpus) host.setSource(v, src);
  for (const d of ds) host.scheduleLifetime(d);
  sim.run({ untilNs: 60e9 });
  host.settle(sim.now);
  console.log('pinned', ds.map((d) => (d.vcpus[0].cpuNs / 60e9).toFixed(4)).join(' '));
}
