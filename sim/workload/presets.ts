/**
 * Named workloads a scenario can use with a few parameters: `idle`, `cpu-hog`, `web`,
 * `mail`, `db`, `batch`. Each is an ordinary program in the workload language plus an
 * arrival process; README's "Workload presets" table documents them. Sizes are
 * defaults chosen to look like the services of the talk's era (a 2005 LAMP box, a
 * small mail relay), not measurements.
 *
 * Parameters arrive as numbers or unit strings (`0.5/s`, `2M`, `16K`, `10ms`,
 * `exp(2M)`); `resolve` turns each into an Operand with the right unit kind.
 */
import type { Arrivals, Instr, Operand } from './ast.js';

export type ParamKind = 'count' | 'size' | 'duration' | 'rate' | 'fraction';

/** Parses one parameter value of the given kind; throws Error with a message on bad input. */
export type ParamParser = (value: number | string, kind: ParamKind) => Operand;

export interface PresetContext {
  /** vdevs of the domain's vbds, in order (first is the root disk, second usually swap). */
  vbds: string[];
  vcpus: number;
  parse: ParamParser;
}

export interface PresetProgram {
  program: Instr[];
  arrivals: Arrivals;
  threads: number;
}

interface ParamSpec {
  kind: ParamKind;
  default: number | string;
  doc: string;
}

interface PresetDef {
  doc: string;
  params: Record<string, ParamSpec>;
  build(p: (name: string) => Operand, ctx: PresetContext): PresetProgram;
}

const c = (value: number): Operand => ({ kind: 'const', value });
const value = (o: Operand): number => (o.kind === 'const' ? o.value : o.kind === 'exp' ? o.mean : o.kind === 'uniform' ? (o.min + o.max) / 2 : o.kind === 'pareto' ? (o.shape * o.scale) / (o.shape - 1) : o.mean);

/** I/O only where the domain has a disk to do it on. */
function disk(ctx: PresetContext, op: 'read' | 'write', size: Operand): Instr[] {
  return ctx.vbds.length > 0 ? [{ op, dev: ctx.vbds[0], size }] : [];
}

function withProbability(p: number, body: Instr[]): Instr[] {
  if (body.length === 0 || p <= 0) return [];
  if (p >= 1) return body;
  return [{ op: 'choose', branches: [{ p, body }, { p: 1 - p, body: [] }] }];
}

