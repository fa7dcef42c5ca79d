/**
 * The YAML scenario's schema (zod 4): structure, defaults and unit conversion in one
 * pass, so every problem comes back as an issue with a path into the document (the
 * loader turns paths into line:col). `xensim schema` prints it as JSON Schema
 * (z.toJSONSchema with io: 'input') for editors.
 *
 * Workload programs and xl.cfg files are checked after this pass (load.ts), with the
 * same path-based errors.
 */
import { z } from 'zod';
import * as u from './units.js';

type UnitParser = (v: unknown) => u.Parsed;

/** A value with units: a string like `30ms` or a bare number, converted by `parser`. */
function unit(parser: UnitParser, description: string) {
  return z
    .union([z.string(), z.number()])
    .describe(description)
    .transform((v, ctx) => {
      const r = parser(v);
      if ('error' in r) {
        ctx.addIssue({ code: 'custom', message: r.error });
        return z.NEVER;
      }
      return r.value;
    });
}

const duration = (d: string) => unit(u.parseDuration, `${d} (duration: 30ms, 250us, 42d 12h; bare number = seconds)`);
const memory = (d: string) => unit(u.parseMemoryMb, `${d} (memory: 256M, 1G; bare number = MB)`);
const positiveInt = z.number().int().positive();

const disk = z
  .object({
    name: z.string().min(1),
    kind: z.enum(['hdd', 'ssd', 'fixed']).default('hdd'),
    rpm: z.number().positive().optional(),
    seek: duration('average seek').optional(),
    transfer: unit(u.parseDataRate, 'sustained transfer rate (60MB/s)').optional(),
    order: z.enum(['fifo', 'elevator']).optional(),
    latency: duration('ssd access latency').optional(),
    iops: z.number().positive().optional(),
    bandwidth: unit(u.parseDataRate, 'ssd bandwidth (500MB/s)').optional(),
    parallelism: positiveInt.optional(),
    service: duration('fixed service time').optional(),
  })
  .strict();

const nic = z
  .object({
    name: z.string().min(1),
    bandwidth: unit(u.parseDataRate, 'link speed (100Mbit, 1Gbit)').default(12.5e6),
    latency: duration('one-way latency to the clients').default(100e3),
    mtu: z.number().int().min(576).max(9216).optional().describe('IP MTU in bytes (default 1500; 9000 for jumbo frames): TCP payload per packet is MTU − 52'),
  })
  .strict();

const power = z
  .object({
    idle: unit(u.parseWatts, 'watts at 0 % load').optional(),
    max: unit(u.parseWatts, 'watts at 100 % load').optional(),
    curve: z.array(z.number().nonnegative()).length(11).describe('watts at 0, 10, …, 100 % load').optional(),
    profile: z.string().describe('a named SPECpower profile').optional(),
  })
  .strict();

const cost = z
  .object({
    price: z.number().nonnegative().default(0).describe('purchase price, USD'),
    rack_units: z.number().nonnegative().default(1),
    amortisation_years: z.number().positive().default(3),
    usd_per_kwh: z.number().nonnegative().default(0.15),
    pue: z.number().min(1).default(1.5),
  })
  .strict();

export const hostSchema = z
  .object({
    name: z.string().default('host'),
    pcpus: positiveInt.max(4096).default(1),
    cpu: z.object({
      ghz: unit(u.parseGhz, 'clock rate (2.8GHz)').default(2.8),
      ipc: z.number().positive().default(1),
      sockets: positiveInt.max(64).optional().describe('CPU sockets (credit2 runqueues); pcpus must divide evenly'),
      threads_per_core: positiveInt.max(8).optional().describe('hardware threads per core (credit2 runqueues per core)'),
    }).strict().default({ ghz: 2.8, ipc: 1 }),
    memory: memory('physical memory').default(1024),
    xen_reserved: memory("Xen's own memory").optional(),
    disks: z.array(disk).default([]),
    nics: z.array(nic).default([]),
    bridges: z.array(z.object({ name: z.string().min(1), nic: z.string().min(1) }).strict()).default([]),
    power: power.default({}),
    cost: cost.default({ price: 0, rack_units: 1, amortisation_years: 3, usd_per_kwh: 0.15, pue: 1.5 }),
  })
  .strict();

