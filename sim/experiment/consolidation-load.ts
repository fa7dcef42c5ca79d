/**
 * Consolidation file → Consolidation: the `before:` physical servers and the `after:`
 * Xen hosts, each side turned into ordinary Scenarios that runScenario simulates.
 *
 * A physical server becomes a one-host scenario whose only guest is a domain of type
 * `native` (bare-metal instruction costs, sim/workload/costs.ts) named after the server
 * and running its workload; Dom0 is left idle. An after-host's domains name servers and
 * take the server's `guest:` fields and `workload:` — written once, on the before side.
 * The domain keeps the server's name on both sides, and random streams are derived
 * from (seed, `workload:NAME` / `arrivals:NAME`) (sim/build.ts), so each workload sees
 * the same random numbers before and after: common random numbers, a sharper comparison.
 *
 * Every generated scenario is checked by the scenario loader (loadScenarioValue) with
 * its paths mapped back into this file, so errors read `file:line:col: message` at the
 * key the user wrote (a bad `memory:` of server hex, a workload's unknown preset…).
 */
import { dirname } from 'node:path';
import { formatError, loadScenarioValue, parseYamlText, readInputFile, type LoadResult, type PathPositions, type Positions, type ScenarioError } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { unknownKeyHint, zodIssueMessage } from '../scenario/diagnostics.js';
import { parseDuration } from '../scenario/units.js';
import type { Path } from '../scenario/workload-yaml.js';
import { consolidationSchema, type RawConsolidation, type RawServer } from './consolidation-schema.js';

export interface CostAssumptions {
  usdPerKwh: number;
  pue: number;
  amortisationYears: number;
}

export interface BeforeServer {
  name: string;
  ageYears: number;
  scenario: Scenario;
}

export interface PlanSpec {
  /** The candidate host running these workloads (by server name), or why it cannot be built. */
  candidate(servers: string[], label: string): LoadResult;
  /** p95 objective per workload name, ns; workloads without one are not held to any. */
  sloNs: Map<string, number>;
  headroomCpu: number;
  headroomMemory: number;
  maxHosts: number;
  durationNs: number;
  /** Whether the profile fixes Dom0's memory (else Dom0 counts at its autoballoon floor). */
  dom0MemoryFixed: boolean;
  /** Workload names in file order. */
  workloads: string[];
}

export interface Consolidation {
  name: string;
  file: string;
  seed: number;
  durationNs: number;
  costs: CostAssumptions;
  before: BeforeServer[];
  /** One scenario per Xen host (empty when the file has only a plan). */
  after: Scenario[];
  plan?: PlanSpec;
  warnings: string[];
}

export type ConsolidationLoad = { consolidation: Consolidation } | { errors: ScenarioError[] };

/** A file is a consolidation (not a plain scenario) when its top level has `before:`. */
export function isConsolidationText(text: string): boolean {
  return /^before\s*:/m.test(text);
}

export function loadConsolidationFile(path: string): ConsolidationLoad {
  const r = readInputFile(path, 'consolidation file');
  if ('errors' in r) return r;
  return loadConsolidationText(r.text, r.file, { baseDir: r.baseDir });
}

/** Maps a generated scenario's paths to this file's: the longest matching prefix wins. */
class MappedPositions implements PathPositions {
  readonly file: string;
  constructor(private readonly base: Positions, private readonly rules: [Path, Path][]) {
    this.file = base.file;
  }

  map(path: Path): Path {
    let best: [Path, Path] | undefined;
    for (const r of this.rules) {
      const [from] = r;
      if (from.length <= path.length && from.every((k, i) => path[i] === k) && (best === undefined || from.length > best[0].length)) best = r;
    }
    return best === undefined ? path : [...best[1], ...path.slice(best[0].length)];
  }

  at(path: Path) {
    return this.base.at(this.map(path));
  }

  keyAt(path: Path, key: string) {
    return this.base.keyAt(this.map(path), key);
  }

