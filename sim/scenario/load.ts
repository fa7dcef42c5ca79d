/**
 * YAML scenario → Scenario, or every problem found, each as `file:line:col: message`.
 *
 * Three passes, all reporting by path into the document: YAML syntax (the `yaml`
 * library's own positions), the schema (structure, units, defaults: schema.ts), then
 * resolution and meaning — xl.cfg files, workloads, names that must exist, memory
 * that must fit (DESIGN §11). Paths become line:col through the YAML node ranges.
 * Limits: files over MAX_SCENARIO_BYTES, YAML alias bombs (maxAliasCount).
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { isAlias, isMap, isNode, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { expandPreset } from '../workload/presets.js';
import { parsePresetParam } from '../workload/preset-params.js';
import { compileProgram, WorkloadCompileError } from '../workload/compiler.js';
import { powerProfile, POWER_PROFILES } from '../hw/power-profiles.js';
import { linearCurve } from '../hw/power.js';
import { parseCpuList, parseDiskSpec, parseVifSpec } from './devices.js';
import { type RawDomain, type RawHost, type RawScenario, scenarioSchema } from './schema.js';
import type { DomainSpec, GuestType, HostPlacement, HostSpec, Scenario, TimelineEvent, VbdSpec, VifSpec } from './types.js';
import { parseMemoryMb } from './units.js';
import { parseWorkload, type Path, type PathIssue } from './workload-yaml.js';
import { parseXlConfig } from './xlcfg.js';
import { xlDomainFields, type XlDomain } from './xl-domain.js';
import { domainSched, isSchedCommand, type RawSched, SCHED_COMMANDS, schedCommandPolicy } from './sched-params.js';
import { atLeast, defaultScheduler, parseXenVersion, schedulersOf, toolstack, type XenVersion } from '../xen/version.js';
import type { SchedChange, SchedulerSpec } from '../xen/params.js';
import { showValue, unknownKeyHint, zodIssueMessage } from './diagnostics.js';
import { cannotReadRegular, describeError, DEFAULT_INPUT_LIMITS, inputLimit, type InputKind, readBounded, STDIN_NAME } from './read-bounded.js';

/** Scenario files are small; anything bigger is a mistake (a trace given as the scenario, say). */
export const MAX_SCENARIO_BYTES = DEFAULT_INPUT_LIMITS.scenario;
const MAX_ALIASES = 100;

export interface ScenarioError {
  file: string;
  /** 0 (with col 0): about the whole file, printed `file: message`. */
  line: number;
  col: number;
  message: string;
}

export type LoadResult = { scenario: Scenario; warnings: string[] } | { errors: ScenarioError[] };

export interface LoadOptions {
  /** Directory relative paths (xl configs, traces) are resolved against; default: the file's. */
  baseDir?: string;
  /** Reads a file the document names (kind: what it is, for its size limit); default: readBounded. */
  readFile?: (path: string, kind?: InputKind) => string;
}

export function formatError(e: ScenarioError): string {
  return e.line > 0 ? `${e.file}:${e.line}:${e.col}: ${e.message}` : `${e.file}: ${e.message}`;
}

/** An error about a whole file (it cannot be read, is too big…): `file: message`. */
export function fileError(file: string, message: string): ScenarioError {
  return { file, line: 0, col: 0, message };
}

/** The default reader of files a document names: bounded, regular files only (read-bounded.ts). */
export const boundedReadFile = (path: string, kind: InputKind = 'scenario'): string => readBounded(path, kind);

/** Reads an input file of `kind` as text, or the one-line error (`-` is standard input). */
export function readInputFile(path: string, kind: InputKind): { text: string; file: string; baseDir: string } | { errors: ScenarioError[] } {
  const file = path === '-' ? STDIN_NAME : path;
  try {
    const text = readBounded(path, kind);
    return { text, file, baseDir: path === '-' ? process.cwd() : dirname(path) };
  } catch (e) {
    return { errors: [fileError(file, describeError(e))] };
  }
}

export function loadScenarioFile(path: string, options: LoadOptions = {}): LoadResult {
  const r = readInputFile(path, 'scenario');
  if ('errors' in r) return r;
  return loadScenarioText(r.text, r.file, { baseDir: r.baseDir, ...options });
}

/** Turns a path into the document into line:col (and errors positioned there). */
export interface PathPositions {
  readonly file: string;
  at(path: Path): { line: number; col: number };
  keyAt(path: Path, key: string): { line: number; col: number };
  error(path: Path, message: string): ScenarioError;
}

/** Maps paths in the document to line:col. */
export class Positions implements PathPositions {
  constructor(readonly doc: Document, readonly lc: LineCounter, readonly file: string) {}