const schedulerSchema = z
  .object({
    name: z.enum(['credit', 'credit2', 'rtds', 'null', 'sedf', 'bvt', 'rr']).optional().describe('the policy (default: the default of the `xen:` release, else credit)'),
    tslice: duration('time slice').optional(),
    ratelimit: duration('credit rate limit (0 = off)').optional(),
    accounting: z.enum(['exact', 'sampled']).optional(),
    boost: z.boolean().optional().describe('credit: false turns BOOST off (Ongaro et al. 2008\'s experiment; every credit1 release from 3.0.4 boosts)'),
    tickle: z.boolean().optional().describe('credit: false keeps a wake-up from preempting a busy pCPU (Ongaro et al. 2008\'s experiment); idle pCPUs are still woken'),
    runqueue: z.enum(['cpu', 'core', 'socket', 'node', 'all']).optional().describe('credit2: which pCPUs share a runqueue (credit2_runqueue; default socket)'),
    migrate_resist: duration('credit2: credit2_migrate_resist (default 500us)').optional(),
    ctx_allow: duration('bvt: context-switch allowance (default 5ms)').optional(),
    bookkeeping: z.enum(['lazy', 'eager']).optional().describe('lazy: credit ticks, accounting passes and slice ends that cannot change a decision are not dispatched but run when the state is next looked at (same decisions and Result, fewer events); eager (default): every one is a queued event; lazy is exact and pays where vCPUs run alone (one, or several each on its own pCPU) for long stretches, not at sub-second bursts (docs/performance.md)'),
  })
  .strict();

/** Workloads are checked by load.ts (program syntax, presets, traces); here only their outer shape. */
export const workloadSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).describe('a preset name, {preset: …, params…}, {trace: file, format: …}, or {program: […], arrivals: …}');

/** A domain's rtds/sedf/bvt parameters; the timeline's sched-* commands take the same. */
const schedFields = {
    period: duration('rtds/sedf period').optional(),
    budget: duration('rtds budget per period').optional(),
    slice: duration('sedf slice per period').optional(),
    latency: duration('sedf latency hint').optional(),
    extratime: z.boolean().optional().describe('sedf/rtds: may use idle time beyond its slice or budget'),
    mcuadv: z.number().int().positive().optional().describe('bvt: minimum charging unit advance (inverse weight)'),
    warpback: z.boolean().optional().describe('bvt: warping enabled'),
    warpvalue: z.number().int().nonnegative().optional().describe('bvt: warp value'),
    warpl: duration('bvt: warp limit').optional(),
    warpu: duration('bvt: unwarp requirement').optional(),
  };

const domainFields = {
  name: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'a domain name may hold letters, digits, _ . and - only'),
  type: z.enum(['pv', 'hvm', 'emulated', 'native']),
  memory: memory('initial memory and balloon target'),
  maxmem: memory('maximum memory'),
  vcpus: positiveInt.max(512),
  cpus: z.union([z.string(), z.number(), z.array(z.number().int().nonnegative())]).describe('pinning, e.g. "0-1" or [0, 2]'),
  weight: z.number().int(),
  cap: z.number().int(),
  sched: z.object(schedFields).strict().describe('parameters of rtds, sedf and bvt (xl.cfg period/slice/latency/extratime, xl sched-rtds, xm sched-bvt)'),
  disk: z.array(z.string()),
  vif: z.array(z.string()),
  workload: workloadSchema,
  start: duration('creation time'),
  stop: duration('destruction time'),
  host: z.string().min(1).describe('the host it is created on (a name from hosts:; default the first)'),
  word_size: z.union([z.literal(32), z.literal(64)]).describe("the guest kernel's word size in bits (default 64): its balloon driver moves 512 pages per pass on 64-bit, 1,024 on 32-bit"),
};

export const domainSchema = z
  .object({ config: z.string().describe('an xl/xm config file, relative to the scenario') , ...domainFields })
  .partial()
  .strict();

export const dom0Schema = z
  .object({ memory: domainFields.memory, vcpus: domainFields.vcpus, weight: domainFields.weight, cap: domainFields.cap, cpus: domainFields.cpus, workload: workloadSchema })
  .partial()
  .strict();

const timelineEntry = z
  .object({
    at: duration('when'),
    'mem-set': z.object({ domain: z.string(), memory: memory('new balloon target') }).strict().optional(),
    'sched-credit': z.object({ domain: z.string(), weight: z.number().int().optional(), cap: z.number().int().optional() }).strict().optional(),
    'sched-credit2': z.object({ domain: z.string(), weight: z.number().int().optional(), cap: z.number().int().optional() }).strict().optional(),
    'sched-rtds': z.object({ domain: z.string(), period: schedFields.period, budget: schedFields.budget, extratime: schedFields.extratime }).strict().optional(),
    'sched-sedf': z.object({ domain: z.string(), period: schedFields.period, slice: schedFields.slice, latency: schedFields.latency, extratime: schedFields.extratime, weight: z.number().int().optional() }).strict().optional(),
    'sched-bvt': z.object({ domain: z.string(), mcuadv: schedFields.mcuadv, warpback: schedFields.warpback, warpvalue: schedFields.warpvalue, warpl: schedFields.warpl, warpu: schedFields.warpu }).strict().optional(),
    pause: z.string().optional(),
    unpause: z.string().optional(),
    destroy: z.string().optional(),
    migrate: z.object({ domain: z.string(), to: z.string(), live: z.boolean().default(true) }).strict().optional(),
    evacuate: z
      .object({ host: z.string(), to: z.array(z.string()).min(1).optional().describe('hosts it may use (default: every other host)'), live: z.boolean().default(true) })
      .strict()
      .optional(),
  })
  .strict();

