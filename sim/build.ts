/**
 * Scenario → live host: hardware, hypervisor, Dom0 and the guests, their compiled
 * workloads, memory, I/O, the timeline and the statistics collector. Nothing runs
 * here; sim/run.ts drives the clock.
 */
import { Simulator } from './engine/simulator.js';
import { RandomStreams } from './engine/random.js';
import type { DomainSpec, Scenario } from './scenario/types.js';
import type { DomainRuntime, HostRuntime } from './runtime.js';
import { ResponseTimes } from './stats/response-times.js';
import { Collector } from './stats/collector.js';
import { chooseSampleNs } from './stats/sample-interval.js';
import { costTable } from './workload/costs.js';
import { attachWorkload, mixCosts, newIoStats, type BuiltRun } from './build-workload.js';

export type { BuiltRun };
import type { Domain } from './xen/domain.js';
import { HostGuestServices } from './xen/guest-services.js';
import { Host } from './xen/host.js';
import { Dom0Backend } from './xen/io/dom0-backend.js';
import { SplitDriverIo, type VbdBinding, type VifBinding } from './xen/io/split-driver.js';
import { Disk, SEEK_SPAN_SECTORS } from './hw/disk.js';
import { Nic, TokenBucket } from './hw/nic.js';
import { balloonTraits, MemoryModel } from './xen/memory.js';
import { createScheduler } from './xen/scheduler.js';
import './xen/schedulers/index.js';
import { buildCluster } from './build-cluster.js';



export function buildRun(scenario: Scenario, seed: number, endNs: number): BuiltRun {
  if (scenario.hosts !== undefined) return buildCluster(scenario, seed, endNs);
  const sim = new Simulator(4096);
  const streams = new RandomStreams(seed);
  const hs = scenario.host;
  const host = new Host(sim, { pcpus: hs.pcpus, ghz: hs.ghz, ipc: hs.ipc, sockets: hs.sockets, threadsPerCore: hs.threadsPerCore });
  host.setScheduler(createScheduler(host, scenario.scheduler));
  const memory = new MemoryModel(sim, hs.memoryMb, hs.xenReservedMb, scenario.memory);
  const specs: DomainSpec[] = [scenario.dom0, ...scenario.domains];
  const domains: Domain[] = specs.map((s) => host.addDomain(s));
  for (const d of domains) {
    const floor = d.isDom0 ? Math.min(scenario.memory.dom0MinMb, d.spec.memoryMb) : Math.min(d.spec.memoryMb, 32);
    memory.add(d.id, d.name, d.spec.memoryMb, d.spec.maxmemMb, floor, balloonTraits(d.spec));
  }
  const warnings: string[] = [];
  const dom0 = domains[0];
  const dom0Costs = mixCosts(costTable(dom0.spec.type), hs.ipc, new Float64Array(0));
  const backend = new Dom0Backend(host, dom0, 1 / dom0Costs.plainCpi);
  const disks = hs.disks.map((d) => new Disk(d));
  const io = new SplitDriverIo(sim, host, disks, backend, scenario.io, dom0Costs.plainCpi);
  const drs: DomainRuntime[] = domains.map((d) => ({
    domain: d,
    source: null,
    arrivals: null,
    responses: new ResponseTimes(),
    io: newIoStats(),
    swapVbd: d.spec.vbds.length > 1 ? 1 : 0,
  }));
  const services = new HostGuestServices(drs, memory, io);
  const nics = hs.nics.map((n) => new Nic(n));
  const rt: HostRuntime = { scenario, seed, endNs, sim, host, domains: drs, memory, io, nics, warnings };
  io.recordResponse = (id, ns) => drs[id].responses.record(ns);

  const starters: ((now: number) => void)[] = [];
  for (const dr of drs) starters[dr.domain.id] = attachWorkload(rt, dr, dr.domain.spec.workload, services, streams, mixCosts);
  // Dom0 runs the backends first and its own workload (if any) when they are idle.
  backend.own = drs[0].source;
  for (const v of dom0.vcpus) host.setSource(v, backend);
  attachDevices(scenario, drs, io, disks, nics, streams);

  // Creation: Dom0 at boot, then the guests in order at their start times.
  const evCreate = sim.register((id, now) => {
    const d = domains[id];
    const err = memory.create(id, now);
    if (err !== undefined) {
      d.failed = err;
      warnings.push(`${(now / 1e9).toFixed(3)} s: ${err}`);
      return;
    }
    host.createDomain(d, now);
    starters[id](now);
  });
  const evDestroy = sim.register((id, now) => {
    host.destroyDomain(domains[id], now);
    memory.destroy(id, now);
  });
  for (const d of domains) {
    sim.schedule(d.spec.startNs, evCreate, d.id);
    if (d.spec.stopNs !== undefined) sim.schedule(d.spec.stopNs, evDestroy, d.id);
  }
  scheduleTimeline(rt, evDestroy);
  memory.startAutoPolicy(0, 0);

  const sampleNs = scenario.sampleNs > 0 ? scenario.sampleNs : chooseSampleNs(endNs);
  const collector = new Collector(sim, rt, sampleNs);
  collector.start();
  return { rt, collector };
}

