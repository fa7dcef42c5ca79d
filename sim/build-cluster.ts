/**
 * Scenario with several hosts (`hosts:`) → live hosts on ONE simulator (one clock): each
 * host its own Host, scheduler, MemoryModel, Dom0 and Dom0 backend, split driver, disks
 * and NICs; the guests placed on their home host; the links between hosts and the
 * migration model (sim/xen/migration.ts); the timeline and the collector.
 *
 * Every host holds a copy of every guest (Domain + vCPUs, offline until the guest is
 * there), so a migration is a switch from one copy to another. The copies' vCPUs get the
 * same index on every host: after Dom0 each host has a padding domain (never created)
 * so that Dom0 + padding has as many vCPUs everywhere. The workload of a guest is built
 * once and talks to its DomainPlacement, which forwards to the host it is on.
 *
 * A single-host scenario never comes here (sim/build.ts builds it exactly as before).
 */
import { Simulator } from './engine/simulator.js';
import { RandomStreams } from './engine/random.js';
import type { DomainSpec, HostSpec, Scenario } from './scenario/types.js';
import type { ClusterRuntime, DomainRuntime, HostRuntime } from './runtime.js';
import { attachWorkload, mixCosts, newIoStats, type BuiltRun } from './build-workload.js';
import { Histogram } from './stats/histogram.js';
import { ResponseTimes } from './stats/response-times.js';
import { ClusterCollector } from './stats/cluster-collector.js';
import { latencySummary } from './stats/collector.js';
import { chooseSampleNs } from './stats/sample-interval.js';
import { costTable } from './workload/costs.js';
import type { Domain } from './xen/domain.js';
import { HostGuestServices } from './xen/guest-services.js';
import { Host } from './xen/host.js';
import { Dom0Backend } from './xen/io/dom0-backend.js';
import { SplitDriverIo, type VbdBinding, type VifBinding } from './xen/io/split-driver.js';
import { Disk, SEEK_SPAN_SECTORS } from './hw/disk.js';
import { Nic, TokenBucket } from './hw/nic.js';
import { balloonTraits, MemoryModel } from './xen/memory.js';
import { MigrationManager } from './xen/migration.js';
import type { HostPort } from './xen/host-port.js';
import { DomainPlacement } from './xen/placement.js';
import { createScheduler } from './xen/scheduler.js';
import './xen/schedulers/index.js';

/** A guest's copy on a host other than its home: pins that do not exist there are dropped. */
function copySpec(g: DomainSpec, h: HostSpec): DomainSpec {
  const cpus = g.cpus?.filter((c) => c < h.pcpus);
  return { ...g, cpus: cpus !== undefined && cpus.length > 0 ? cpus : undefined };
}

function paddingSpec(vcpus: number): DomainSpec {
  return { name: '(padding)', type: 'pv', memoryMb: 0, maxmemMb: 0, vcpus, weight: 256, cap: 0, vbds: [], vifs: [], workload: { kind: 'idle' }, startNs: Infinity };
}