  at(path: Path): { line: number; col: number } {
    // The deepest node that exists along the path (a missing key points at its parent).
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, k), true);
      if (isNode(node) && node.range) {
        // For a key's value, point at the pair's key when the value is a collection start.
        const p = this.lc.linePos(node.range[0]);
        return { line: p.line, col: p.col };
      }
    }
    return { line: 1, col: 1 };
  }

  /** Position of a key in the mapping at `path` (for unknown keys), else of the mapping. */
  keyAt(path: Path, key: string): { line: number; col: number } {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === key);
      if (pair !== undefined && isNode(pair.key) && pair.key.range) {
        const p = this.lc.linePos(pair.key.range[0]);
        return { line: p.line, col: p.col };
      }
    }
    return this.at(path);
  }

  error(path: Path, message: string): ScenarioError {
    const p = this.at(path);
    return { file: this.file, line: p.line, col: p.col, message };
  }
}

export function loadScenarioText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const y = parseYamlText(text, file);
  if ('errors' in y) return y;
  return loadScenarioValue(y.raw, y.pos, options);
}

/**
 * YAML text → its plain value and the positions of its nodes, or the syntax errors
 * (size limit, YAML syntax, alias bombs), each at file:line:col. Other file formats
 * built on scenarios (sim/experiment/) parse with it too.
 */
