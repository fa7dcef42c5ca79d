/**
 * `xensim plan FILE`: the smallest number of hosts of one profile that carry the
 * workloads within their SLOs and headroom (sim/experiment/plan.ts), with each host's
 * headroom and the table of every candidate tried. FILE is a consolidation file with a
 * `plan:` section, or a scenario — one host or an estate — whose guests are planned onto
 * hosts like its `--host` (sim/experiment/plan-scenario.ts). Candidates are simulated on
 * worker threads, `--parallel` at a time. When no plan exists (a workload fails even
 * alone, or max hosts is reached) that is the answer, not an error: it says so, exit 0.
 */
import { formatError, loadScenarioFile } from '../sim/scenario/load.js';
import { parseDuration } from '../sim/scenario/units.js';
import { loadConsolidationFile, type PlanSpec } from '../sim/experiment/consolidation-load.js';
import { planHosts } from '../sim/experiment/plan.js';
import { scenarioPlanSpec } from '../sim/experiment/plan-scenario.js';
import { planChart, planHostsCsv, planHtml, planText, planTriedCsv } from '../reports/plan.js';
import { renderSvg } from '../reports/charts.js';
import type { RenderedChart } from '../reports/page.js';
import { checkOutputDir, saveOutputs } from './output-dir.js';
import { wroteLine } from './write-atomic.js';
import { parallelism, workerRunner } from './compare.js';
import { simulatedSpan } from './progress.js';
import type { Runner } from '../sim/experiment/consolidation.js';
import { kindOfFile, wrongKindMessage } from './file-kind.js';
import { UserError } from './errors.js';

export interface PlanArgs {
  file: string;
  format: string;
  quiet: boolean;
  parallel?: number;
  duration?: string;
  host?: string;
  slo?: string[];
  headroomCpu?: number;
  headroomMemory?: number;
  maxHosts?: number;
  out?: string;
  html?: boolean;
}

function bad(lines: string[]): never {
  for (const l of lines) process.stderr.write(l + '\n');
  process.exit(2);
}

function durationOf(flag: string, text: string): number {
  const d = parseDuration(text);
  if ('error' in d) bad([`${flag}: ${d.error}`]);
  return d.value;
}

/** The plan of a consolidation file's plan: section. */
function consolidationSpec(argv: PlanArgs): PlanSpec {
  const r = loadConsolidationFile(argv.file);
  if ('errors' in r) bad(r.errors.map(formatError));
  const spec = r.consolidation.plan;
  if (spec === undefined) bad([`${argv.file}: no plan: section (a host profile, slo:, headroom:) to plan with`]);
  if (!argv.quiet) for (const w of r.consolidation.warnings) process.stderr.write(`warning: ${w}\n`);
  if (argv.duration === undefined) return spec;
  const durationNs = durationOf('--duration', argv.duration);
  return { ...spec, durationNs, candidate: (names, label) => {
    const c = spec.candidate(names, label);
    return 'errors' in c ? c : { ...c, scenario: { ...c.scenario, durationNs } };
  } };
}

/** The plan of a scenario's guests onto hosts like one of its hosts, from the flags. */
function scenarioSpec(argv: PlanArgs): PlanSpec {
  const r = loadScenarioFile(argv.file);
  if ('errors' in r) bad(r.errors.map(formatError));
  const sloNs = new Map<string, number>();
  for (const s of argv.slo ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(s);
    if (m === null) bad([`--slo '${s}': write NAME=DURATION (a guest's name, or default), e.g. --slo default=2s`]);
    sloNs.set(m[1].trim(), durationOf(`--slo ${m[1]}`, m[2]));
  }
  const frac = (flag: string, v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    if (!(v > 0 && v <= 1)) bad([`${flag} must be a fraction in (0, 1] (got ${v})`]);
    return v;
  };
  if (argv.maxHosts !== undefined && !(Number.isInteger(argv.maxHosts) && argv.maxHosts >= 1)) bad([`--max-hosts must be a whole number ≥ 1 (got ${argv.maxHosts})`]);
  const s = scenarioPlanSpec(r.scenario, {
    host: argv.host,
    sloNs,
    headroomCpu: frac('--headroom-cpu', argv.headroomCpu, 0.8),
    headroomMemory: frac('--headroom-memory', argv.headroomMemory, 0.9),
    maxHosts: argv.maxHosts,
    durationNs: argv.duration !== undefined ? durationOf('--duration', argv.duration) : undefined,
  });
  if ('error' in s) bad([s.error]);
  return s.spec;
}

export async function planCommand(argv: PlanArgs): Promise<void> {
  const kind = kindOfFile(argv.file);
  if (kind === 'sweep') throw new UserError(wrongKindMessage(argv.file, 'sweep', 'consolidation'), 2);
  if (argv.html === true && argv.out === undefined) throw new UserError('--html needs --out DIR', 2);
  // Before anything is simulated: a bad --out is known at once.
  if (argv.out !== undefined) checkOutputDir(argv.out);
  const spec = kind === 'consolidation' ? consolidationSpec(argv) : scenarioSpec(argv);
  // Progress: simulated time and runs so far; the demand phase (every workload alone) first.
  const t0 = Date.now();
  let simulatedNs = 0;
  let runs = 0;
  let placed = 0;
  let demandS = 0;
  const inner = workerRunner(true);
  const countingRunner = (quiet: boolean): Runner => async (scenario, label) => {
    const r = await inner(scenario, label);
    simulatedNs += r.end_ns;
    runs++;
    if (!quiet && runs === spec.workloads.length && placed === 0) {
      demandS = (Date.now() - t0) / 1000;
      process.stderr.write(`  demand: ${runs} workloads alone, ${simulatedSpan(simulatedNs)} simulated in ${demandS.toFixed(1)} s; placing…\n`);
    }
    return r;
  };
  const result = await planHosts(spec, countingRunner(argv.quiet), argv.quiet ? undefined : (row) => {
    if (row.verdict !== 'rejected') placed++;
    const elapsed = (Date.now() - t0) / 1000;
    // The workloads left, at the pace of those placed so far (the number of checks ahead is not known).
    const eta = placed < spec.workloads.length ? `, ETA ≈ ${Math.ceil(((elapsed - demandS) / placed) * (spec.workloads.length - placed))} s` : '';
    process.stderr.write(`  tried ${row.domains.join(' ')} on host ${row.host}: ${row.verdict} — ${placed} of ${spec.workloads.length} placed, ${simulatedSpan(simulatedNs)} simulated in ${runs} runs${eta}\n`);
  }, parallelism(argv.parallel));
  if (argv.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(planText(result));
  if (argv.out !== undefined) {
    const files: Record<string, string> = {
      'plan.json': JSON.stringify(result, null, 2) + '\n',
      'plan-hosts.csv': planHostsCsv(result),
      'plan-tried.csv': planTriedCsv(result),
    };
    if (argv.html === true) {
      let chart: RenderedChart | null = null;
      if (result.hosts.length > 0) {
        const c = planChart(result);
        chart = { name: c.name, title: c.title, svg: await renderSvg(c.spec) };
      }
      files['plan.html'] = planHtml(result, chart, argv.file);
    }
    saveOutputs(argv.out, files, 'plan'); // elsewhere, and said so (exit 1), if the folder fails now
    if (!argv.quiet) process.stderr.write(wroteLine(argv.out, Object.keys(files)) + '\n');
  }
}