export const PRESETS: Record<string, PresetDef> = {
  idle: {
    doc: 'An idle guest: wakes `wakeups` times a second (timer ticks, daemons, aggregated) and runs `work` instructions each time.',
    params: {
      wakeups: { kind: 'rate', default: 1, doc: 'wake-ups per second' },
      work: { kind: 'count', default: '200K', doc: 'instructions per wake-up' },
    },
    build: (p) => ({
      threads: 1,
      arrivals: { kind: 'none' },
      program: [{ op: 'forever', body: [{ op: 'sleep', duration: { kind: 'exp', mean: 1e9 / value(p('wakeups')) } }, { op: 'cpu', n: p('work') }] }],
    }),
  },
  'cpu-hog': {
    doc: 'Always runnable: computes forever on every vCPU (a kernel build, a number cruncher).',
    params: { chunk: { kind: 'count', default: '1G', doc: 'instructions per burst (only changes event granularity)' } },
    build: (p, ctx) => ({ threads: ctx.vcpus, arrivals: { kind: 'none' }, program: [{ op: 'forever', body: [{ op: 'cpu', n: p('chunk') }] }] }),
  },
  web: {
    doc: 'A web server: Poisson requests at `rate`; each takes `service` instructions (a syscall every 2,000), reads `read` from disk with probability `read_p`, and sends a `response`.',
    params: {
      rate: { kind: 'rate', default: '10/s', doc: 'requests per second' },
      service: { kind: 'count', default: 'exp(2M)', doc: 'instructions per request' },
      read_p: { kind: 'fraction', default: 0.1, doc: 'probability that a request reads from disk' },
      read: { kind: 'size', default: '16K', doc: 'bytes read when it does' },
      response: { kind: 'size', default: '16K', doc: 'response size' },
    },
    build: (p, ctx) => ({
      threads: ctx.vcpus,
      arrivals: { kind: 'poisson', ratePerSec: value(p('rate')) },
      program: [{
        op: 'forever',
        body: [
          { op: 'recv' }, { op: 'begin' },
          { op: 'cpu', n: p('service'), mix: { syscall: 0.0005, pagetable: 0.0001 } },
          ...withProbability(value(p('read_p')), disk(ctx, 'read', p('read'))),
          { op: 'send', size: p('response') }, { op: 'end' },
        ],
      }],
    }),
  },
  mail: {
    doc: 'A mail relay: Poisson messages at `rate`; each is parsed and filtered (`service` instructions), written to the spool (`size`) and acknowledged.',
    params: {
      rate: { kind: 'rate', default: '0.2/s', doc: 'messages per second' },
      service: { kind: 'count', default: 'exp(20M)', doc: 'instructions per message (parsing, spam filtering)' },
      size: { kind: 'size', default: 'exp(32K)', doc: 'bytes written to the spool per message' },
    },
    build: (p, ctx) => ({
      threads: 1,
      arrivals: { kind: 'poisson', ratePerSec: value(p('rate')) },
      program: [{
        op: 'forever',
        body: [
          { op: 'recv' }, { op: 'begin' },
          { op: 'cpu', n: p('service'), mix: { syscall: 0.0002, pagetable: 0.0001 } },
          ...disk(ctx, 'write', p('size')),
          { op: 'send', size: c(512) }, { op: 'end' },
        ],
      }],
    }),
  },
  db: {
    doc: 'A database: Poisson queries at `rate`; each runs `service` instructions, reads `reads` pages of 8 KiB and writes one with probability `write_p`.',
    params: {
      rate: { kind: 'rate', default: '20/s', doc: 'queries per second' },
      service: { kind: 'count', default: 'exp(3M)', doc: 'instructions per query' },
      reads: { kind: 'count', default: 2, doc: 'page reads per query' },
      write_p: { kind: 'fraction', default: 0.3, doc: 'probability of a page write' },
    },
    build: (p, ctx) => ({
      threads: ctx.vcpus,
      arrivals: { kind: 'poisson', ratePerSec: value(p('rate')) },
      program: [{
        op: 'forever',
        body: [
          { op: 'recv' }, { op: 'begin' },
          { op: 'cpu', n: p('service'), mix: { syscall: 0.0002, pagetable: 0.0002 } },
          ...(ctx.vbds.length > 0 ? [{ op: 'loop', count: p('reads'), body: disk(ctx, 'read', c(8192)) } as Instr] : []),
          ...withProbability(value(p('write_p')), disk(ctx, 'write', c(8192))),
          { op: 'send', size: c(4096) }, { op: 'end' },
        ],
      }],
    }),
  },
  batch: {
    doc: 'A batch job: computes `work` instructions, writes `output`, pauses `pause`, again.',
    params: {
      work: { kind: 'count', default: 'exp(10G)', doc: 'instructions per job' },
      output: { kind: 'size', default: '1M', doc: 'bytes written per job' },
      pause: { kind: 'duration', default: 'exp(60s)', doc: 'pause between jobs' },
    },
    build: (p, ctx) => ({
      threads: 1,
      arrivals: { kind: 'none' },
      program: [{ op: 'forever', body: [{ op: 'cpu', n: p('work') }, ...disk(ctx, 'write', p('output')), { op: 'sleep', duration: p('pause') }] }],
    }),
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** Expands a preset into a program; throws Error naming the bad parameter. */
export function expandPreset(name: string, params: Record<string, number | string>, ctx: PresetContext): PresetProgram {
  const def = PRESETS[name];
  if (def === undefined) throw new Error(`unknown preset '${name}' (known: ${PRESET_NAMES.join(', ')})`);
  for (const key of Object.keys(params)) {
    if (!(key in def.params)) throw new Error(`preset '${name}' has no parameter '${key}' (it takes: ${Object.keys(def.params).join(', ') || 'none'})`);
  }
  const p = (key: string): Operand => {
    const spec = def.params[key];
    const v = params[key] ?? spec.default;
    try {
      return ctx.parse(v, spec.kind);
    } catch (e) {
      throw new Error(`preset '${name}' parameter '${key}': ${(e as Error).message}`);
    }
  };
  return def.build(p, ctx);
}

/** Markdown table of the presets and their parameters (for README and `xensim list`). */
export function presetDocs(): { name: string; doc: string; params: { name: string; default: string; doc: string }[] }[] {
  return Object.entries(PRESETS).map(([name, d]) => ({
    name,
    doc: d.doc,
    params: Object.entries(d.params).map(([k, s]) => ({ name: k, default: String(s.default), doc: s.doc })),
  }));
}