export function parseYamlText(
  text: string,
  file: string,
  what = 'scenarios',
): { raw: unknown; pos: Positions; doc: Document; lineCounter: LineCounter } | { errors: ScenarioError[] } {
  const limit = inputLimit('scenario'); // scenarios, sweep and consolidation files share it
  if (text.length > limit) return { errors: [{ file, line: 1, col: 1, message: `file is ${text.length} bytes; ${what} are limited to ${limit} bytes (raise it with --max-input-size)` }] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Positions from the error's offset (linePos is only filled with prettyErrors).
    return {
      errors: doc.errors.map((e) => {
        const p = lc.linePos(Math.min(e.pos[0], text.length));
        return { file, line: Math.max(1, p.line), col: Math.max(1, p.col), message: yamlMessage(e.message) };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // An alias with no anchor before it: at the alias, naming it.
    const alias = unresolvedAlias(doc);
    if (alias !== undefined) {
      const p = lc.linePos(alias.offset);
      return { errors: [{ file, line: Math.max(1, p.line), col: Math.max(1, p.col), message: `YAML: alias *${alias.name} refers to no anchor &${alias.name} before it` }] };
    }
    return { errors: [{ file, line: 1, col: 1, message: `YAML: ${(e as Error).message} (alias expansion is limited to ${MAX_ALIASES})` }] };
  }
  return { raw, pos: new Positions(doc, lc, file), doc, lineCounter: lc };
}

/**
 * A scenario given as a plain value (what YAML gives) → Scenario, with every error
 * placed by `pos`: the schema pass and resolution of loadScenarioText, for callers
 * that build the value themselves and map its paths to their own file.
 */
export function loadScenarioValue(raw: unknown, pos: PathPositions, options: LoadOptions = {}): LoadResult {
  const file = pos.file;
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    // What the file holds instead: a list, or text (a CSV, a page, an image read as YAML).
    const found = Array.isArray(raw) ? `a list of ${raw.length}` : typeof raw === 'string' ? `text ${showValue(raw.replace(/\s+/g, ' '))}` : showValue(raw);
    return { errors: [pos.error([], `a scenario is a YAML mapping (name:, host:, domains:, …), found ${found}`)] };
  }
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((i): ScenarioError[] => {
      // One error per unknown key, at the key itself (zod reports them on the mapping).
      if (i.code === 'unrecognized_keys') {
        return i.keys.map((k) => ({ file, ...pos.keyAt(i.path as Path, k), message: `unknown key '${k}'${where(i.path as Path)}${unknownKeyHint(k, scenarioSchema, i.path)}` }));
      }
      return [pos.error(i.path as Path, zodIssueMessage(i))];
    });
    return { errors: dedupe(errors) };
  }
  const baseDir = options.baseDir ?? dirname(file);
  const readFile = options.readFile ?? boundedReadFile;
  return resolveScenario(parsed.data, file, pos, baseDir, readFile, typeof raw === 'object' && raw !== null && 'host' in raw);
}

function where(path: Path): string {
  return path.length === 0 ? '' : ` in ${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')}`;
}

function yamlMessage(m: string): string {
  return `YAML: ${m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
}

/** The most guest memory alive at once: checked at each creation instant. */
function peakGuestMemoryMb(domains: DomainSpec[]): number {
  let peak = 0;
  // Plain loops, no filtered copies: quadratic, but a thousand guests cost a millisecond.
  for (const d of domains) {
    let alive = 0;
    for (const o of domains) if (o.startNs <= d.startNs && (o.stopNs === undefined || o.stopNs > d.startNs)) alive += o.memoryMb;
    peak = Math.max(peak, alive);
  }
  return peak;
}

/** The errors without repeats (the same message at the same place), in order. */
export function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = formatError(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface ResolvedHost {
  spec: HostSpec;
  path: Path;
  diskNames: Set<string>;
  bridgeNames: Set<string>;
}

/** Checks one host's hardware (disks, bridges, power) and converts it; errors at `path`. */
function resolveHost(h: RawHost, path: Path, at: (path: Path, message: string) => void): ResolvedHost {
  const diskNames = new Set<string>();
  h.disks.forEach((d, i) => {
    if (diskNames.has(d.name)) at([...path, 'disks', i, 'name'], `two disks are named '${d.name}'`);
    diskNames.add(d.name);
  });
  const nicNames = new Set(h.nics.map((n) => n.name));
  h.bridges.forEach((b, i) => {
    if (!nicNames.has(b.nic)) at([...path, 'bridges', i, 'nic'], `bridge '${b.name}' is on NIC '${b.nic}', which the host does not have (NICs: ${[...nicNames].join(', ') || 'none'})`);
  });
  const bridgeNames = new Set(h.bridges.map((b) => b.name));
  let curveW: number[];
  let profile: string | undefined;
  let assumed = false;
  if (h.power.curve !== undefined) curveW = h.power.curve;
  else if (h.power.profile !== undefined) {
    const p = powerProfile(h.power.profile);
    if (p === undefined) {
      at([...path, 'power', 'profile'], `unknown power profile '${h.power.profile}' (known: ${POWER_PROFILES.map((x) => x.name).join(', ')})`);
      curveW = linearCurve(0, 0);
    } else {
      curveW = p.curveW;
      profile = p.name;
    }
  } else {
    assumed = h.power.idle === undefined && h.power.max === undefined;
    const idle = h.power.idle ?? 140;
    const max = h.power.max ?? 220;
    if (max < idle) at([...path, 'power', 'max'], `max power (${max} W) is below idle power (${idle} W)`);
    curveW = linearCurve(idle, max);
  }
  // Xen's own memory: heap plus the frame table, about 16 MB + 1/128 of RAM (a modelling assumption).
  const xenReservedMb = h.xen_reserved ?? Math.round(16 + h.memory / 128);
  const spec: HostSpec = {
    name: h.name, pcpus: h.pcpus, ghz: h.cpu.ghz, ipc: h.cpu.ipc, memoryMb: h.memory, xenReservedMb,
    disks: h.disks.map((d) => ({
      name: d.name, kind: d.kind, rpm: d.rpm, seekNs: d.seek, transferBps: d.transfer, order: d.order,
      latencyNs: d.latency, iops: d.iops, bandwidthBps: d.bandwidth, parallelism: d.parallelism, serviceNs: d.service,
    })),
    nics: h.nics.map((n) => ({ name: n.name, bandwidthBps: n.bandwidth, latencyNs: n.latency, ...(n.mtu !== undefined ? { mtuBytes: n.mtu } : {}) })),
    bridges: h.bridges,
    power: assumed ? { curveW, profile, assumed } : { curveW, profile },
    cost: { priceUsd: h.cost.price, rackUnits: h.cost.rack_units, amortisationYears: h.cost.amortisation_years, usdPerKwh: h.cost.usd_per_kwh, pue: h.cost.pue },
  };
  if (h.cpu.sockets !== undefined || h.cpu.threads_per_core !== undefined) {
    const sockets = h.cpu.sockets ?? 1;
    const tpc = h.cpu.threads_per_core ?? 1;
    if (h.pcpus % (sockets * tpc) !== 0) at([...path, 'cpu'], `${h.pcpus} pCPUs do not divide into ${sockets} socket(s) of whole cores with ${tpc} thread(s) each`);
    if (h.cpu.sockets !== undefined) spec.sockets = sockets;
    if (h.cpu.threads_per_core !== undefined) spec.threadsPerCore = tpc;
  }
  return { spec, path, diskNames, bridgeNames };
}

function resolveScenario(raw: RawScenario, file: string, pos: Position, baseDir: string, readFile: (p: string, kind?: InputKind) => string, hostGiven: boolean): LoadResult {
  const errors: ScenarioError[] = [];
  const warnings: string[] = [];
  const at = (path: Path, message: string): void => void errors.push(pos.error(path, message));

  // Hosts: `host:` (one) or `hosts:` (several, each with optional scheduler: and dom0:).
  const multi = raw.hosts !== undefined;
  let xen: XenVersion | undefined;
  if (typeof raw.xen === 'number') at(['xen'], `write the release in quotes (xen: "${raw.xen}"): YAML reads an unquoted 4.10 as the number 4.1`);
  else if (raw.xen !== undefined) {
    const v = parseXenVersion(raw.xen);
    if ('error' in v) at(['xen'], v.error);
    else xen = v;
  }
  if (multi && hostGiven) at(['host'], 'give either host: (one host) or hosts: (several), not both');
  const rawHosts = raw.hosts ?? [raw.host];
  const hosts: ResolvedHost[] = rawHosts.map((h, k) => resolveHost(h, multi ? ['hosts', k] : ['host'], at));
  const hostIndex = new Map<string, number>();
  hosts.forEach((h, k) => {
    if (multi && hostIndex.has(h.spec.name)) at(['hosts', k, 'name'], `two hosts are named '${h.spec.name}'`);
    if (!hostIndex.has(h.spec.name)) hostIndex.set(h.spec.name, k);
  });
  const hostNamesText = (): string => hosts.map((h) => h.spec.name).join(', ');

  // Domains
  const domains: DomainSpec[] = [];
  const homeOf: number[] = [];
  const names = new Map<string, number>();
  const ctx = {
    resolve: (p: string) => resolvePath(baseDir, p),
    cannotRead: (p: string): string | undefined => cannotReadRegular(p),
    warnings,
  };
  const fieldAtByDomain: ((field: keyof RawDomain, message: string, item?: number) => void)[] = [];
  raw.domains.forEach((rd, i) => {
    const path: Path = ['domains', i];
    let merged: Partial<RawDomain> = {};
    let xlPositions: XlDomain['positions'] = {};
    const cfgFile = rd.config !== undefined ? resolvePath(baseDir, rd.config) : '';
    /** An error about a field: in the xl config when the value came from there, else in the YAML. */
    const fieldAt = (field: keyof RawDomain, message: string, item?: number): void => {
      const xp = xlPositions[field];
      if (rd[field] === undefined && xp !== undefined) errors.push({ file: cfgFile, line: xp.line, col: xp.col, message });
      else at(item === undefined ? [...path, field] : [...path, field, item], message);
    };
    let configUnread = false;
    if (rd.config !== undefined) {
      let text: string | undefined;
      try {
        text = readFile(cfgFile, 'xl config');
      } catch (e) {
        at([...path, 'config'], `cannot read xl config '${rd.config}': ${describeError(e)}`);
        configUnread = true;
      }
      if (text !== undefined) {
        const r = parseXlConfig(text);
        if ('errors' in r) for (const e of r.errors) errors.push({ file: cfgFile, line: e.line, col: e.col, message: e.message });
        else {
          const x = xlDomainFields(r.config);
          for (const e of x.errors) errors.push({ file: cfgFile, ...e });
          merged = x.fields;
          xlPositions = x.positions;
        }
      }
    }
    const d = { ...merged, ...Object.fromEntries(Object.entries(rd).filter(([, v]) => v !== undefined)) } as RawDomain;
    // A config that cannot be read is the one error about this domain (not also its missing name).
    if (d.name === undefined) { if (!configUnread) at(path, "a domain needs a 'name' (or a 'config' file that has one)"); return; }
    if (d.memory === undefined) { if (!configUnread) at(path, `domain '${d.name}' needs 'memory'`); return; }
    if (d.name === 'Domain-0') fieldAt('name', "'Domain-0' is Dom0's name; configure it under dom0:");
    if (names.has(d.name)) fieldAt('name', `two domains are named '${d.name}' (names must be unique, as xm requires)`);
    fieldAtByDomain[domains.length] = fieldAt;
    names.set(d.name, domains.length);
    let home = 0;
    if (d.host !== undefined) {
      const k = hostIndex.get(d.host);
      if (k === undefined) fieldAt('host', `no host named '${d.host}' (hosts: ${hostNamesText()})`);
      else home = k;
    }
    const hr = hosts[home];
    const h = hr.spec;
    const vcpus = d.vcpus ?? 1;
    const weight = d.weight ?? 256;
    const cap = d.cap ?? 0;
    if (weight < 1 || weight > 65535) fieldAt('weight', `weight ${weight} is outside 1–65535`);
    if (cap < 0 || cap > 100 * vcpus) fieldAt('cap', `cap ${cap} is outside 0–${100 * vcpus} (100 per vCPU)`);
    let cpus: number[] | undefined;
    if (d.cpus !== undefined) {
      const r = parseCpuList(d.cpus);
      if ('error' in r) fieldAt('cpus', r.error);
      else {
        const badPin = r.cpus.find((c) => c >= h.pcpus);
        if (badPin !== undefined) fieldAt('cpus', `pCPU ${badPin} does not exist (the host has ${h.pcpus}: 0–${h.pcpus - 1})`);
        cpus = r.cpus.length > 0 ? r.cpus : undefined;
      }
    }
    const vbds: VbdSpec[] = [];
    (d.disk ?? []).forEach((s, j) => {
      const r = parseDiskSpec(s);
      if ('error' in r) fieldAt('disk', r.error, j);
      else if (!hr.diskNames.has(r.vbd.hostDisk)) fieldAt('disk', `disk '${s}' is on '${r.vbd.hostDisk}', which is not a host disk (disks: ${[...hr.diskNames].join(', ') || 'none'})`, j);
      else vbds.push(r.vbd);
    });
    const vifs: VifSpec[] = [];
    (d.vif ?? []).forEach((s, j) => {
      const r = parseVifSpec(s);
      if ('error' in r) fieldAt('vif', r.error, j);
      else if (r.vif.bridge !== undefined && !hr.bridgeNames.has(r.vif.bridge)) fieldAt('vif', `bridge '${r.vif.bridge}' does not exist on the host (bridges: ${[...hr.bridgeNames].join(', ') || 'none'})`, j);
      else vifs.push(r.vif);
    });
    const memoryMb = d.memory;
    const maxmemMb = d.maxmem ?? memoryMb;
    if (maxmemMb < memoryMb) fieldAt(d.maxmem !== undefined ? 'maxmem' : 'memory', `maxmem (${maxmemMb} MB) is below memory (${memoryMb} MB)`);
    const spec: DomainSpec = {
      name: d.name, type: (d.type ?? 'pv') as GuestType, memoryMb, maxmemMb, vcpus, cpus, weight, cap, vbds, vifs,
      workload: { kind: 'idle' }, startNs: d.start ?? 0, stopNs: d.stop,
      configFile: rd.config !== undefined ? resolvePath(baseDir, rd.config) : undefined,
    };
    if (d.sched !== undefined) {
      const sc = domainSched(d.sched, (f, m) => fieldAt('sched', `${f}: ${m}`));
      if (sc !== undefined) spec.sched = sc;
    }
    if (d.word_size !== undefined) spec.wordBits = d.word_size;
    if (multi) spec.host = h.name;
    if (spec.stopNs !== undefined && spec.stopNs <= spec.startNs) at([...path, 'stop'], 'stop must come after start');
    spec.workload = workloadFor(d.workload, spec, [...path, 'workload'], ctx, pos, errors);
    domains.push(spec);
    homeOf.push(home);
  });

  // Dom0 and scheduler of each host, then the memory check of each host's guests.
  const placements: HostPlacement[] = [];
  const dom0MinOf: number[] = [];
  hosts.forEach((hr, k) => {
    const h = hr.spec;
    const entry = raw.hosts?.[k];
    const r0 = entry?.dom0 ?? raw.dom0;
    const dom0Path: Path = entry?.dom0 !== undefined ? [...hr.path, 'dom0'] : ['dom0'];
    const rs = entry?.scheduler ?? raw.scheduler;
    const schedName = rs.name ?? defaultScheduler(xen);
    if (!schedulersOf(xen).includes(schedName)) {
      at(entry?.scheduler !== undefined ? [...hr.path, 'scheduler', 'name'] : ['scheduler', 'name'], `Xen ${xen!.text} has no ${schedName} scheduler (it has ${schedulersOf(xen).join(', ')})`);
    }
    // credit1's sched_ratelimit_us and sched_credit_tslice_ms came with Xen 4.2 (sim/xen/schedulers/credit-rules.ts).
    if (schedName === 'credit' && xen !== undefined && !atLeast(xen, 4, 2)) {
      for (const k of ['ratelimit', 'tslice'] as const) {
        if (rs[k] !== undefined) at([...(entry?.scheduler !== undefined ? [...hr.path, 'scheduler'] : ['scheduler']), k], `Xen ${xen.text}'s credit scheduler has no ${k}: sched_${k === 'ratelimit' ? 'ratelimit_us' : 'credit_tslice_ms'} came with Xen 4.2`);
      }
    }
    const xenReservedMb = h.xenReservedMb;
    const mine = domains.filter((_, i) => homeOf[i] === k);
    // Dom0's default memory: Xen's dom0_mem default (all memory less min(1/16, 128 MB)), but
    // when guests are listed, no more than what they leave at their peak (all guests alive
    // at once), so a scenario without dom0.memory always fits. An explicit dom0.memory wins.
    const guestsAtBoot = peakGuestMemoryMb(mine);
    const xenDefault = h.memoryMb - Math.min(h.memoryMb / 16, 128);
    const dom0Mem = r0.memory ?? Math.floor(Math.min(xenDefault, h.memoryMb - xenReservedMb - guestsAtBoot));
    const dom0: DomainSpec = {
      name: 'Domain-0', type: 'pv', memoryMb: dom0Mem, maxmemMb: dom0Mem, vcpus: r0.vcpus ?? Math.min(h.pcpus, 4),
      weight: r0.weight ?? 256, cap: r0.cap ?? 0, vbds: [], vifs: [], workload: { kind: 'idle' }, startNs: 0,
    };
    if (r0.cpus !== undefined) {
      const r = parseCpuList(r0.cpus);
      if ('error' in r) at([...dom0Path, 'cpus'], r.error);
      else dom0.cpus = r.cpus.length > 0 ? r.cpus : undefined;
    }
    if (dom0.weight < 1 || dom0.weight > 65535) at([...dom0Path, 'weight'], `weight ${dom0.weight} is outside 1–65535`);
    if (dom0.cap < 0 || dom0.cap > 100 * dom0.vcpus) at([...dom0Path, 'cap'], `cap ${dom0.cap} is outside 0–${100 * dom0.vcpus} (100 per vCPU)`);
    dom0.workload = workloadFor(r0.workload, dom0, [...dom0Path, 'workload'], ctx, pos, errors);
    if (dom0Mem < 16) at(r0.memory !== undefined ? [...dom0Path, 'memory'] : ['domains'], `Dom0 would get ${dom0Mem} MB: the guests (${guestsAtBoot} MB) and Xen (${xenReservedMb} MB) leave too little of the host's ${h.memoryMb} MB`);

    // Memory must fit whenever a domain is created: Xen, Dom0 and every guest alive at that
    // instant (created earlier, or at the same time but listed before it, and not yet stopped).
    // Timeline destroys and balloon moves are left to the run, which refuses a creation that
    // cannot get its memory as Xen does.
    const dom0FloorMb = raw.memory.autoballoon ? Math.min(dom0Mem, raw.memory.dom0_min ?? Math.min(dom0Mem, 128)) : dom0Mem;
    mine.forEach((d, k2) => {
      let othersMb = 0;
      mine.forEach((o, j) => {
        if (j !== k2 && (o.startNs < d.startNs || (o.startNs === d.startNs && j < k2)) && (o.stopNs === undefined || o.stopNs > d.startNs)) othersMb += o.memoryMb;
      });
      // With autoballoon (xl's default) Dom0 may shrink to its minimum to make room, so the
      // creation is certain to fail only if it does not fit even then.
      const freeMb = h.memoryMb - xenReservedMb - dom0FloorMb - othersMb;
      if (d.memoryMb > freeMb + 1e-9) {
        const dom0Says = dom0FloorMb < dom0Mem ? `Dom0 ${dom0FloorMb} MB after autoballooning` : `Dom0 ${dom0Mem} MB`;
        fieldAtByDomain[names.get(d.name)!]('memory', `domain '${d.name}' does not fit: it needs ${d.memoryMb} MB but only ${Math.max(0, freeMb)} MB of the host's ${h.memoryMb} MB is free when it is created (Xen ${xenReservedMb} MB + ${dom0Says} + other guests ${othersMb} MB)`);
      }
    });
    const dom0MinMb = raw.memory.dom0_min ?? Math.min(dom0Mem, 128);
    const scheduler: SchedulerSpec = { name: schedName, tsliceNs: rs.tslice, ratelimitNs: rs.ratelimit, accounting: rs.accounting, bookkeeping: rs.bookkeeping };
    if (xen !== undefined) scheduler.xen = xen;
    if (rs.runqueue !== undefined) scheduler.runqueue = rs.runqueue;
    if (rs.boost !== undefined || rs.tickle !== undefined) {
      if (schedName !== 'credit') at(entry?.scheduler !== undefined ? [...hr.path, 'scheduler'] : ['scheduler'], `boost and tickle are switches of the credit scheduler, not of ${schedName}`);
      if (rs.boost !== undefined) scheduler.boost = rs.boost;
      if (rs.tickle !== undefined) scheduler.tickle = rs.tickle;
    }
    if (rs.migrate_resist !== undefined) scheduler.migrateResistNs = rs.migrate_resist;
    if (rs.ctx_allow !== undefined) scheduler.ctxAllowNs = rs.ctx_allow;
    placements.push({ spec: h, scheduler, dom0, dom0MinMb });
    dom0MinOf.push(dom0MinMb);
  });
  const dom0 = placements[0].dom0;

  // Timeline
  const known = new Set(domains.map((d) => d.name));
  known.add('Domain-0');
  const timeline: TimelineEvent[] = [];
  const moves: { i: number; atNs: number; name: string; to?: number; from?: number }[] = [];
  const kinds = ['mem-set', ...SCHED_COMMANDS, 'pause', 'unpause', 'destroy', 'migrate', 'evacuate'] as const;
  raw.timeline.forEach((t, i) => {
    const path: Path = ['timeline', i];
    const actions = kinds.filter((k) => t[k] !== undefined);
    if (actions.length !== 1) { at(path, `each timeline entry has \`at\` and exactly one of ${kinds.join(', ')}`); return; }
    const k = actions[0];
    if (k === 'evacuate') {
      const e = t.evacuate!;
      const from = hostIndex.get(e.host);
      if (from === undefined) { at([...path, k, 'host'], `no host named '${e.host}' (hosts: ${hostNamesText()})`); return; }
      const bad = (e.to ?? []).findIndex((n) => !hostIndex.has(n) || n === e.host);
      if (bad >= 0) {
        const n = e.to![bad];
        at([...path, k, 'to', bad], n === e.host ? `an evacuation of '${e.host}' cannot move guests to '${n}' itself` : `no host named '${n}' (hosts: ${hostNamesText()})`);
        return;
      }
      if (hosts.length < 2) { at([...path, k], 'evacuate needs a second host to move the guests to (declare hosts:)'); return; }
      if (t.at > raw.duration) warnings.push(`timeline entry ${i + 1} (evacuate ${e.host}) is after the end of the run`);
      moves.push({ i, atNs: t.at, name: '', from });
      timeline.push({ atNs: t.at, action: { kind: 'evacuate', host: e.host, to: e.to, live: e.live } });
      return;
    }
    const name = k === 'mem-set' ? t['mem-set']!.domain : isSchedCommand(k) ? t[k]!.domain : k === 'migrate' ? t.migrate!.domain : (t[k] as string);
    if (!known.has(name)) { at(k === 'migrate' ? [...path, k, 'domain'] : [...path, k], `no domain named '${name}'`); return; }
    if (t.at > raw.duration) warnings.push(`timeline entry ${i + 1} (${k} ${name}) is after the end of the run`);
    if (k === 'migrate') {
      const m = t.migrate!;
      if (name === 'Domain-0') { at([...path, k, 'domain'], 'Domain-0 cannot be migrated'); return; }
      const to = hostIndex.get(m.to);
      if (to === undefined) { at([...path, k, 'to'], `no host named '${m.to}' (hosts: ${hostNamesText()})`); return; }
      const d = domains[names.get(name)!];
      const th = hosts[to].spec;
      const dom0Least = raw.memory.autoballoon ? Math.min(placements[to].dom0.memoryMb, dom0MinOf[to]) : placements[to].dom0.memoryMb;
      const room = th.memoryMb - th.xenReservedMb - dom0Least;
      if (d.memoryMb > room + 1e-9) {
        at([...path, k, 'to'], `'${name}' (${d.memoryMb} MB) can never fit on host '${m.to}': it has ${th.memoryMb} MB, of which Xen keeps ${th.xenReservedMb} MB and Dom0 at least ${dom0Least} MB`);
        return;
      }
      moves.push({ i, atNs: t.at, name, to });
      timeline.push({ atNs: t.at, action: { kind: 'migrate', domain: name, to: m.to, live: m.live } });
      return;
    }
    if (k === 'mem-set') {
      const target = name === 'Domain-0' ? dom0 : domains.find((x) => x.name === name);
      const mb = t['mem-set']!.memory;
      if (target !== undefined && mb > target.maxmemMb) at([...path, k, 'memory'], `mem-set ${mb} MB is above ${name}'s maxmem (${target.maxmemMb} MB); raise maxmem to balloon it up`);
    }
    if (k === 'mem-set') timeline.push({ atNs: t.at, action: { kind: 'mem-set', domain: name, memoryMb: t['mem-set']!.memory } });
    else if (isSchedCommand(k)) {
      const s = t[k]! as RawSched & { weight?: number; cap?: number };
      if (s.weight !== undefined && (s.weight < 1 || s.weight > 65535)) at([...path, k, 'weight'], `weight ${s.weight} is outside 1–65535`);
      const target = name === 'Domain-0' ? dom0 : domains.find((x) => x.name === name);
      const maxCap = 100 * (target?.vcpus ?? 1);
      if (s.cap !== undefined && (s.cap < 0 || s.cap > maxCap)) at([...path, k, 'cap'], `cap ${s.cap} is outside 0–${maxCap} (100 per vCPU of '${name}')`);
      // The command belongs to one policy: the domain's host must run it (Domain-0: any host).
      const policy = schedCommandPolicy(k);
      const homes = name === 'Domain-0' ? placements : [placements[homeOf[names.get(name)!]]];
      if (!homes.some((pl) => pl.scheduler.name === policy)) {
        at([...path, k], `${xen !== undefined ? `${toolstack(xen)} ` : ''}${k} needs the ${policy} scheduler, but '${name}' is on a host that runs ${homes.map((pl) => pl.scheduler.name).join('/')}`);
      }
      const change = domainSched(s, (f, m) => at([...path, k, f], m), k === 'sched-sedf') ?? {};
      const full: SchedChange = { ...change };
      if (s.weight !== undefined) full.weight = s.weight;
      if (s.cap !== undefined) full.cap = s.cap;
      timeline.push({ atNs: t.at, action: { kind: 'sched', command: k, domain: name, change: full } });
    } else timeline.push({ atNs: t.at, action: { kind: k, domain: name } });
  });
  timeline.sort((a, b) => a.atNs - b.atNs);
  // A migration to the host the domain is on at that time (following earlier migrations; after
  // an evacuation of its host the placement is decided at run time and not checked here).
  const expectedHost = new Map<string, number | undefined>(domains.map((d, i) => [d.name, homeOf[i]]));
  for (const m of [...moves].sort((a, b) => a.atNs - b.atNs || a.i - b.i)) {
    if (m.from !== undefined) {
      for (const [n, hk] of expectedHost) if (hk === m.from) expectedHost.set(n, undefined);
      continue;
    }
    if (expectedHost.get(m.name) === m.to) at(['timeline', m.i, 'migrate', 'to'], `'${m.name}' is already on host '${hosts[m.to!].spec.name}' at that time: a domain cannot migrate to its own host`);
    expectedHost.set(m.name, m.to);
  }

  if (!multi && raw.network !== undefined) warnings.push('network: has no effect with a single host (declare hosts:)');
  if (multi && raw.network?.nic !== undefined) {
    hosts.forEach((hr, k) => {
      if (!hr.spec.nics.some((n) => n.name === raw.network!.nic)) at(['network', 'nic'], `host '${hr.spec.name}' has no NIC '${raw.network!.nic}' for the migration stream (hosts[${k}])`);
    });
  }

  if (errors.length > 0) return { errors: dedupe(errors) };
  const first = placements[0];
  const scenario: Scenario = {
    name: raw.name, file, seed: raw.seed, durationNs: raw.duration, sampleNs: raw.sample ?? 0,
    host: first.spec,
    scheduler: first.scheduler,
    dom0,
    domains,
    timeline,
    memory: {
      policy: raw.memory.policy, balloonMbPerSec: raw.memory.balloon_rate / 1048576, headroom: raw.memory.headroom,
      dom0MinMb: dom0MinOf[0], autoballoon: raw.memory.autoballoon,
    },
    io: {
      blkInstrPerRequest: raw.io.blk_instr_per_request, blkInstrPerByte: raw.io.blk_instr_per_byte,
      netInstrPerPacket: raw.io.net_instr_per_packet, netInstrPerByte: raw.io.net_instr_per_byte,
    },
  };
  if (multi) {
    scenario.hosts = placements;
    const n = raw.network ?? { bandwidth: 125e6, latency: 100e3 };
    scenario.network = { bandwidthBps: n.bandwidth, latencyNs: n.latency, nic: raw.network?.nic };
    const m = raw.migration ?? migrationDefaults();
    scenario.migration = {
      maxIters: m.max_iters, maxFactor: m.max_factor, minPages: m.min_pages,
      rate: m.rate === 'unlimited' ? null : { startBps: m.rate.start, maxBps: m.rate.max, incrementBps: m.rate.increment },
      dom0InstrPerPage: m.dom0_instr_per_page, resumeNs: m.resume, batchPages: m.batch_pages,
    };
  }
  return { scenario, warnings };
}

