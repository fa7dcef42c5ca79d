/**
 * A domain's `workload:` section → WorkloadSpec. Forms:
 *   workload: web                                   # a preset with its defaults
 *   workload: { preset: web, rate: 0.5/s }          # a preset with parameters
 *   workload: { trace: data/vm.txt, format: planetlab, ref_ghz: 2.6, loop: true, offset: 35min }
 *   workload: { arrivals: { poisson: 100/s }, program: [ recv, begin, { cpu: exp(2M) }, { send: 16K }, end ] }
 * Problems come back with a path relative to the workload node.
 */
import type { Arrivals, Instr, InstructionMix, Operand, WorkloadSpec } from '../workload/ast.js';
import { parseOperand, type OperandUnit } from '../workload/operand.js';
import { PRESETS } from '../workload/presets.js';
import { importTrace, TRACE_FORMATS, type TraceFormat } from '../workload/traces/index.js';
import { parseDuration, parseEventRate } from './units.js';
import { didYouMean } from './diagnostics.js';

export type Path = (string | number)[];
export interface PathIssue {
  path: Path;
  message: string;
  /** For errors inside another file (a trace): its own file and line. */
  file?: string;
  line?: number;
}

type Obj = Record<string, unknown>;

/** `did you mean 'x'? ` for a misspelt name, or '' (diagnostics.ts). */
function hint(word: string, known: readonly string[]): string {
  const m = didYouMean(word, known);
  return m === undefined ? '' : `did you mean '${m}'? `;
}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface WorkloadContext {
  /** Resolves a path written in the scenario (relative to the scenario file). */
  resolve(path: string): string;
  /** Why a file cannot be read (ENOENT, …), or undefined if it can. */
  cannotRead?(path: string): string | undefined;
  warnings: string[];
}

export function parseWorkload(raw: unknown, ctx: WorkloadContext, issues: PathIssue[]): WorkloadSpec {
  if (raw === undefined || raw === null) return { kind: 'idle' };
  if (typeof raw === 'string') {
    if (PRESETS[raw] === undefined) issues.push({ path: [], message: `unknown preset '${raw}' (${hint(raw, Object.keys(PRESETS))}known: ${Object.keys(PRESETS).join(', ')})` });
    return { kind: 'preset', preset: raw, params: {} };
  }
  if (!isObj(raw)) {
    issues.push({ path: [], message: 'a workload is a preset name or a mapping' });
    return { kind: 'idle' };
  }
  if ('preset' in raw) {
    const { preset, ...params } = raw;
    if (typeof preset !== 'string' || PRESETS[preset] === undefined) {
      issues.push({ path: ['preset'], message: `unknown preset '${String(preset)}' (${hint(String(preset), Object.keys(PRESETS))}known: ${Object.keys(PRESETS).join(', ')})` });
      return { kind: 'idle' };
    }
    const out: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(params)) {
      if (!(k in PRESETS[preset].params)) issues.push({ path: [k], message: `preset '${preset}' has no parameter '${k}' (${hint(k, Object.keys(PRESETS[preset].params))}it takes: ${Object.keys(PRESETS[preset].params).join(', ') || 'none'})` });
      else if (typeof v !== 'number' && typeof v !== 'string') issues.push({ path: [k], message: 'a parameter is a number or a string with units' });
      else out[k] = v;
    }
    return { kind: 'preset', preset, params: out };
  }
  if ('trace' in raw) return parseTraceWorkload(raw, ctx, issues);
  if ('program' in raw) return parseProgramWorkload(raw, issues);
  issues.push({ path: [], message: "a workload needs 'preset', 'trace' or 'program'" });
  return { kind: 'idle' };
}

