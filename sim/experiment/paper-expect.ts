/**
 * A paper's expectation file (`scenarios/papers/<paper>.expect.yaml`): the paper, what of
 * its text could be read, and one row per published figure — which scenario run(s) and
 * which Result numbers give xensim's value, the published value, the tolerance with its
 * reason (fixed before comparing), and the verdict last recorded. `npm run papers` and
 * test/validation/papers.test.ts both read this one file.
 *
 * A row's simulated value is `scale × of / per + offset`, each of `of` and `per` a
 * number from a run's Result (a dotted metric path as in sweeps, `domains.web*.…` taking
 * the mean or sum over the domains whose names match, `per_second` dividing by the
 * simulated seconds). Published values come as a value with a tolerance, a range, a
 * bound (`at_least`, `at_most`), or `not_retrieved` when the look-up tools could not
 * reach the figure (then the row is shown, never compared).
 */
import { z } from 'zod';
import { parseYamlText, type PathPositions, type ScenarioError } from '../scenario/load.js';
import { zodIssueMessage } from '../scenario/diagnostics.js';
import { parseDuration } from '../scenario/units.js';

export const VERDICTS = ['reproduced', 'not reproduced', 'cannot simulate', 'not compared'] as const;
export type Verdict = (typeof VERDICTS)[number];

const durationText = z.string().refine((s) => !('error' in parseDuration(s)), { message: 'a duration such as 30s, 2min' });

/** One simulation: a scenario file (relative to the expect file) with values set at dotted paths, as a sweep's axes set them. */
export const runRefSchema = z
  .object({
    scenario: z.string().min(1),
    /** Values set at dotted paths: plain values, or a mapping (an instruction mix, say). */
    set: z.record(z.string(), z.unknown()).default({}),
    duration: durationText.optional(),
    seed: z.number().int().nonnegative().optional(),
  })
  .strict();
export type RunRef = z.output<typeof runRefSchema>;

export const termSchema = z
  .object({
    run: runRefSchema.optional(),
    metric: z.string().min(1),
    /** Over a `*` in the domain name: mean (default) or sum of the matching domains' values. */
    agg: z.enum(['mean', 'sum']).default('mean'),
    per_second: z.boolean().default(false),
  })
  .strict();
export type Term = z.output<typeof termSchema>;

const tolerance = z
  .object({
    abs: z.number().nonnegative().optional(),
    rel: z.number().nonnegative().optional(),
    reason: z.string().min(1),
  })
  .strict()
  .refine((t) => t.abs !== undefined || t.rel !== undefined, { message: 'give abs or rel (or both: the larger applies)' });
export type Tolerance = z.output<typeof tolerance>;

const published = z
  .object({
    value: z.number().optional(),
    range: z.tuple([z.number(), z.number()]).optional(),
    at_least: z.number().optional(),
    at_most: z.number().optional(),
    not_retrieved: z.string().min(1).optional(),
    /** The paper's words the value is read from, and where. */
    quote: z.string().optional(),
    where: z.string().optional(),
  })
  .strict()
  .refine((p) => [p.value, p.range, p.at_least, p.at_most, p.not_retrieved].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of value, range, at_least, at_most, not_retrieved',
  });
export type Published = z.output<typeof published>;

const rowSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by -'),
    figure: z.string().min(1),
    quantity: z.string().min(1),
    unit: z.string().default(''),
    run: runRefSchema.optional(),
    measure: z
      .object({ of: termSchema, per: termSchema.optional(), scale: z.number().default(1), offset: z.number().default(0) })
      .strict(),
    published,
    tolerance: tolerance.optional(),
    /** The model cannot express this experiment (the reason): shown, never run. */
    cannot_simulate: z.string().min(1).optional(),
    /** The verdict the last full run recorded (npm run papers -- --record writes it). */
    verdict: z.enum(VERDICTS),
    /** Why it is not reproduced or cannot be simulated: what the model lacks. */
    why: z.string().optional(),
    /** Reduced-horizon check for the tests: its own tolerance (stated, wider) and recorded verdict. */
    quick: z.object({ tolerance: tolerance.optional(), verdict: z.enum(VERDICTS) }).strict().optional(),
  })
  .strict();
export type RowSpec = z.output<typeof rowSchema>;

export const paperSchema = z
  .object({
    paper: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    authors: z.string().min(1),
    venue: z.string().min(1),
    /** What of the paper's own text the look-up tools reached, and the addresses. */
    text_read: z.string().min(1),
    sources: z.array(z.string()).default([]),
    hardware: z.string().min(1),
    xen: z.string().min(1),
    /** Reduced horizon of every run in quick mode (the tests), and why it is enough. */
    quick: z.object({ duration: durationText, reason: z.string().min(1) }).strict(),
    rows: z.array(rowSchema).min(1),
  })
  .strict();
export type PaperSpec = z.output<typeof paperSchema> & { file: string };

/** The expect file's text → PaperSpec, or its problems at file:line:col. */
export function loadPaperText(text: string, file: string): { paper: PaperSpec } | { errors: ScenarioError[] } {
  const y = parseYamlText(text, file, 'expect files');
  if ('errors' in y) return y;
  const parsed = paperSchema.safeParse(y.raw, { reportInput: true });
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => y.pos.error(i.path as (string | number)[], zodIssueMessage(i))) };
  const errors = checkRows(parsed.data, y.pos);
  if (errors.length > 0) return { errors };
  return { paper: { ...parsed.data, file } };
}

function checkRows(p: z.output<typeof paperSchema>, pos: PathPositions): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const ids = new Set<string>();
  p.rows.forEach((r, i) => {
    if (ids.has(r.id)) errors.push(pos.error(['rows', i, 'id'], `two rows are named '${r.id}'`));
    ids.add(r.id);
    const hasRun = r.run !== undefined || (r.measure.of.run !== undefined && (r.measure.per === undefined || r.measure.per.run !== undefined));
    if (!hasRun && r.cannot_simulate === undefined) errors.push(pos.error(['rows', i], 'say which run: run: { scenario: … } (or a run on each term)'));
    const compared = r.published.not_retrieved === undefined;
    if (compared && r.published.value !== undefined && r.tolerance === undefined) errors.push(pos.error(['rows', i, 'published'], 'a published value needs a tolerance (with its reason)'));
    if (r.published.range !== undefined && r.published.range[0] > r.published.range[1]) errors.push(pos.error(['rows', i, 'published', 'range'], 'a range is [low, high]'));
    if (!compared && (r.verdict === 'reproduced' || r.verdict === 'not reproduced')) errors.push(pos.error(['rows', i, 'verdict'], 'a row without a published value is never compared: its verdict is "not compared" (or "cannot simulate")'));
    if (r.cannot_simulate !== undefined && r.verdict !== 'cannot simulate') errors.push(pos.error(['rows', i, 'verdict'], 'a row marked cannot_simulate has the verdict "cannot simulate"'));
  });
  return errors;
}