/** One entry of `hosts:`: the keys of `host:` plus optional per-host scheduler and Dom0. */
const hostEntrySchema = hostSchema.extend({ scheduler: schedulerSchema.optional(), dom0: dom0Schema.optional() }).strict();

const networkSchema = z
  .object({
    bandwidth: unit(u.parseDataRate, 'speed of each host-to-host link (1Gbit)').default(125e6),
    latency: duration('one-way latency between hosts').default(100e3),
    nic: z.string().min(1).describe('host NIC the migration stream also crosses, shared with guest traffic').optional(),
  })
  .strict();

// Defaults from xc_domain_save.c (DEF_MAX_ITERS 29, DEF_MAX_FACTOR 3, < 50 pages) and
// Clark et al. (NSDI 2005) §3.3; see docs/migration.md.
const migrationSchema = z
  .object({
    max_iters: positiveInt.max(1000).default(29),
    max_factor: z.number().positive().default(3),
    min_pages: z.number().int().nonnegative().default(50),
    rate: z
      .union([
        z.literal('unlimited'),
        z
          .object({
            start: unit(u.parseDataRate, 'first-round rate (100Mbit)').default(12.5e6),
            max: unit(u.parseDataRate, 'maximum rate (500Mbit)').default(62.5e6),
            increment: unit(u.parseDataRate, 'added to the previous round\'s dirty rate (50Mbit)').default(6.25e6),
          })
          .strict(),
      ])
      .default('unlimited'),
    dom0_instr_per_page: z.number().nonnegative().default(20_000),
    resume: duration('fixed cost of resuming on the target').default(20e6),
    batch_pages: positiveInt.max(1024).default(256),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1).default('scenario'),
    seed: z.number().int().nonnegative().default(1),
    duration: duration('simulated time').default(60e9),
    sample: duration('time-series sample interval (default: ≈1,500 points)').optional(),
    host: hostSchema.default(hostSchema.parse({})),
    hosts: z.array(hostEntrySchema).min(1).optional(),
    network: networkSchema.optional(),
    migration: migrationSchema.optional(),
    xen: z.union([z.string(), z.number()]).optional().describe('the Xen release modelled ("3.0", "3.0.3", "4.17"): chooses the default scheduler, credit1\'s rules of that release, the xm/xl vocabulary and list layout'),
    scheduler: schedulerSchema.default({}),
    dom0: dom0Schema.default({}),
    domains: z.array(domainSchema).default([]),
    timeline: z.array(timelineEntry).default([]),
    memory: z
      .object({
        policy: z.enum(['static', 'auto']).default('static'),
        // No published balloon speed exists (the driver moves up to 512 pages per hypercall and
        // retries refused claims after 1, 2, 4 … 32 s); 512 MB/s is a modelling assumption.
        balloon_rate: unit(u.parseBytes, 'balloon speed per simulated second (512M; a modelling assumption, no published figure)').default(512 * 1048576),
        headroom: z.number().min(0).max(10).default(0.2),
        dom0_min: memory('Dom0 autoballoon floor').optional(),
        autoballoon: z.boolean().default(true),
      })
      .strict()
      .default({ policy: 'static', balloon_rate: 512 * 1048576, headroom: 0.2, autoballoon: true }),
    // Dom0 CPU cost of the split drivers, in instructions: modelling assumptions of the
    // right order for 2.6-era blkback/netback (a request's grant map/unmap, bio setup and
    // interrupt ≈ 20k; per byte ≈ one copy/checksum pass), to be tuned per host.
    io: z
      .object({
        blk_instr_per_request: z.number().nonnegative().default(20_000),
        blk_instr_per_byte: z.number().nonnegative().default(0.5),
        net_instr_per_packet: z.number().nonnegative().default(5_000),
        net_instr_per_byte: z.number().nonnegative().default(1),
      })
      .strict()
      .default({ blk_instr_per_request: 20_000, blk_instr_per_byte: 0.5, net_instr_per_packet: 5_000, net_instr_per_byte: 1 }),
  })
  .strict();

export type RawScenario = z.output<typeof scenarioSchema>;
export type RawDomain = z.output<typeof domainSchema>;
export type RawHost = z.output<typeof hostSchema>;

/** The JSON Schema editors use (`# yaml-language-server: $schema=…`). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input' });
}
