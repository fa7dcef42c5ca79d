/**
 * Sweep file → SweepPlan (the description and one checked Scenario per cell), or every
 * problem found as `file:line:col: message`.
 *
 * The base scenario (a file, or a mapping inline) is loaded as any scenario is; each
 * cell is the base's YAML document with the cell's axis values set at their paths, then
 * loaded through loadScenarioText, so a value that makes a bad scenario (a weight of 0,
 * a pin to a pCPU the host no longer has) is caught before anything runs — and reported
 * at that value in the sweep file. Metrics are checked against a Result of a 1 ms run of
 * the first cell. Files are read only through `options.readFile` and the scenario loader.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { runScenario } from '../run.js';
import { dedupe as dedupeErrors, formatError, loadScenarioText, parseYamlText, type ScenarioError } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { type AxisValue, cellCount, cellLevels, type Dimension, type SweepDescription } from './grid.js';
import { checkMetric } from './metrics.js';
import { type Key, matchName, splitPath, walkPath } from './paths.js';
import { sweepSchema } from './schema.js';
import { describeError, type InputKind } from '../scenario/read-bounded.js';
import { unknownKeyHint, zodIssueMessage } from '../scenario/diagnostics.js';

export const MAX_CELLS = 10_000;
export const MAX_RUNS = 1_000_000;
const MAX_ALIASES = 100;
const MAX_ERRORS = 50;
/** Simulated time of the run whose Result the metric paths are checked against. */
const METRIC_CHECK_NS = 1e6;

export interface SweepPlan {
  description: SweepDescription;
  /** The Scenario of each cell, by cell index. */
  cells: Scenario[];
}

export interface SweepLoadOptions {
  /** Reads the base scenario and the files it names (the CLI passes readBounded); kind: for its size limit. */
  readFile: (path: string, kind?: InputKind) => string;
}

export type SweepLoad = { plan: SweepPlan; warnings: string[] } | { errors: ScenarioError[] };

type DocPath = (string | number)[];

/** Paths in the sweep document → line:col. */
class Where {
  constructor(readonly doc: Document, readonly lc: LineCounter, readonly file: string) {}

  private pos(offset: number): { line: number; col: number } {
    const p = this.lc.linePos(offset);
    return { line: p.line, col: p.col };
  }

  err(path: DocPath, message: string): ScenarioError {
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, k), true);
      if (isNode(node) && node.range) return { file: this.file, ...this.pos(node.range[0]), message };
    }
    return { file: this.file, line: 1, col: 1, message };
  }

  /** At the key `key` of the mapping at `path`. */
  keyErr(path: DocPath, key: string, message: string): ScenarioError {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
      if (pair !== undefined && isNode(pair.key) && pair.key.range) return { file: this.file, ...this.pos(pair.key.range[0]), message };
    }
    return this.err(path, message);
  }
}

interface Axis {
  path: string;
  /** Where it goes in the base scenario's document. */
  keys: Key[];
  /** The mapping in the sweep file that lists it (['axes'] or ['zip', g]). */
  listedIn: DocPath;
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  return dedupeErrors(errors).slice(0, MAX_ERRORS);
}

/** An axis path → keys in the scenario document; `domains.NAME` finds the domain by its (resolved) name. */
export function resolveAxis(path: string, baseRaw: Record<string, unknown>, domainNames: readonly string[]): { keys: Key[] } | { error: string } {
  const segs = splitPath(path);
  if (segs === undefined) return { error: 'not a dotted path (e.g. host.pcpus, domains.web.weight)' };
  if (segs[0] === 'seed') return { error: 'seeds come from the sweep: set `seed:` and `replications:` instead' };
  if (segs[0] !== 'domains') {
    const w = walkPath(segs, baseRaw);
    return 'error' in w ? w : { keys: w.keys };
  }
  const m = segs.length >= 2 ? matchName(segs, 1, ['Domain-0', ...domainNames]) : undefined;
  if (m === undefined) return { error: `no domain named '${segs[1] ?? ''}' in the base scenario (there are: ${['Domain-0', ...domainNames].join(', ')})` };
  const rest = segs.slice(1 + m.used);
  if (rest.length === 0) return { error: 'say which field of the domain, e.g. domains.web.weight' };
  const prefix: Key[] = m.index === 0 ? ['dom0'] : ['domains', m.index - 1];
  const root = m.index === 0 ? baseRaw.dom0 : (baseRaw.domains as unknown[] | undefined)?.[m.index - 1];
  const w = walkPath(rest, root, segs.slice(0, 1 + m.used).join('.'));
  return 'error' in w ? w : { keys: [...prefix, ...w.keys] };
}