  error(path: Path, message: string): ScenarioError {
    return { file: this.file, ...this.at(path), message };
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops undefined values, so the scenario schema applies its defaults. */
function defined(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Guest fields a server may not set: the loader sets them. */
const RESERVED_GUEST_KEYS = ['name', 'workload', 'type'];

export function loadConsolidationText(text: string, file: string, options: { baseDir?: string } = {}): ConsolidationLoad {
  const y = parseYamlText(text, file);
  if ('errors' in y) return y;
  const pos = y.pos;
  const raw = y.raw ?? {};
  if (!isObj(raw)) return { errors: [pos.error([], 'a consolidation file is a YAML mapping (before:, after:, costs:, …)')] };
  const parsed = consolidationSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((i): ScenarioError[] => {
      const path = i.path as Path;
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ file, ...pos.keyAt(path, k), message: `unknown key '${k}'${unknownKeyHint(k, consolidationSchema, path)}` }));
      return [pos.error(path, zodIssueMessage(i))];
    });
    return { errors: dedupe(errors) };
  }
  const c = parsed.data;
  const errors: ScenarioError[] = [];
  const warnings: string[] = [];
  const loadOpts = { baseDir: options.baseDir ?? dirname(file) };
  const load = (rawScenario: Obj, rules: [Path, Path][]): Scenario | undefined => {
    const r = loadScenarioValue(rawScenario, new MappedPositions(pos, rules), loadOpts);
    if ('errors' in r) {
      errors.push(...r.errors);
      return undefined;
    }
    for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
    return r.scenario;
  };

  // Names and guest fields.
  const servers = new Map<string, { s: RawServer; i: number }>();
  c.before.forEach((s, i) => {
    if (servers.has(s.name)) errors.push(pos.error(['before', i, 'name'], `two servers are named '${s.name}' (the name is the workload's, on both sides)`));
    else servers.set(s.name, { s, i });
    for (const k of RESERVED_GUEST_KEYS) {
      if (s.guest?.[k] !== undefined) errors.push({ file, ...pos.keyAt(['before', i, 'guest'], k), message: `guest: '${k}' is set by the server (its name, its workload:, type native before and as the after-host says after)` });
    }
  });

  const shared = (): Obj => defined({ seed: c.seed, duration: c.duration, sample: c.sample });
  const sharedRules = (): [Path, Path][] => [[['duration'], ['duration']], [['sample'], ['sample']], [['seed'], ['seed']]];

  // Before: one scenario per physical server.
  const before: BeforeServer[] = [];
  c.before.forEach((s, i) => {
    const at: Path = ['before', i];
    const amortisationGiven = s.amortisation_years !== undefined;
    const rawScenario: Obj = {
      name: s.name,
      ...shared(),
      host: defined({
        name: s.name,
        pcpus: s.cpu?.cores,
        cpu: s.cpu === undefined ? undefined : defined({ ghz: s.cpu.ghz, ipc: s.cpu.ipc }),
        memory: s.memory,
        disks: s.disks,
        nics: s.nics,
        bridges: s.bridges,
        power: s.power,
        cost: {
          price: s.price, rack_units: s.rack_units, amortisation_years: s.amortisation_years ?? c.costs.amortisation_years,
          usd_per_kwh: c.costs.usd_per_kwh, pue: c.costs.pue,
        },
      }),
      domains: [defined({ ...(s.guest ?? {}), name: s.name, type: 'native', workload: s.workload })],
    };
    const rules: [Path, Path][] = [
      [[], at],
      ...sharedRules(),
      [['host'], at],
      [['host', 'pcpus'], [...at, 'cpu', 'cores']],
      [['host', 'cost'], at],
      [['host', 'cost', 'amortisation_years'], amortisationGiven ? [...at, 'amortisation_years'] : ['costs', 'amortisation_years']],
      [['host', 'cost', 'usd_per_kwh'], ['costs', 'usd_per_kwh']],
      [['host', 'cost', 'pue'], ['costs', 'pue']],
      [['domains'], [...at, 'guest']],
      [['domains', 0, 'name'], [...at, 'name']],
      [['domains', 0, 'workload'], [...at, 'workload']],
      [['dom0'], [...at, 'memory']],
    ];
    const sc = load(rawScenario, rules);
    if (sc !== undefined) before.push({ name: s.name, ageYears: s.age, scenario: sc });
  });

  /** An after-host or plan candidate: a Xen host section plus domains placed by server name. */
  const xenHost = (
    name: string, base: Path, h: { host?: Obj; scheduler?: unknown; dom0?: unknown; memory?: unknown; io?: unknown },
    placements: { server: string; overrides: Obj; at?: Path }[], durationAt: Path | undefined, duration: unknown, domainDefaults: Obj = {},
  ): { raw: Obj; rules: [Path, Path][] } => {
    const hostCost = isObj(h.host?.cost) ? h.host.cost : {};
    const rules: [Path, Path][] = [
      [[], base],
      ...sharedRules(),
      [['host'], [...base, 'host']],
      [['scheduler'], [...base, 'scheduler']],
      [['dom0'], [...base, 'dom0']],
      [['memory'], [...base, 'memory']],
      [['io'], [...base, 'io']],
      [['domains'], [...base, 'domains']],
    ];
    if (durationAt !== undefined) rules.push([['duration'], durationAt]);
    if (hostCost.usd_per_kwh === undefined) rules.push([['host', 'cost', 'usd_per_kwh'], ['costs', 'usd_per_kwh']]);
    if (hostCost.pue === undefined) rules.push([['host', 'cost', 'pue'], ['costs', 'pue']]);
    if (hostCost.amortisation_years === undefined) rules.push([['host', 'cost', 'amortisation_years'], ['costs', 'amortisation_years']]);
    const domains = placements.map((p, k) => {
      const sv = servers.get(p.server)!;
      const sAt: Path = ['before', sv.i];
      const dAt: Path = p.at ?? [...base, 'domains'];
      rules.push([['domains', k], dAt], [['domains', k, 'name'], dAt], [['domains', k, 'workload'], [...sAt, 'workload']]);
      for (const f of Object.keys(sv.s.guest ?? {})) if (p.overrides[f] === undefined) rules.push([['domains', k, f], [...sAt, 'guest', f]]);
      for (const f of Object.keys(p.overrides)) rules.push([['domains', k, f], [...dAt, f]]);
      return defined({ ...domainDefaults, ...(sv.s.guest ?? {}), ...p.overrides, name: p.server, workload: sv.s.workload });
    });
    const raw: Obj = defined({
      name,
      ...shared(),
      duration: duration ?? c.duration,
      host: defined({
        name,
        ...(h.host ?? {}),
        cost: defined({ usd_per_kwh: c.costs.usd_per_kwh, pue: c.costs.pue, amortisation_years: c.costs.amortisation_years, ...hostCost }),
      }),
      scheduler: h.scheduler,
      dom0: h.dom0,
      memory: h.memory,
      io: h.io,
      domains,
    });
    return { raw, rules };
  };

  // After: one scenario per Xen host; every server placed exactly once.
  const after: Scenario[] = [];
  const placedAt = new Map<string, Path>();
  (c.after ?? []).forEach((a, j) => {
    const base: Path = ['after', j];
    const placements: { server: string; overrides: Obj; at: Path }[] = [];
    a.domains.forEach((d, k) => {
      const at: Path = [...base, 'domains', k];
      const server = typeof d === 'string' ? d : d.server;
      const overrides: Obj = typeof d === 'string' ? {} : Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'server'));
      const atServer: Path = typeof d === 'string' ? at : [...at, 'server'];
      if (!servers.has(server)) { errors.push(pos.error(atServer, `no server named '${server}' under before: (servers: ${[...servers.keys()].join(', ')})`)); return; }
      if (placedAt.has(server)) { errors.push(pos.error(atServer, `server '${server}' is placed twice on the after side`)); return; }
      for (const k2 of RESERVED_GUEST_KEYS.filter((x) => x !== 'type')) {
        if (overrides[k2] !== undefined) errors.push({ file, ...pos.keyAt(at, k2), message: `'${k2}' comes from server '${server}' under before: and is not repeated here` });
      }
      placedAt.set(server, at);
      placements.push({ server, overrides: Object.fromEntries(Object.entries(overrides).filter(([key]) => !RESERVED_GUEST_KEYS.includes(key) || key === 'type')), at });
    });
    const hostName = typeof a.host?.name === 'string' ? a.host.name : `xen${j + 1}`;
    const { raw: rs, rules } = xenHost(hostName, base, a, placements, undefined, undefined);
    const sc = load(rs, rules);
    if (sc !== undefined) after.push(sc);
  });
  if (c.after !== undefined) {
    const hostNames = new Map<string, number>();
    c.after.forEach((a, j) => {
      const n = typeof a.host?.name === 'string' ? a.host.name : `xen${j + 1}`;
      if (hostNames.has(n)) errors.push(pos.error(['after', j, 'host', 'name'], `two after-hosts are named '${n}'`));
      hostNames.set(n, j);
    });
    for (const [name, { i }] of servers) {
      if (!placedAt.has(name)) errors.push(pos.error(['before', i, 'name'], `server '${name}' is not placed on any after-host (list it under after: … domains:)`));
    }
  }
  if (c.after === undefined && c.plan === undefined) errors.push(pos.error([], 'a consolidation file needs after: (for compare) or plan: (for plan), or both'));

  // Plan: a host profile that candidate placements are built from.
  let plan: PlanSpec | undefined;
  if (c.plan !== undefined && errors.length === 0) {
    const p = c.plan;
    const sloNs = new Map<string, number>();
    let defaultSlo: number | undefined;
    for (const [k, v] of Object.entries(p.slo)) {
      const d = parseDuration(v);
      if ('error' in d) { errors.push(pos.error(['plan', 'slo', k], d.error)); continue; }
      if (k === 'default') defaultSlo = d.value;
      else if (!servers.has(k)) errors.push({ file, ...pos.keyAt(['plan', 'slo'], k), message: `no server named '${k}' under before: (an SLO is per workload, by server name; 'default' for the rest)` });
      else sloNs.set(k, d.value);
    }
    if (defaultSlo !== undefined) for (const n of servers.keys()) if (!sloNs.has(n)) sloNs.set(n, defaultSlo);
    const durationAt: Path | undefined = p.duration !== undefined ? ['plan', 'duration'] : undefined;
    const candidate = (names: string[], label: string): LoadResult => {
      const { raw: rs, rules } = xenHost(label, ['plan'], p, names.map((server) => ({ server, overrides: {} })), durationAt, p.duration, p.domain ?? {});
      return loadScenarioValue(rs, new MappedPositions(pos, rules), loadOpts);
    };
    // The profile itself must be sound: an empty host built from it loads.
    const empty = candidate([], 'plan');
    if ('errors' in empty) errors.push(...empty.errors);
    else {
      plan = {
        candidate, sloNs, headroomCpu: p.headroom.cpu, headroomMemory: p.headroom.memory, maxHosts: p.max_hosts,
        durationNs: empty.scenario.durationNs, dom0MemoryFixed: isObj(p.dom0) && p.dom0.memory !== undefined, workloads: [...servers.keys()],
      };
    }
  }

  if (errors.length > 0) return { errors: dedupe(errors) };
  const durationNs = before[0].scenario.durationNs;
  const costs = { usdPerKwh: c.costs.usd_per_kwh, pue: c.costs.pue, amortisationYears: c.costs.amortisation_years };
  return { consolidation: { name: c.name, file, seed: c.seed, durationNs, costs, before, after, plan, warnings } };
}

export type { RawConsolidation };

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const k = formatError(e);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
}
