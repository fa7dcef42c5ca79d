/**
 * `xensim plan FILE`: the smallest number of hosts of the file's `plan:` profile that
 * carry the `before:` workloads within their SLOs and headroom (sim/experiment/plan.ts),
 * with the table of every candidate tried. When no plan exists (a workload fails even
 * alone, or max_hosts is reached) that is the answer, not an error: it says so, exit 0.
 */
import { formatError } from '../sim/scenario/load.js';
import { loadConsolidationFile } from '../sim/experiment/consolidation-load.js';
import { planHosts } from '../sim/experiment/plan.js';
import { planText } from '../reports/plan.js';
import { workerRunner } from './compare.js';
import { requireKind } from './file-kind.js';

export interface PlanArgs {
  file: string;
  format: string;
  quiet: boolean;
}

export async function planCommand(argv: PlanArgs): Promise<void> {
  requireKind(argv.file, 'consolidation');
  const r = loadConsolidationFile(argv.file);
  if ('errors' in r) {
    for (const e of r.errors) process.stderr.write(formatError(e) + '\n');
    process.exit(2);
  }
  const spec = r.consolidation.plan;
  if (spec === undefined) {
    process.stderr.write(`${argv.file}: no plan: section (a host profile, slo:, headroom:) to plan with\n`);
    process.exit(2);
  }
  if (!argv.quiet) for (const w of r.consolidation.warnings) process.stderr.write(`warning: ${w}\n`);
  const result = await planHosts(spec, workerRunner(true), argv.quiet ? undefined : (row) => {
    process.stderr.write(`  tried ${row.domains.join(' ')} on host ${row.host}: ${row.verdict}\n`);
  });
  if (argv.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(planText(result));
}