export function buildCluster(scenario: Scenario, seed: number, endNs: number): BuiltRun {
  const places = scenario.hosts!;
  const sim = new Simulator(4096);
  const streams = new RandomStreams(seed);
  const warnings: string[] = [];
  const guestsSpec = scenario.domains;
  const home = guestsSpec.map((g) => Math.max(0, places.findIndex((p) => p.spec.name === g.host)));
  const dom0Vcpus = Math.max(...places.map((p) => p.dom0.vcpus));

  // One runtime per guest, shared by its copies; Dom0s have their own.
  const guests: DomainRuntime[] = guestsSpec.map(() => ({
    domain: null as unknown as Domain, source: null, arrivals: null, responses: new ResponseTimes(),
    io: newIoStats(), swapVbd: 0, twins: [], hostIndex: 0, phaseResponses: new Histogram(), windowResponses: null,
  }));

  const hosts: HostRuntime[] = places.map((pl, k) => {
    const hs = pl.spec;
    const host = new Host(sim, { pcpus: hs.pcpus, ghz: hs.ghz, ipc: hs.ipc, sockets: hs.sockets, threadsPerCore: hs.threadsPerCore });
    host.setScheduler(createScheduler(host, pl.scheduler));
    const memory = new MemoryModel(sim, hs.memoryMb, hs.xenReservedMb, { ...scenario.memory, dom0MinMb: pl.dom0MinMb });
    const dom0 = host.addDomain(pl.dom0);
    memory.add(dom0.id, dom0.name, pl.dom0.memoryMb, pl.dom0.maxmemMb, Math.min(pl.dom0MinMb, pl.dom0.memoryMb), balloonTraits(pl.dom0));
    if (pl.dom0.vcpus < dom0Vcpus) host.addDomain(paddingSpec(dom0Vcpus - pl.dom0.vcpus));
    const local: DomainRuntime[] = [];
    local[dom0.id] = {
      domain: dom0, source: null, arrivals: null, responses: new ResponseTimes(), io: newIoStats(), swapVbd: 0,
    };
    guestsSpec.forEach((g, i) => {
      const d = host.addDomain(home[i] === k ? g : copySpec(g, hs));
      memory.add(d.id, d.name, g.memoryMb, g.maxmemMb, Math.min(g.memoryMb, 32), balloonTraits(g));
      guests[i].twins![k] = d;
      if (home[i] === k) {
        guests[i].domain = d;
        guests[i].hostIndex = k;
        guests[i].swapVbd = g.vbds.length > 1 ? 1 : 0;
      }
      local[d.id] = guests[i];
    });
    const dom0Costs = mixCosts(costTable(pl.dom0.type), hs.ipc, new Float64Array(0));
    const backend = new Dom0Backend(host, dom0, 1 / dom0Costs.plainCpi);
    const disks = hs.disks.map((d) => new Disk(d));
    const io = new SplitDriverIo(sim, host, disks, backend, scenario.io, dom0Costs.plainCpi);
    const services = new HostGuestServices(local, memory, io);
    const nics = hs.nics.map((n) => new Nic(n));
    io.recordResponse = (id, ns) => {
      const dr = local[id];
      dr.responses.record(ns);
      dr.phaseResponses?.record(ns);
      dr.windowResponses?.record(ns);
    };
    const hostScenario: Scenario = { ...scenario, host: hs, scheduler: pl.scheduler, dom0: pl.dom0 };
    const rt: HostRuntime = {
      scenario: hostScenario, seed, endNs, sim, host, domains: local, memory, io, nics, warnings,
      index: k, placement: pl, backend, services, dom0Cpi: dom0Costs.plainCpi,
    };
    // Dom0's own workload, then the backend in front of it.
    attachWorkload(rt, local[dom0.id], pl.dom0.workload, services, streams, mixCosts);
    backend.own = local[dom0.id].source;
    for (const v of dom0.vcpus) host.setSource(v, backend);
    (rt as HostRuntime & { disks: Disk[] }).disks = disks;
    return rt;
  });

  // Guests' workloads: built once against their placement, attached to every copy.
  const starters: ((now: number) => void)[] = [];
  guests.forEach((dr, i) => {
    const hk = home[i];
    const hr = hosts[hk];
    dr.placement = new DomainPlacement(sim, hr.host, hr.services!);
    starters[i] = attachWorkload(hr, dr, guestsSpec[i].workload, dr.placement, streams, mixCosts, dr.placement);
    if (dr.source !== null) {
      hosts.forEach((h, k) => {
        if (k !== hk) for (const v of dr.twins![k].vcpus) h.host.setSource(v, dr.source!);
      });
    }
  });
  // Devices of every copy on every host (storage is shared, as the paper assumes: a vbd
  // uses the disk of the same name on the host it runs on, else that host's first disk).
  hosts.forEach((h) => attachCopies(h, guests, streams));
  guests.forEach((dr, i) => {
    if (dr.arrivals !== null) dr.arrivals.path = (hosts[home[i]].io as SplitDriverIo).pathFor(dr.twins![home[i]].id);
  });

  // The migration model sees each host through its port only (sim/xen/host-port.ts).
  const ports: HostPort[] = hosts.map((h) => ({
    name: h.placement!.spec.name, host: h.host, memory: h.memory, nics: h.nics, io: h.io as SplitDriverIo,
    backend: h.backend!, services: h.services!, dom0Cpi: h.dom0Cpi!,
  }));
  const migrations = new MigrationManager(sim, ports, scenario.network!, scenario.migration!, warnings, latencySummary);
  const cluster: ClusterRuntime = { hosts, guests, migrations };

  // Creation: each Dom0 at boot, the guests on their home host at their start times.
  const evCreate = sim.register((i, now) => {
    const dr = guests[i];
    const d = dr.domain;
    const h = hosts[dr.hostIndex!];
    const err = h.memory.create(d.id, now);
    if (err !== undefined) {
      for (const t of dr.twins!) t.failed = err;
      warnings.push(`${(now / 1e9).toFixed(3)} s: ${err}`);
      return;
    }
    h.host.createDomain(d, now);
    starters[i](now);
  });
  const destroyGuest = (i: number, now: number): void => {
    const dr = guests[i];
    migrations.abort(dr, now);
    const d = dr.domain;
    const h = hosts[dr.hostIndex!];
    h.host.destroyDomain(d, now);
    h.memory.destroy(d.id, now);
  };
  const evDestroy = sim.register((i, now) => destroyGuest(i, now));
  for (const h of hosts) {
    const d0 = h.domains[0].domain;
    h.memory.create(d0.id, 0);
    sim.schedule(0, sim.register((_x, now) => h.host.createDomain(d0, now)), 0);
  }
  guestsSpec.forEach((g, i) => {
    sim.schedule(g.startNs, evCreate, i);
    if (g.stopNs !== undefined) sim.schedule(g.stopNs, evDestroy, i);
  });
  scheduleClusterTimeline(cluster, scenario, warnings, evDestroy);
  for (const h of hosts) h.memory.startAutoPolicy(0, 0);

  const sampleNs = scenario.sampleNs > 0 ? scenario.sampleNs : chooseSampleNs(endNs);
  const collector = new ClusterCollector(sim, cluster, scenario, seed, endNs, sampleNs, warnings);
  collector.start();
  return { rt: hosts[0], collector };
}

