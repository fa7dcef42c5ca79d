/**
 * "xensim beside published Xen measurements": every row of scenarios/papers/*.expect.yaml
 * keeps the verdict recorded for it. The runs use each paper's quick horizon (its
 * expect file says why that is enough) and each row's quick tolerance where it states
 * one; a simulated value that moves across its tolerance flips the verdict and fails
 * here. `npm run papers -- --record` (and `--quick --record`) rewrite the recorded
 * verdicts after a model changes on purpose.
 */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { loadPapers, prepareRuns } from '../../cli/papers.js';
import { runTask } from '../../cli/papers-worker.js';
import { loadPaperText, type PaperSpec } from '../../sim/experiment/paper-expect.js';
import { paperOutcomes, rowOutcome, type RunOutcome, verdictCounts } from '../../sim/experiment/paper-verdicts.js';
import { plannedRun } from '../../sim/experiment/paper-runs.js';
import { schedulerNames } from '../../sim/xen/scheduler.js';
import { validationMarkdown, validationText } from '../../reports/validation.js';
import { ROOT } from '../helpers/scenario.js';

const DIR = join(ROOT, 'scenarios', 'papers');
const papers = loadPapers(DIR);

/** Every quick run, in-process; the ones that cannot run keep their reason. */
function quickOutcomes(ps: readonly PaperSpec[]): Map<string, RunOutcome> {
  const { tasks, outcomes } = prepareRuns(ps, 'quick');
  for (const t of tasks) outcomes.set(t.key, { values: runTask(t) });
  return outcomes;
}

describe('the bundled papers', () => {
  test('at least six papers, each row with a stated tolerance reason where a value is compared', () => {
    expect(papers.length).toBeGreaterThanOrEqual(6);
    for (const p of papers) {
      for (const r of p.rows) {
        const compared = r.published.not_retrieved === undefined && r.cannot_simulate === undefined;
        if (compared && (r.published.value !== undefined || r.tolerance !== undefined)) expect(r.tolerance?.reason.length ?? 0).toBeGreaterThan(20);
        // A shortfall says why (a scheduler that is not there yet says it itself, at run time).
        if (r.verdict === 'not reproduced') expect(r.why?.length ?? 0).toBeGreaterThan(20);
      }
    }
  });

  const outcomes = quickOutcomes(papers);
  const rows = paperOutcomes(papers, 'quick', outcomes);

  for (const o of rows) {
    test(`${o.paper}/${o.row.id}: ${o.row.quick?.verdict ?? o.row.verdict}`, () => {
      expect(o.verdict).toBe(o.row.quick?.verdict ?? o.row.verdict);
      if (o.verdict === 'reproduced' || o.verdict === 'not reproduced' || o.verdict === 'not compared') {
        expect(Number.isFinite(o.simulated)).toBe(true);
      }
    });
  }

  test('a run that needs a scheduler this build lacks is "cannot simulate: needs scheduler …", never a crash', () => {
    const known = new Set(schedulerNames());
    const { tasks, outcomes: early } = prepareRuns(papers, 'quick');
    for (const t of tasks) expect(known.has(t.scenario.scheduler.name)).toBe(true);
    for (const [, o] of early) {
      expect('cannot' in o).toBe(true);
      if ('cannot' in o && o.cannot.startsWith('needs scheduler')) expect(known.has(/needs scheduler (\w+)/.exec(o.cannot)![1])).toBe(false);
    }
    // Every run the rows name is either runnable or has its reason.
    expect(tasks.length + early.size).toBeGreaterThan(0);
  });

  test('the table and the page list every row and the verdict counts add up', () => {
    const c = verdictCounts(rows);
    expect(c.reproduced + c['not reproduced'] + c['cannot simulate'] + c['not compared']).toBe(rows.length);
    const text = validationText(rows, papers);
    expect(text.trimEnd().split('\n').length).toBe(rows.length + 3);
    const md = validationMarkdown(papers, rows, (p) => `validation/${p}.svg`);
    for (const o of rows) expect(md).toContain(`**${o.row.id}**`);
    for (const p of papers) expect(md).toContain(`validation/${p.paper}.svg`);
  });
});

describe('verdicts follow the tolerance fixed in the expect file', () => {
  const text = `
paper: toy
title: "A toy"
authors: "A. Author and B. Author"
venue: "Nowhere, 2001"
text_read: "all of it"
hardware: "one CPU"
xen: "3.0"
quick: { duration: 1s, reason: "a toy" }
rows:
  - id: share
    figure: "Fig. 1"
    quantity: "a share"
    unit: "%"
    run: { scenario: toy.yaml }
    measure: { of: { metric: domains.vm.cpu_seconds, per_second: true }, scale: 100 }
    published: { value: 30 }
    tolerance: { abs: 1, reason: "the figure's read precision" }
    verdict: reproduced
  - id: bound
    figure: "Fig. 2"
    quantity: "a ratio"
    run: { scenario: toy.yaml }
    measure: { of: { metric: domains.vm.cpu_seconds } }
    published: { at_least: 5 }
    tolerance: { abs: 0, reason: "the paper's own bound" }
    verdict: not reproduced
`;
  const loaded = loadPaperText(text, join(DIR, 'toy.expect.yaml'));
  if ('errors' in loaded) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const paper = loaded.paper;
  const key = plannedRun(paper, paper.rows[0].run!).key;
  const at = (cpuSeconds: number, endS = 10): Map<string, RunOutcome> => new Map([[key, { values: { [JSON.stringify(['domains.vm.cpu_seconds', 'mean', true])]: cpuSeconds / endS, [JSON.stringify(['domains.vm.cpu_seconds', 'mean', false])]: cpuSeconds } }]]);

  test('30.9 % against 30 ± 1 is reproduced; 31.1 % is not', () => {
    expect(rowOutcome(paper, paper.rows[0], 'full', at(3.09)).verdict).toBe('reproduced');
    const off = rowOutcome(paper, paper.rows[0], 'full', at(3.11));
    expect(off.verdict).toBe('not reproduced');
    expect(off.error).toBeCloseTo(1.1, 9);
  });

  test('a lower bound: 4.9 is not reproduced, 5 is', () => {
    expect(rowOutcome(paper, paper.rows[1], 'full', at(4.9)).verdict).toBe('not reproduced');
    expect(rowOutcome(paper, paper.rows[1], 'full', at(5)).verdict).toBe('reproduced');
  });

  test('a run that could not be made makes its rows "cannot simulate" with the reason', () => {
    const o = rowOutcome(paper, paper.rows[0], 'full', new Map([[key, { cannot: 'needs scheduler bvt' }]]));
    expect(o.verdict).toBe('cannot simulate');
    expect(o.note).toBe('needs scheduler bvt');
  });

  test('an expect file that gives a value without a tolerance is refused at its line', () => {
    const bad = loadPaperText(text.replace('    tolerance: { abs: 1, reason: "the figure\'s read precision" }\n', ''), 'bad.expect.yaml');
    expect('errors' in bad && bad.errors[0].line).toBeGreaterThan(0);
    expect('errors' in bad && bad.errors[0].message).toMatch(/needs a tolerance/);
  });
});