/** Binds each domain's vbds to host disks and its first vif to a NIC through its bridge. */
function attachDevices(scenario: Scenario, drs: DomainRuntime[], io: SplitDriverIo, disks: Disk[], nics: Nic[], streams: RandomStreams): void {
  const hs = scenario.host;
  const links = new Map(nics.map((n) => [n.name, n]));
  const bridgeNic = new Map(hs.bridges.map((b) => [b.name, b.nic]));
  // Spread the vbds of each disk over its seek span, one region each.
  const perDisk = new Map<string, number>();
  for (const dr of drs) for (const v of dr.domain.spec.vbds) perDisk.set(v.hostDisk, (perDisk.get(v.hostDisk) ?? 0) + 1);
  const placed = new Map<string, number>();
  for (const dr of drs) {
    const spec = dr.domain.spec;
    const vbds: VbdBinding[] = [];
    for (const v of spec.vbds) {
      const device = disks.findIndex((d) => d.name === v.hostDisk);
      if (device < 0) continue;
      const n = perDisk.get(v.hostDisk)!;
      const k = placed.get(v.hostDisk) ?? 0;
      placed.set(v.hostDisk, k + 1);
      const sectors = Math.floor(SEEK_SPAN_SECTORS / n);
      vbds.push({ device, baseSector: k * sectors, sectors });
    }
    let vif: VifBinding | null = null;
    const first = spec.vifs[0];
    if (first !== undefined) {
      const nicName = (first.bridge !== undefined ? bridgeNic.get(first.bridge) : undefined) ?? hs.nics[0]?.name;
      const link = nicName !== undefined ? links.get(nicName) : undefined;
      if (link !== undefined) {
        const bucket = first.rateBps !== undefined ? new TokenBucket(first.rateBps) : null;
        vif = { tx: link.tx, rx: link.rx, limit: bucket !== null ? (bytes, now) => bucket.delay(bytes, now) : null };
      }
    }
    io.attach(dr.domain.id, vbds, vif, streams.get(`io:${dr.domain.name}`), dr.io, dr.arrivals);
  }
}


function scheduleTimeline(rt: HostRuntime, evDestroy: number): void {
  const { sim, host, memory, scenario } = rt;
  const byName = new Map(rt.domains.map((dr) => [dr.domain.name, dr.domain]));
  const actions = scenario.timeline;
  const ev = sim.register((i, now) => {
    const a = actions[i].action;
    // The loader refuses migrations without a second host; nothing to do here.
    if (a.kind === 'migrate' || a.kind === 'evacuate') return;
    const d = byName.get(a.domain);
    if (d === undefined || d.createdAtNs < 0 || d.failed !== undefined) {
      rt.warnings.push(`${(now / 1e9).toFixed(3)} s: ${a.kind === 'sched' ? a.command : a.kind} of '${a.domain}' ignored: the domain is not running`);
      return;
    }
    switch (a.kind) {
      case 'mem-set':
        memory.setTarget(d.id, a.memoryMb, now);
        break;
      case 'sched':
        host.scheduler.adjust?.(d, a.change, now);
        break;
      case 'pause':
        if (!d.paused) { d.paused = true; for (const v of d.vcpus) host.pause(v, now); }
        break;
      case 'unpause':
        if (d.paused) { d.paused = false; for (const v of d.vcpus) host.unpause(v, now); }
        break;
      case 'destroy':
        sim.schedule(now, evDestroy, d.id);
        break;
    }
  });
  actions.forEach((t, i) => sim.schedule(t.atNs, ev, i));
}