/** Binds every guest copy's vbds and first vif on this host (same-name disk/bridge, else the first). */
function attachCopies(h: HostRuntime, guests: DomainRuntime[], streams: RandomStreams): void {
  const hs = h.placement!.spec;
  const disks = (h as HostRuntime & { disks: Disk[] }).disks;
  const io = h.io as SplitDriverIo;
  const bridgeNic = new Map(hs.bridges.map((b) => [b.name, b.nic]));
  const perDisk = new Map<number, number>();
  const diskOf = (name: string): number => {
    const i = disks.findIndex((d) => d.name === name);
    return i >= 0 ? i : disks.length > 0 ? 0 : -1;
  };
  for (const dr of guests) for (const v of dr.twins![h.index!].spec.vbds) {
    const k = diskOf(v.hostDisk);
    if (k >= 0) perDisk.set(k, (perDisk.get(k) ?? 0) + 1);
  }
  const placed = new Map<number, number>();
  for (const dr of guests) {
    const d = dr.twins![h.index!];
    const vbds: VbdBinding[] = [];
    for (const v of d.spec.vbds) {
      const device = diskOf(v.hostDisk);
      if (device < 0) continue;
      const n = perDisk.get(device)!;
      const k = placed.get(device) ?? 0;
      placed.set(device, k + 1);
      const sectors = Math.floor(SEEK_SPAN_SECTORS / n);
      vbds.push({ device, baseSector: k * sectors, sectors });
    }
    let vif: VifBinding | null = null;
    const first = d.spec.vifs[0];
    if (first !== undefined) {
      const nicName = (first.bridge !== undefined ? bridgeNic.get(first.bridge) : undefined) ?? hs.nics[0]?.name;
      const link = nicName !== undefined ? h.nics.find((n) => n.name === nicName) : undefined;
      if (link !== undefined) {
        const bucket = first.rateBps !== undefined ? new TokenBucket(first.rateBps) : null;
        vif = { tx: link.tx, rx: link.rx, limit: bucket !== null ? (bytes, now) => bucket.delay(bytes, now) : null };
      }
    }
    io.attach(d.id, vbds, vif, streams.get(`io:${d.name}`), dr.io, dr.arrivals);
  }
}

function scheduleClusterTimeline(cluster: ClusterRuntime, scenario: Scenario, warnings: string[], evDestroy: number): void {
  const { hosts, guests, migrations } = cluster;
  const sim = hosts[0].sim;
  const index = new Map(guests.map((dr, i) => [dr.twins![0].name, i]));
  const hostIndex = new Map(hosts.map((h, k) => [h.placement!.spec.name, k]));
  const actions = scenario.timeline;
  const ev = sim.register((i, now) => {
    const a = actions[i].action;
    if (a.kind === 'evacuate') {
      migrations.evacuate(hostIndex.get(a.host)!, a.to, a.live, guests, now);
      return;
    }
    if (a.domain === 'Domain-0') {
      // Dom0 of the first host, as in a single-host scenario.
      const h = hosts[0];
      const d = h.domains[0].domain;
      if (a.kind === 'mem-set') h.memory.setTarget(d.id, a.memoryMb, now);
      else if (a.kind === 'sched') h.host.scheduler.adjust?.(d, a.change, now);
      return;
    }
    const gi = index.get(a.domain)!;
    const dr = guests[gi];
    const d = dr.domain;
    if (d.createdAtNs < 0 || d.failed !== undefined || d.destroyedAtNs >= 0) {
      warnings.push(`${(now / 1e9).toFixed(3)} s: ${a.kind === 'sched' ? a.command : a.kind} of '${a.domain}' ignored: the domain is not running`);
      return;
    }
    const h = hosts[dr.hostIndex!];
    switch (a.kind) {
      case 'mem-set':
        h.memory.setTarget(d.id, a.memoryMb, now);
        break;
      case 'sched':
        h.host.scheduler.adjust?.(d, a.change, now);
        break;
      case 'pause':
        if (!d.paused) { d.paused = true; for (const v of d.vcpus) h.host.pause(v, now); }
        break;
      case 'unpause':
        if (d.paused) { d.paused = false; for (const v of d.vcpus) h.host.unpause(v, now); }
        break;
      case 'destroy':
        sim.schedule(now, evDestroy, gi);
        break;
      case 'migrate':
        migrations.request(dr, hostIndex.get(a.to)!, a.live, now, 'timeline');
        break;
    }
  });
  actions.forEach((t, i) => sim.schedule(t.atNs, ev, i));
}