function migrationDefaults(): NonNullable<RawScenario['migration']> {
  return { max_iters: 29, max_factor: 3, min_pages: 50, rate: 'unlimited', dom0_instr_per_page: 20_000, resume: 20e6, batch_pages: 256 };
}

type Position = PathPositions;

/** Parses and checks a workload: syntax, preset parameters, devices the program uses. */
function workloadFor(raw: unknown, spec: DomainSpec, path: Path, ctx: { resolve(p: string): string; warnings: string[] }, pos: PathPositions, errors: ScenarioError[]): DomainSpec['workload'] {
  const issues: PathIssue[] = [];
  const w = parseWorkload(raw, ctx, issues);
  const push = (i: PathIssue): void => {
    if (i.file !== undefined) errors.push({ file: i.file, line: i.line ?? 1, col: 1, message: i.message });
    else errors.push(pos.error([...path, ...i.path], i.message));
  };
  issues.forEach(push);
  if (issues.length > 0) return w;
  if (w.kind === 'program' && w.threads > spec.vcpus) {
    // Legitimate, but the threads do not add CPUs: say how they share them.
    ctx.warnings.push(`domain '${spec.name}': ${w.threads} threads on ${spec.vcpus} vCPU${spec.vcpus === 1 ? '' : 's'}: the guest's scheduler shares the vCPUs, so at most ${spec.vcpus} run at once; a thread waiting for I/O, a sleep or a request leaves its vCPU to the others (docs/io.md, "Guest threads")`);
  }
  const vbds = new Map(spec.vbds.map((v) => [v.vdev, v.mode] as const));
  try {
    if (w.kind === 'preset') {
      const p = expandPreset(w.preset, w.params, { vbds: spec.vbds.map((v) => v.vdev), vcpus: spec.vcpus, parse: parsePresetParam });
      compileProgram(p.program, { vbds });
    } else if (w.kind === 'program') {
      compileProgram(w.program, { vbds });
    }
  } catch (e) {
    if (e instanceof WorkloadCompileError) for (const i of e.issues) push({ path: i.path, message: i.message });
    else push({ path: [], message: (e as Error).message });
  }
  return w;
}

/** The first alias (in document order) whose anchor is not set before it, or undefined. */
function unresolvedAlias(doc: Document): { name: string; offset: number } | undefined {
  const anchors = new Set<string>();
  let found: { name: string; offset: number } | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
    } else if (isNode(node) && node.anchor !== undefined) anchors.add(node.anchor);
    return undefined;
  });
  return found;
}