function parseTraceWorkload(raw: Obj, ctx: WorkloadContext, issues: PathIssue[]): WorkloadSpec {
  const allowed = ['trace', 'format', 'interval', 'ref_ghz', 'ref_cores', 'loop', 'domain', 'offset', 'period'];
  for (const k of Object.keys(raw)) if (!allowed.includes(k)) issues.push({ path: [k], message: `unknown trace setting '${k}' (${hint(k, allowed)}known: ${allowed.join(', ')})` });
  if (typeof raw.trace !== 'string') {
    issues.push({ path: ['trace'], message: 'trace must be a file path' });
    return { kind: 'idle' };
  }
  const format = (raw.format ?? 'planetlab') as TraceFormat;
  if (!TRACE_FORMATS.includes(format)) {
    issues.push({ path: ['format'], message: `unknown trace format '${String(raw.format)}' (${hint(String(raw.format), TRACE_FORMATS)}known: ${TRACE_FORMATS.join(', ')})` });
    return { kind: 'idle' };
  }
  let intervalNs: number | undefined;
  if (raw.interval !== undefined) {
    const r = parseDuration(raw.interval);
    if ('error' in r) issues.push({ path: ['interval'], message: r.error });
    else intervalNs = r.value;
  }
  const num = (k: string): number | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v > 0)) {
      issues.push({ path: [k], message: `${k} must be a positive number` });
      return undefined;
    }
    return v;
  };
  // offset: start this far into the trace (a duration ≥ 0; need not be a whole number of
  // intervals). Absent: the guest's own phase within the period (trace-source.ts); 0 is kept.
  let offsetNs: number | undefined;
  if (raw.offset !== undefined) {
    const r = parseDuration(raw.offset);
    if ('error' in r) issues.push({ path: ['offset'], message: r.error });
    else offsetNs = r.value;
  }
  // period: how often the replay wakes to do its share of the interval (default 1 s; at most the interval).
  let periodNs: number | undefined;
  if (raw.period !== undefined) {
    const r = parseDuration(raw.period);
    if ('error' in r) issues.push({ path: ['period'], message: r.error });
    else if (!(r.value >= 1e6)) issues.push({ path: ['period'], message: `period must be at least 1ms (got ${String(raw.period)})` });
    else periodNs = r.value;
  }
  const refGhz = num('ref_ghz');
  const refCores = num('ref_cores');
  const file = ctx.resolve(raw.trace);
  const why = ctx.cannotRead?.(file);
  if (why !== undefined) {
    issues.push({ path: ['trace'], message: `cannot read trace '${raw.trace}' (${file}): ${why}` });
    return { kind: 'idle' };
  }
  const r = importTrace(file, format, { intervalNs, refGhz, refCores, domain: typeof raw.domain === 'string' ? raw.domain : undefined });
  if ('errors' in r) {
    for (const e of r.errors) issues.push({ path: ['trace'], message: e.message, file: e.file, line: e.line });
    return { kind: 'idle' };
  }
  ctx.warnings.push(...r.warnings);
  const loop = raw.loop === undefined ? true : raw.loop === true;
  if (offsetNs !== undefined) {
    const lengthNs = r.trace.cpu.length * r.trace.intervalNs;
    if (!loop && offsetNs >= lengthNs) {
      issues.push({ path: ['offset'], message: `offset is past the end of the trace (${lengthNs / 1e9} s long) and the workload does not loop` });
      return { kind: 'idle' };
    }
    return { kind: 'trace', trace: { ...r.trace, startOffsetNs: offsetNs }, loop, ...(periodNs !== undefined ? { periodNs } : {}) };
  }
  return { kind: 'trace', trace: r.trace, loop, ...(periodNs !== undefined ? { periodNs } : {}) };
}

function parseArrivals(raw: unknown, issues: PathIssue[]): Arrivals {
  if (raw === undefined) return { kind: 'none' };
  if (!isObj(raw) || Object.keys(raw).length !== 1) {
    issues.push({ path: ['arrivals'], message: 'arrivals is one of {poisson: RATE}, {diurnal: {mean, amplitude, peak_hour}}, {onoff: {rate, on, off}}, {replay: FILE}, {closed: {clients, think}}' });
    return { kind: 'none' };
  }
  const [kind, v] = Object.entries(raw)[0];
  const p: Path = ['arrivals', kind];
  const rate = (x: unknown, path: Path): number => {
    const r = parseEventRate(x);
    if ('error' in r) { issues.push({ path, message: r.error }); return 0; }
    return r.value;
  };
  const dur = (x: unknown, path: Path): number => {
    const r = parseDuration(x);
    if ('error' in r) { issues.push({ path, message: r.error }); return 0; }
    return r.value;
  };
  switch (kind) {
    case 'poisson':
      return { kind: 'poisson', ratePerSec: rate(v, p) };
    case 'diurnal': {
      if (!isObj(v)) break;
      const amplitude = typeof v.amplitude === 'number' ? v.amplitude : 0.5;
      if (amplitude < 0 || amplitude > 1) issues.push({ path: [...p, 'amplitude'], message: 'amplitude must be between 0 and 1' });
      return { kind: 'diurnal', meanPerSec: rate(v.mean, [...p, 'mean']), amplitude, peakHour: typeof v.peak_hour === 'number' ? v.peak_hour : 14 };
    }
    case 'onoff':
      if (!isObj(v)) break;
      return { kind: 'onoff', ratePerSec: rate(v.rate, [...p, 'rate']), onNs: dur(v.on, [...p, 'on']), offNs: dur(v.off, [...p, 'off']) };
    case 'replay': {
      if (!Array.isArray(v)) break;
      const times = v.map((x, i) => dur(x, [...p, i])).sort((a, b) => a - b);
      return { kind: 'replay', timesNs: times };
    }
    case 'closed': {
      if (!isObj(v)) break;
      const clients = v.clients;
      if (typeof clients !== 'number' || !Number.isInteger(clients) || clients < 1) issues.push({ path: [...p, 'clients'], message: 'clients must be a positive integer' });
      const think = operand(v.think ?? '1s', 'duration', [...p, 'think'], issues);
      return { kind: 'closed', clients: typeof clients === 'number' ? clients : 1, thinkNs: think };
    }
    default:
      issues.push({ path: p, message: `unknown arrival process '${kind}' (${hint(kind, ['poisson', 'diurnal', 'onoff', 'replay', 'closed'])}known: poisson, diurnal, onoff, replay, closed)` });
      return { kind: 'none' };
  }
  issues.push({ path: p, message: `bad '${kind}' arrivals` });
  return { kind: 'none' };
}

