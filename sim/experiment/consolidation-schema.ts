/**
 * The consolidation file's outer shape (zod 4): which keys exist where. The values
 * that are scenario sections (hardware, power, disks, workloads, domain fields) are
 * passed through here unchecked and checked by the scenario schema when each side is
 * turned into ordinary scenarios (consolidation.ts), so a server's `memory: 512M` means
 * exactly what a host's does and errors come back at the same line:col.
 *
 *   name, seed, duration, sample         as in a scenario; both sides share them
 *   costs: { usd_per_kwh, pue, amortisation_years }
 *   before: [ server … ]                 physical servers, each running one workload
 *   after:  [ { host, scheduler, dom0, memory, io, domains: [ NAME | {server: NAME, …} ] } ]
 *   plan:   { host, scheduler, dom0, memory, io, slo, headroom, max_hosts, duration }
 */
import { z } from 'zod';

const anything = z.unknown();
const section = z.record(z.string(), z.unknown());

export const costsSchema = z
  .object({
    usd_per_kwh: z.number().nonnegative().default(0.15).describe('electricity price, USD per kWh'),
    pue: z.number().min(1).default(1.5).describe('power usage effectiveness: facility watts per IT watt'),
    amortisation_years: z.number().positive().default(3).describe('default write-off period of hardware'),
  })
  .strict();

export const serverSchema = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'a server name may hold letters, digits, _ . and - only'),
    cpu: z.object({ ghz: anything, ipc: anything, cores: anything }).partial().strict().optional(),
    memory: anything.optional(),
    disks: anything.optional(),
    nics: anything.optional(),
    bridges: anything.optional(),
    power: anything.optional(),
    rack_units: z.number().nonnegative().default(1),
    price: z.number().nonnegative().default(0).describe('purchase price, USD'),
    age: z.number().nonnegative().default(0).describe('years in service so far'),
    amortisation_years: z.number().positive().optional(),
    guest: section.optional().describe('how its OS looks as a domain: config, memory, vcpus, disk, vif, start, …'),
    workload: anything.optional(),
  })
  .strict();

const placement = z.union([z.string().min(1), z.object({ server: z.string().min(1) }).catchall(z.unknown())]);

/** What a Xen host is made of in a scenario: the sections an after-host or plan profile shares. */
const hostFields = {
  host: section.optional(),
  scheduler: anything.optional(),
  dom0: anything.optional(),
  memory: anything.optional(),
  io: anything.optional(),
};

export const afterHostSchema = z
  .object({ ...hostFields, domains: z.array(placement).default([]) })
  .strict();

export const planSchema = z
  .object({
    ...hostFields,
    /** p95 response-time objective per workload name; `default` applies to the others. */
    slo: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
    headroom: z
      .object({
        cpu: z.number().gt(0).max(1).default(0.8).describe('highest p95 of sampled host utilisation'),
        memory: z.number().gt(0).max(1).default(0.9).describe('highest fraction of host memory allocated'),
      })
      .strict()
      .default({ cpu: 0.8, memory: 0.9 }),
    max_hosts: z.number().int().positive().max(1000).default(64),
    duration: anything.optional(),
    domain: section.optional().describe('fields every planned domain gets (weight, cap, type …)'),
  })
  .strict();

export const consolidationSchema = z
  .object({
    name: z.string().min(1).default('consolidation'),
    seed: z.number().int().nonnegative().default(1),
    duration: anything.optional(),
    sample: anything.optional(),
    costs: costsSchema.default({ usd_per_kwh: 0.15, pue: 1.5, amortisation_years: 3 }),
    before: z.array(serverSchema).min(1, 'before: needs at least one server'),
    after: z.array(afterHostSchema).optional(),
    plan: planSchema.optional(),
  })
  .strict();

export type RawConsolidation = z.output<typeof consolidationSchema>;
export type RawServer = z.output<typeof serverSchema>;
export type RawAfterHost = z.output<typeof afterHostSchema>;
export type RawPlan = z.output<typeof planSchema>;