export function loadSweepText(text: string, file: string, options: SweepLoadOptions): SweepLoad {
  const y = parseYamlText(text, file, 'sweep files');
  if ('errors' in y) return { errors: y.errors };
  const { doc, lineCounter: lc, raw } = y;
  const where = new Where(doc, lc, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { errors: [where.err([], 'a sweep is a YAML mapping: base:, axes:, replications:, metrics:')] };
  const parsed = sweepSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      errors: dedupe(parsed.error.issues.flatMap((i): ScenarioError[] =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => where.keyErr(i.path as DocPath, k, `unknown key '${k}' (${unknownKeyHint(k, sweepSchema, i.path).replace(/^ \((.*)\)$/, '$1 ')}a sweep has name, seed, base, replications, axes, zip, metrics)`))
          : [where.err(i.path as DocPath, zodIssueMessage(i))])),
    };
  }
  const s = parsed.data;

  // The base scenario.
  let baseText: string;
  let baseFile: string;
  if (typeof s.base === 'string') {
    baseFile = resolvePath(dirname(file), s.base);
    try {
      baseText = options.readFile(baseFile, 'scenario');
    } catch (e) {
      return { errors: [where.err(['base'], `cannot read base scenario '${s.base}': ${describeError(e)}`)] };
    }
  } else {
    // Inline: cut it out of the sweep file, padded so its line:col stay those of the sweep file.
    const node = doc.get('base', true);
    const range = isNode(node) && node.range ? node.range : [0, 0];
    const p = lc.linePos(range[0]);
    baseText = '\n'.repeat(p.line - 1) + ' '.repeat(p.col - 1) + text.slice(range[0], range[1]);
    baseFile = file;
  }
  const baseDir = dirname(baseFile);
  const base = loadScenarioText(baseText, baseFile, { baseDir, readFile: options.readFile });
  if ('errors' in base) return base;
  const baseDoc = parseDocument(baseText, { uniqueKeys: true });
  const baseRaw = (baseDoc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {}) as Record<string, unknown>;
  const domainNames = base.scenario.domains.map((d) => d.name);

  // Dimensions: each axis, then each zip group.
  const errors: ScenarioError[] = [];
  const dims: Dimension[] = [];
  const dimAxes: Axis[][] = [];
  const seen = new Map<string, string>();
  const addAxis = (path: string, listedIn: DocPath): Axis | undefined => {
    const r = resolveAxis(path, baseRaw, domainNames);
    if ('error' in r) {
      errors.push(where.keyErr(listedIn, path, `axis '${path}': ${r.error}`));
      return undefined;
    }
    const id = JSON.stringify(r.keys);
    const other = seen.get(id);
    if (other !== undefined) {
      errors.push(where.keyErr(listedIn, path, `axis '${path}' sets the same value as '${other}'`));
      return undefined;
    }
    seen.set(id, path);
    return { path, keys: r.keys, listedIn };
  };
  for (const [path, values] of Object.entries(s.axes)) {
    const a = addAxis(path, ['axes']);
    if (a !== undefined) {
      dims.push({ paths: [path], levels: values.map((v) => [v]) });
      dimAxes.push([a]);
    }
  }
  s.zip.forEach((group, g) => {
    const entries = Object.entries(group);
    if (entries.length === 0) {
      errors.push(where.err(['zip', g], 'an empty zip group'));
      return;
    }
    const n = entries[0][1].length;
    const bad = entries.find(([, v]) => v.length !== n);
    if (bad !== undefined) {
      errors.push(where.keyErr(['zip', g], bad[0], `the lists of a zip group must be equally long (${entries.map(([p, v]) => `${p}: ${v.length}`).join(', ')})`));
      return;
    }
    const axes = entries.map(([p]) => addAxis(p, ['zip', g]));
    if (axes.some((a) => a === undefined)) return;
    dims.push({ paths: entries.map(([p]) => p), levels: Array.from({ length: n }, (_, j) => entries.map(([, v]) => v[j])) });
    dimAxes.push(axes as Axis[]);
  });
  const metricSeen = new Set<string>();
  s.metrics.forEach((m, i) => {
    if (splitPath(m) === undefined) errors.push(where.err(['metrics', i], `metric '${m}' is not a dotted path (e.g. host.utilisation, domains.web.requests.p95_ms)`));
    if (metricSeen.has(m)) errors.push(where.err(['metrics', i], `metric '${m}' is listed twice`));
    metricSeen.add(m);
  });
  if (errors.length > 0) return { errors: dedupe(errors) };
  const cells = cellCount(dims);
  if (cells > MAX_CELLS) return { errors: [where.err(['axes'], `the grid has ${cells} cells; a sweep is limited to ${MAX_CELLS}`)] };
  if (cells * s.replications > MAX_RUNS) return { errors: [where.err(['replications'], `${cells} cells × ${s.replications} replications is ${cells * s.replications} runs; a sweep is limited to ${MAX_RUNS}`)] };

  // Cells: the base document with the cell's values set, loaded as a scenario.
  const scenarios: Scenario[] = [];
  const warnings = new Set(base.warnings);
  for (let c = 0; c < cells && errors.length < MAX_ERRORS; c++) {
    const levels = cellLevels(dims, c);
    const cellDoc = baseDoc.clone();
    const sets: { axis: Axis; level: number; value: AxisValue }[] = [];
    dims.forEach((d, i) => d.paths.forEach((_, j) => sets.push({ axis: dimAxes[i][j], level: levels[i], value: d.levels[levels[i]][j] })));
    let ok = true;
    for (const { axis, value } of sets) {
      try {
        cellDoc.setIn(axis.keys, cellDoc.createNode(value));
      } catch (e) {
        errors.push(where.keyErr(axis.listedIn, axis.path, `axis '${axis.path}' cannot be set in the base scenario: ${(e as Error).message}`));
        ok = false;
      }
    }
    if (!ok) continue;
    const cellText = cellDoc.toString();
    const r = loadScenarioText(cellText, baseFile, { baseDir, readFile: options.readFile });
    if ('errors' in r) {
      errors.push(...attribute(r.errors, cellText, baseFile, sets, where));
      continue;
    }
    for (const w of r.warnings) warnings.add(w);
    scenarios.push(r.scenario);
  }
  if (errors.length > 0) return { errors: dedupe(errors) };

  if (scenarios.length > 0) {
    const sample = runScenario(scenarios[0], { durationNs: Math.min(METRIC_CHECK_NS, scenarios[0].durationNs) });
    s.metrics.forEach((m, i) => {
      const why = checkMetric(sample, m);
      if (why !== undefined) errors.push(where.err(['metrics', i], why));
    });
    if (errors.length > 0) return { errors: dedupe(errors) };
  }
  const description: SweepDescription = {
    format: 'xensim-sweep/1',
    name: s.name ?? base.scenario.name,
    seed: s.seed,
    replications: s.replications,
    dimensions: dims,
    metrics: s.metrics,
    cells,
    runs: cells * s.replications,
  };
  return { plan: { description, cells: scenarios }, warnings: [...warnings] };
}