function operand(v: unknown, unit: OperandUnit, path: Path, issues: PathIssue[]): Operand {
  const r = parseOperand(v, unit);
  if ('error' in r) {
    issues.push({ path, message: r.error });
    return { kind: 'const', value: 0 };
  }
  return r.operand;
}

function parseProgramWorkload(raw: Obj, issues: PathIssue[]): WorkloadSpec {
  for (const k of Object.keys(raw)) if (!['program', 'arrivals', 'threads'].includes(k)) issues.push({ path: [k], message: `unknown workload setting '${k}' (known: program, arrivals, threads)` });
  const threads = raw.threads ?? 1;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1) issues.push({ path: ['threads'], message: 'threads must be a positive integer' });
  const program = parseBlock(raw.program, ['program'], issues);
  return { kind: 'program', threads: typeof threads === 'number' ? threads : 1, program, arrivals: parseArrivals(raw.arrivals, issues) };
}

const SIMPLE = new Set(['recv', 'begin', 'end']);

function parseBlock(raw: unknown, path: Path, issues: PathIssue[]): Instr[] {
  if (!Array.isArray(raw)) {
    issues.push({ path, message: 'expected a list of instructions' });
    return [];
  }
  const out: Instr[] = [];
  raw.forEach((item, i) => {
    const ins = parseInstr(item, [...path, i], issues);
    if (ins !== null) out.push(ins);
  });
  return out;
}

function parseInstr(item: unknown, path: Path, issues: PathIssue[]): Instr | null {
  if (typeof item === 'string') {
    if (SIMPLE.has(item)) return { op: item as 'recv' | 'begin' | 'end' };
    issues.push({ path, message: `unknown instruction '${item}' (known: cpu, read, write, send, recv, sleep, ws, touch, loop, forever, choose, begin, end)` });
    return null;
  }
  if (!isObj(item) || Object.keys(item).length !== 1) {
    issues.push({ path, message: 'an instruction is a name (recv, begin, end) or a mapping with one key, like {cpu: 2M}' });
    return null;
  }
  const [op, v] = Object.entries(item)[0];
  const p: Path = [...path, op];
  switch (op) {
    case 'cpu': {
      if (isObj(v)) {
        const mix = v.mix;
        let m: InstructionMix | undefined;
        if (mix !== undefined) {
          if (!isObj(mix)) issues.push({ path: [...p, 'mix'], message: 'mix is a mapping of class → fraction' });
          else {
            m = {};
            for (const [k, f] of Object.entries(mix)) {
              if (!['syscall', 'pagetable', 'privileged', 'interrupt'].includes(k)) issues.push({ path: [...p, 'mix', k], message: `unknown instruction class '${k}' (known: syscall, pagetable, privileged, interrupt)` });
              else if (typeof f !== 'number' || f < 0 || f > 1) issues.push({ path: [...p, 'mix', k], message: 'a fraction between 0 and 1' });
              else m[k as keyof InstructionMix] = f;
            }
          }
        }
        return { op: 'cpu', n: operand(v.n, 'count', [...p, 'n'], issues), mix: m };
      }
      return { op: 'cpu', n: operand(v, 'count', p, issues) };
    }
    case 'read':
    case 'write': {
      let dev: unknown, size: unknown, asyncDepth: unknown;
      if (typeof v === 'string') [dev, size] = v.trim().split(/\s+/);
      else if (isObj(v)) ({ dev, size, async: asyncDepth } = v);
      if (typeof dev !== 'string' || size === undefined) {
        issues.push({ path: p, message: `${op} needs a device and a size, as {dev: sda1, size: 4K} or 'sda1 4K'` });
        return null;
      }
      return { op, dev, size: operand(size, 'size', [...p, 'size'], issues), async: typeof asyncDepth === 'number' ? asyncDepth : undefined };
    }
    case 'send':
      return { op: 'send', size: operand(v, 'size', p, issues) };
    case 'sleep':
      return { op: 'sleep', duration: operand(v, 'duration', p, issues) };
    case 'ws':
    case 'touch':
      return { op, size: operand(v, 'size', p, issues) };
    case 'loop':
      if (!isObj(v)) break;
      return { op: 'loop', count: operand(v.count, 'count', [...p, 'count'], issues), body: parseBlock(v.do, [...p, 'do'], issues) };
    case 'forever':
      return { op: 'forever', body: parseBlock(v, p, issues) };
    case 'choose':
      if (!Array.isArray(v)) break;
      return {
        op: 'choose',
        branches: v.map((b, i) => {
          if (!isObj(b) || typeof b.p !== 'number') {
            issues.push({ path: [...p, i], message: 'a branch is {p: PROBABILITY, do: [...]}' });
            return { p: 0, body: [] };
          }
          return { p: b.p, body: parseBlock(b.do ?? [], [...p, i, 'do'], issues) };
        }),
      };
    default:
      issues.push({ path, message: `unknown instruction '${op}' (known: cpu, read, write, send, recv, sleep, ws, touch, loop, forever, choose, begin, end)` });
      return null;
  }
  issues.push({ path: p, message: `bad '${op}' instruction` });
  return null;
}
