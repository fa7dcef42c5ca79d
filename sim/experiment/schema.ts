/** The sweep file's schema (zod 4), checked before any path or scenario is looked at. */
import { z } from 'zod';

const axisValue = z.union([z.string(), z.number(), z.boolean()], { message: 'axis values are plain values: strings, numbers or booleans' });
const valueList = z.array(axisValue, { message: 'an axis is a list of values, e.g. [credit, rr]' }).min(1, 'an axis needs at least one value');

export const sweepSchema = z
  .object({
    name: z.string().min(1).optional(),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1).describe('sweep seed: replication seeds derive from it'),
    base: z.union([z.string().min(1), z.record(z.string(), z.unknown())], { message: 'base is a scenario file (a path relative to the sweep file) or an inline scenario mapping' }),
    replications: z.number().int().positive().max(100_000).default(1),
    axes: z.record(z.string(), valueList).default({}),
    zip: z.array(z.record(z.string(), valueList), { message: 'zip is a list of groups, each a mapping of axis paths to equally long lists' }).default([]),
    metrics: z.array(z.string().min(1)).min(1, 'list at least one metric').default(['host.utilisation']),
  })
  .strict();

export type RawSweep = z.output<typeof sweepSchema>;