/**
 * A cell's scenario errors, placed in the sweep file: at the axis value that the error
 * points at in the cell's document, else at `base:` with the cell's values in the message.
 */
function attribute(errs: ScenarioError[], cellText: string, baseFile: string, sets: { axis: Axis; level: number; value: AxisValue }[], where: Where): ScenarioError[] {
  const lc = new LineCounter();
  const d = parseDocument(cellText, { lineCounter: lc });
  // [start of the key (or of the value in a list), start of the value, end of the value]
  const spans = sets.map(({ axis }): [number, number, number] | undefined => {
    const value = d.getIn(axis.keys, true);
    if (!isNode(value) || !value.range) return undefined;
    const parent = axis.keys.length === 1 ? d.contents : d.getIn(axis.keys.slice(0, -1), true);
    const last = axis.keys[axis.keys.length - 1];
    const pair = isMap(parent) ? parent.items.find((it) => isScalar(it.key) && it.key.value === last) : undefined;
    const start = pair !== undefined && isNode(pair.key) && pair.key.range ? pair.key.range[0] : value.range[0];
    return [start, value.range[0], value.range[1]];
  });
  const cell = sets.map((s) => `${s.axis.path}=${s.value}`).join(', ');
  return errs.map((e) => {
    if (e.file === baseFile) {
      const off = (lc.lineStarts[e.line - 1] ?? 0) + e.col - 1;
      const hit = sets.findIndex((_, i) => spans[i] !== undefined && off >= spans[i]![0] && off <= spans[i]![2]);
      if (hit >= 0) {
        const { axis, level } = sets[hit];
        // An error at the key (an unknown key) belongs to the axis; one at the value, to that value.
        return off < spans[hit]![1]
          ? where.keyErr(axis.listedIn, axis.path, `${axis.path}: ${e.message}`)
          : where.err([...axis.listedIn, axis.path, level], `${axis.path}: ${e.message}`);
      }
    }
    return where.err(['base'], `with ${cell}: ${e.file === baseFile ? e.message : formatError(e)}`);
  });
}
