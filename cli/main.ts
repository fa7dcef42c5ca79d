#!/usr/bin/env node
/**
 * The xensim command line: the only place that touches argv, stdout, stderr and files.
 * Exit codes (README, "Exit codes"): 0 ok, 1 failure while running or writing, 2 bad input
 * (file:line:col: message, no stack trace), 130 interrupted. Errors: cli/errors.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { Document as YamlDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseCpuList, parseDiskSpec, parseVifSpec } from '../sim/scenario/devices.js';
import { formatError, loadScenarioFile } from '../sim/scenario/load.js';
import { estimateCostSeconds, estimateMemoryBytes, estimateText, formatBytes } from '../sim/scenario/estimate.js';
import { scenarioJsonSchema } from '../sim/scenario/schema.js';
import { parseDuration } from '../sim/scenario/units.js';
import { parseXlConfig } from '../sim/scenario/xlcfg.js';
import { xlDomainFields } from '../sim/scenario/xl-domain.js';
import { presetDocs } from '../sim/workload/presets.js';
import { domainsCsv, formatText, renderOutputStreams, resultJsonChunks, streamTo } from '../reports/index.js';
import { progressPrinter } from './progress.js';
import { runInWorker } from './run-in-worker.js';
import { wroteLine } from './write-atomic.js';
import { compareCommand } from './compare.js';
import { planCommand } from './plan.js';
import { checkSweepFile, sweepCommand } from './sweep.js';
import { mergeCommand } from './merge.js';
import { papersCommand, PapersInputError } from './papers.js';
import { runEstateGroups, writeShardFile } from './estate-run.js';
import { estateLayout } from '../sim/estate/host-groups.js';
import { chooseShard } from '../sim/experiment/index.js';
import type { Result } from '../sim/stats/result.js';
import { loadConsolidationFile } from '../sim/experiment/consolidation-load.js';
import { exitOnError } from './errors.js';
import { checkOutputDir, saveOutputs } from './output-dir.js';
import { kindOfFile, requireKind } from './file-kind.js';
import { describeError, readBounded } from '../sim/scenario/read-bounded.js';
import { inputMiddleware, maxInputSizeOption } from './input-options.js';

/** Bad input: reported without a stack trace, exit 2. */
class InputError extends Error {}

const here = dirname(fileURLToPath(import.meta.url));
/** The package root (dist/cli/main.js → ../..). */
const packageRoot = resolve(here, '..', '..');
/** Longest run we start without --force (estimated wall seconds). */
const MAX_ESTIMATED_SECONDS = 600;
/** Share of this machine's memory a run may take (estimated) without --force. */
const MAX_MEMORY_SHARE = 0.8;
/** Scenarios this big get validate's estimate of memory and time on their ok line. */
const BIG_DOMAINS = 1000;
const BIG_BYTES = 1e9;

function fail(lines: string[]): never {
  for (const l of lines) process.stderr.write(l + '\n');
  process.exit(2);
}

function load(file: string) {
  const r = loadScenarioFile(file);
  if ('errors' in r) fail(r.errors.map(formatError));
  return r;
}

async function run(argv: { file: string; seed?: number; duration?: string; out?: string; format: string; html: boolean; quiet: boolean; progress: boolean; force: boolean; workers?: number; shard?: string; shardCount?: number }): Promise<void> {
  requireKind(argv.file, 'scenario');
  const { scenario, warnings } = load(argv.file);
  let durationNs = scenario.durationNs;
  if (argv.duration !== undefined) {
    const d = parseDuration(argv.duration);
    if ('error' in d) throw new InputError(`--duration: ${d.error}`);
    durationNs = d.value;
  }
  if (argv.seed !== undefined && !(Number.isInteger(argv.seed) && argv.seed >= 0)) throw new InputError(`--seed must be a non-negative integer (got ${argv.seed})`);
  if (argv.html && argv.out === undefined) throw new InputError('--html needs --out DIR');
  const threads = estateThreads(scenario, argv.workers);
  // Memory first: a run that cannot fit is refused whatever its time.
  const bytes = estimateMemoryBytes(scenario, durationNs);
  if (bytes > MAX_MEMORY_SHARE * totalmem() && !argv.force) {
    throw new InputError(`${argv.file}: this run would need about ${formatBytes(bytes)} of memory (estimated, ${scenario.domains.length} domains), more than this machine's ${formatBytes(totalmem())} can hold; shorten --duration, split the scenario, or add --force`);
  }
  const est = estimateCostSeconds(scenario, durationNs) / threads;
  if (est > MAX_ESTIMATED_SECONDS && !argv.force) {
    throw new InputError(`${argv.file}: this run would take about ${Math.round(est / 60)} minutes (estimated); shorten --duration or add --force`);
  }
  if (argv.out !== undefined) checkOutputDir(argv.out);
  for (const w of warnings) if (!argv.quiet) process.stderr.write(`warning: ${w}\n`);
  const showProgress = argv.progress && !argv.quiet && process.stderr.isTTY === true;
  const layout = estateLayout(scenario);
  // An estate's progress counts every host group's simulated time: host-days, host-hours…
  const per = layout.groups.length > 1 ? (layout.groups.some((g) => g.length > 1) ? 'group' : 'host') : '';
  const bar = showProgress ? progressPrinter(process.stderr, { per }) : null;
  const t0 = process.hrtime.bigint();
  const onInterrupt = (): void => { if (!argv.quiet) process.stderr.write('\nxensim: interrupted; stopping and reporting what ran so far (Ctrl-C again to abort)\n'); };
  let result: Result;
  if (layout.groups.length > 1) {
    // Several independent host groups: on worker threads, or one shard of them.
    const choice = chooseShard(argv.shard, argv.shardCount, process.env);
    if ('error' in choice) throw new InputError(choice.error);
    if (argv.workers !== undefined && !(Number.isInteger(argv.workers) && argv.workers >= 1)) throw new InputError(`--workers must be a whole number ≥ 1 (got ${argv.workers})`);
    if (choice.shard !== undefined && argv.out === undefined) throw new InputError(`a shard (${choice.from}) writes its part to --out DIR for xensim merge: add --out`);
    const ran = await runEstateGroups(scenario, layout, { seed: argv.seed, durationNs, workers: argv.workers, shard: choice.shard, onProgress: bar ? (p) => bar.update(p) : undefined, onInterrupt });
    bar?.done();
    if ('shardFile' in ran) {
      const path = writeShardFile(argv.out!, choice.shard!, ran.shardFile);
      const n = Object.keys(ran.shardFile.results).length;
      if (!argv.quiet) process.stderr.write(`shard ${ran.shardFile.shard} (${choice.from}): ${n} of ${layout.groups.length} host groups in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s; wrote ${path} (join the shards with: xensim merge DIR... --out DIR)\n`);
      return;
    }
    result = ran.result;
  } else {
    // In a worker so that Ctrl-C reaches us while the (synchronous) simulation runs.
    result = await runInWorker(scenario, { seed: argv.seed, durationNs, onProgress: bar ? (p) => bar.update(p) : undefined, onInterrupt });
    bar?.done();
  }
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  let saveError: unknown;
  let wrote = '';
  if (argv.out !== undefined) {
    const files = await renderOutputStreams(result, { html: argv.html });
    try {
      saveOutputs(argv.out, files, 'run');
      wrote = wroteLine(argv.out, Object.keys(files));
    } catch (e) {
      saveError = e; // the result still goes to stdout below
    }
  }
  const withNewline = (t: string): string => (t.endsWith('\n') ? t : t + '\n');
  if (argv.format === 'json') await streamTo(process.stdout, resultJsonChunks(result)); // piece by piece: any size
  else if (argv.format === 'csv') process.stdout.write(withNewline(domainsCsv(result)));
  else process.stdout.write(withNewline(formatText(result)));
  if (!argv.quiet) process.stderr.write(`simulated ${result.events.toLocaleString('en-US')} events in ${wallS.toFixed(2)} s (${(result.events / wallS / 1e6).toFixed(2)} M events/s)${result.stopped_early ? ' — stopped early' : ''}\n`);
  if (wrote !== '' && !argv.quiet) process.stderr.write(wrote + '\n');
  if (saveError !== undefined) throw saveError;
  if (result.stopped_early) process.exitCode = 130; // Ctrl-C: partial results reported and saved
}

function validate(files: string[]): void {
  const errors: string[] = [];
  for (const f of files) {
    if (isSweepFile(f)) {
      const s = checkSweepFile(f);
      if ('errors' in s) errors.push(...s.errors);
      else process.stdout.write(`${f}: ${s.ok}\n`);
      continue;
    }
    if (isConsolidationFile(f)) {
      const c = loadConsolidationFile(f);
      if ('errors' in c) errors.push(...c.errors.map(formatError));
      else process.stdout.write(`${f}: ok (consolidation: ${c.consolidation.before.length} servers → ${c.consolidation.after.length} Xen hosts${c.consolidation.plan ? ', plan' : ''})\n`);
      continue;
    }
    const r = loadScenarioFile(f);
    if ('errors' in r) errors.push(...r.errors.map(formatError));
    else {
      const hosts = r.scenario.hosts;
      const where = hosts !== undefined && hosts.length > 1 ? `${hosts.length} hosts, ${hosts.reduce((a, h) => a + h.spec.pcpus, 0)} pCPUs, ${estateLayout(r.scenario).groups.length} host groups` : `${r.scenario.host.pcpus} pCPU`;
      process.stdout.write(`${f}: ok (${r.scenario.domains.length} domains, ${where}, ${r.scenario.scheduler.name}${r.warnings.length > 0 ? `, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : ''}${bigNote(r.scenario)})\n`);
      // The warnings `run` prints, so that a file checked here holds no surprise there.
      for (const w of r.warnings) process.stderr.write(`${f}: warning: ${w}\n`);
    }
  }
  if (errors.length > 0) fail(errors);
}

/** Threads a run of `s` uses: its host groups side by side on the workers (one for one host). */
function estateThreads(s: Parameters<typeof estimateMemoryBytes>[0], workers?: number): number {
  const groups = estateLayout(s).groups.length;
  return groups > 1 ? Math.min(groups, workers !== undefined && workers >= 1 ? workers : availableParallelism()) : 1;
}

/** ", about 3.9 GB of memory and 6 minutes to run (estimated)" for a big scenario, else ''. */
function bigNote(s: Parameters<typeof estimateMemoryBytes>[0]): string {
  return s.domains.length >= BIG_DOMAINS || estimateMemoryBytes(s) >= BIG_BYTES ? `, ${estimateText(s, s.durationNs, estateThreads(s))}` : '';
}

/** A sweep file (base:, axes:, for `xensim sweep`) rather than a scenario (read bounded: cli/file-kind.ts). */
function isSweepFile(f: string): boolean {
  return kindOfFile(f) === 'sweep';
}

/** A consolidation file (before:/after:, for compare and plan) rather than a scenario. */
function isConsolidationFile(f: string): boolean {
  return kindOfFile(f) === 'consolidation';
}

/**
 * A bundled scenario's description: the paragraph of comments that starts `# NAME: …`,
 * whole (up to the first empty comment line or the end of the comments).
 */
export function scenarioDescription(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^#\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `).test(l));
  if (start < 0) return '';
  const parts = [lines[start].replace(/^#\s*[^:]+:\s*/, '')];
  for (let i = start + 1; i < lines.length && /^#\s*\S/.test(lines[i]); i++) parts.push(lines[i].replace(/^#\s*/, ''));
  const all = parts.join(' ').replace(/\s+/g, ' ').trim();
  // A paragraph that leads into a table or list ("… showed:") ends at the sentence before.
  return all.endsWith(':') && all.lastIndexOf('. ') > 0 ? all.slice(0, all.lastIndexOf('. ') + 1) : all;
}

/** Greedy word wrap; a word longer than the width gets a line of its own. */
function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ').filter((x) => x !== '')) {
    if (line !== '' && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(line);
  return out;
}

function list(): void {
  const dir = join(packageRoot, 'scenarios');
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.yaml') && !n.endsWith('.expect.yaml') ? [p] : [];
  });
  const width = process.stdout.isTTY === true ? Math.min(120, process.stdout.columns ?? 100) : 100;
  process.stdout.write('Bundled scenarios:\n');
  for (const p of walk(dir).sort()) {
    const text = readFileSync(p, 'utf8');
    const name = basename(p, '.yaml');
    const desc = scenarioDescription(text, name);
    const path = p.slice(packageRoot.length + 1);
    const lines = wrapWords(desc, Math.max(40, width - 43));
    // A path longer than the column (scenarios/papers/…) gets a line of its own.
    if (path.length > 40) process.stdout.write(`  ${path}\n`);
    else process.stdout.write(`  ${path.padEnd(40)} ${lines[0] ?? ''}\n`);
    for (const l of path.length > 40 ? lines : lines.slice(1)) process.stdout.write(`  ${''.padEnd(40)} ${l}\n`);
  }
  process.stdout.write('\nWorkload presets:\n');
  for (const p of presetDocs()) {
    process.stdout.write(`  ${p.name.padEnd(9)} ${p.doc}\n`);
    for (const q of p.params) process.stdout.write(`  ${''.padEnd(9)}   ${q.name} (default ${q.default}): ${q.doc}\n`);
  }
}

function importXl(files: string[]): void {
  const errors: string[] = [];
  const domains: { file: string; fields: Record<string, unknown> }[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readBounded(f, 'xl config');
    } catch (e) {
      errors.push(`${f}: ${describeError(e)}`);
      continue;
    }
    const r = parseXlConfig(text);
    if ('errors' in r) {
      errors.push(...r.errors.map((e) => formatError({ file: f, ...e })));
      continue;
    }
    const x = xlDomainFields(r.config);
    if (x.errors.length > 0) {
      errors.push(...x.errors.map((e) => formatError({ file: f, ...e })));
      continue;
    }
    // The scenario's field order, whatever order the config file used.
    const order = ['name', 'type', 'memory', 'maxmem', 'vcpus', 'cpus', 'weight', 'cap', 'disk', 'vif'] as const;
    const fields: Record<string, unknown> = {};
    for (const k of order) if (x.fields[k] !== undefined) fields[k] = x.fields[k];
    fields.name ??= basename(f);
    fields.workload = { preset: 'idle' };
    domains.push({ file: f, fields });
  }
  if (errors.length > 0) fail(errors);
  process.stdout.write(importedScenarioYaml(domains));
}

/**
 * A whole scenario around imported domains: a `host:` skeleton with every disk (volume
 * group or directory) and bridge the configs name, so that `xensim validate` passes on
 * the output as it is; comments mark what the user should edit.
 */
export function importedScenarioYaml(domains: { file: string; fields: Record<string, unknown> }[]): string {
  const diskNames: string[] = [];
  const bridgeNames: string[] = [];
  let pcpus = 1;
  let memMb = 0;
  for (const { fields } of domains) {
    for (const d of (fields.disk as string[] | undefined) ?? []) {
      const r = parseDiskSpec(d);
      if ('vbd' in r && !diskNames.includes(r.vbd.hostDisk)) diskNames.push(r.vbd.hostDisk);
    }
    for (const v of (fields.vif as string[] | undefined) ?? []) {
      const r = parseVifSpec(v);
      if ('vif' in r && r.vif.bridge !== undefined && !bridgeNames.includes(r.vif.bridge)) bridgeNames.push(r.vif.bridge);
    }
    if (typeof fields.vcpus === 'number') pcpus = Math.max(pcpus, fields.vcpus);
    if (fields.cpus !== undefined) {
      const c = parseCpuList(fields.cpus);
      if ('cpus' in c && c.cpus.length > 0) pcpus = Math.max(pcpus, Math.max(...c.cpus) + 1);
    }
    memMb += Math.max(Number(fields.memory ?? 0), Number(fields.maxmem ?? 0));
  }
  const DOM0_MB = 512;
  const hostMb = Math.ceil((memMb + DOM0_MB) / 256) * 256;
  const host: Record<string, unknown> = {
    name: 'xenhost',
    pcpus,
    cpu: { ghz: '2.4GHz', ipc: 1.0 },
    memory: `${hostMb}M`,
    disks: diskNames.map((name) => ({ name, kind: 'hdd' })),
    nics: [{ name: 'eth0', bandwidth: '1Gbit' }],
    bridges: bridgeNames.map((name) => ({ name, nic: 'eth0' })),
  };
  const doc = new YamlDocument({
    name: 'imported',
    seed: 1,
    duration: '1d',
    host,
    scheduler: { name: 'credit' },
    dom0: { memory: `${DOM0_MB}M`, vcpus: 1 },
    domains: domains.map((d) => d.fields),
  });
  const noteIn = (map: YAMLMap, key: string, text: string): void => {
    const pair = map.items.find((it) => (it.key as { value?: unknown }).value === key);
    if (pair) (pair.key as { commentBefore?: string }).commentBefore = text;
  };
  const note = (key: string, text: string): void => noteIn(doc.get('host') as YAMLMap, key, text);
  noteIn(doc.contents as YAMLMap, 'host', ' EDIT: this host is a skeleton, filled in so that the file validates; make it your machine (docs/scenarios.md, docs/devices.md).');
  note('pcpus', ' EDIT: physical CPUs (here: the most vCPUs or the highest pinned pCPU the configs name)');
  note('memory', ` EDIT: host memory (here: the domains' ${memMb} MB + Dom0's ${DOM0_MB} MB, rounded up)`);
  if (diskNames.length > 0) note('disks', ` EDIT: one disk per volume group or directory the configs' disk = lines name (${diskNames.join(', ')}): kind hdd/ssd, rpm, seek, transfer`);
  else note('disks', ' EDIT: the configs name no disks');
  note('nics', ' EDIT: the NICs and their bandwidth');
  if (bridgeNames.length > 0) note('bridges', ` the bridges the configs' vif = lines name (${bridgeNames.join(', ')}), all on eth0: EDIT if yours differ`);
  const seq = doc.get('domains') as YAMLSeq;
  seq.items.forEach((item, i) => {
    (item as { commentBefore?: string }).commentBefore = ` from ${domains[i].file}; EDIT: choose its workload (docs/scenarios.md, xensim list)`;
  });
  return '# Scenario imported from xl/xm configs by `xensim import xl` (memory in MB, as in xl.cfg).\n' +
    '# It validates as it is (xensim validate FILE); lines marked EDIT are guesses to correct.\n' +
    doc.toString({ flowCollectionPadding: true });
}

/**
 * A help example as two lines, a `# what it does` comment over the command: yargs's
 * two-column layout would wrap a long command mid-way; a line of its own keeps it whole.
 */
function ex(command: string, what: string): [string, string][] {
  return [[`# ${what}`, ''], [command, '']];
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('xensim')
    .usage('$0 <command> [options]\n\nSimulate a consolidated Xen host from a YAML scenario.')
    .command(
      'run <file>',
      'simulate a scenario and report',
      (y) => y
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML' })
        .option('seed', { type: 'number', describe: 'random seed (overrides the scenario)' })
        .option('duration', { type: 'string', describe: 'simulated time, e.g. 1h, 42d 12h (overrides the scenario)' })
        .option('out', { type: 'string', describe: 'write result.json, CSVs, charts (and report.html) to DIR' })
        .option('format', { choices: ['text', 'json', 'csv'] as const, default: 'text', describe: 'what to print on stdout' })
        .option('html', { type: 'boolean', default: false, describe: 'also write report.html (with --out)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress, timing or warnings on stderr' })
        .option('progress', { type: 'boolean', default: true, describe: 'progress bar on stderr (--no-progress to hide)' })
        .option('force', { type: 'boolean', default: false, describe: 'run even if the estimate says it will take long' })
        .option('workers', { type: 'number', describe: 'several hosts: worker threads for the host groups (default: one per core)' })
        .option('shard', { type: 'string', describe: 'several hosts: run shard i/N of the host groups into --out (i from 0); default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX' })
        .option('shard-count', { type: 'number', describe: 'number of shards with JOB_COMPLETION_INDEX (or XENSIM_SHARD_COUNT)' })
        .example(ex('$0 run scenarios/greebo.yaml', 'the talk\'s host over 42.5 days'))
        .example(ex('$0 run scenarios/demo.yaml --duration 10s --format json', 'the Result as JSON'))
        .example(ex('$0 run scenarios/greebo.yaml --out out/ --html', 'every output file, with an HTML report')),
      (a) => run(a as never),
    )
    .command(
      'validate <files..>',
      'check scenarios without running them',
      (y) => y.positional('files', { type: 'string', array: true, demandOption: true }).example(ex('$0 validate scenarios/*.yaml', 'check every bundled scenario')),
      (a) => validate(a.files as string[]),
    )
    .command(
      'compare <file>',
      'simulate a consolidation file: physical servers before vs Xen hosts after',
      (y) => y
        .positional('file', { type: 'string', demandOption: true, describe: 'consolidation YAML (before:, after:, costs:)' })
        .option('out', { type: 'string', describe: 'write comparison.json, CSVs, charts (and compare.html) to DIR' })
        .option('format', { choices: ['text', 'json', 'csv'] as const, default: 'text', describe: 'what to print on stdout' })
        .option('html', { type: 'boolean', default: false, describe: 'also write compare.html (with --out)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress or warnings on stderr' })
        .option('parallel', { type: 'number', describe: 'simulations at once (default: the number of cores)' })
        .option('duration', { type: 'string', describe: 'simulated time of every run, e.g. 1d (overrides the file)' })
        .option('progress', { type: 'boolean', default: true, describe: 'live progress line on stderr (--no-progress to hide)' })
        .example(ex('$0 compare scenarios/consolidation-planetlab.yaml --duration 1h', 'a quick look: one simulated hour of each server and host'))
        .example(ex('$0 compare scenarios/consolidation-greebo.yaml', "the talk's five servers vs greebo")),
      (a) => compareCommand(a as never),
    )
    .command(
      'plan <file>',
      'how many hosts: first-fit-decreasing placement of a consolidation file\'s or a scenario\'s guests, each host checked by simulation',
      (y) => y
        .positional('file', { type: 'string', demandOption: true, describe: 'consolidation YAML with a plan: section, or a scenario (one host or several)' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text', describe: 'what to print on stdout' })
        .option('out', { type: 'string', describe: 'write plan.json, plan-hosts.csv, plan-tried.csv (and plan.html) to DIR' })
        .option('html', { type: 'boolean', default: false, describe: 'also write plan.html (with --out)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
        .option('parallel', { type: 'number', describe: 'candidate hosts simulated at once (default: the number of cores)' })
        .option('duration', { type: 'string', describe: 'simulated time of each check (overrides the file)' })
        .option('host', { type: 'string', describe: 'scenario: the host whose profile to plan with (default the first)' })
        .option('slo', { type: 'string', array: true, describe: 'scenario: p95 objective NAME=DURATION per guest, or default=DURATION' })
        .option('headroom-cpu', { type: 'number', describe: 'scenario: CPU p95 limit per host, 0–1 (default 0.8)' })
        .option('headroom-memory', { type: 'number', describe: 'scenario: memory limit per host, 0–1 (default 0.9)' })
        .option('max-hosts', { type: 'number', describe: 'scenario: give up beyond this many hosts (default: one per guest)' })
        .example(ex('$0 plan scenarios/consolidation-greebo.yaml', 'greebo-class hosts for the five guests'))
        .example(ex('$0 plan scenarios/consolidation-greebo.yaml --out out/plan --html', 'plan.json, CSVs and plan.html'))
        .example(ex('$0 plan my-estate.yaml --host xen1 --slo default=2s', "an estate's guests on the fewest hosts like xen1")),
      (a) => planCommand(a as never),
    )
    .command(
      'sweep <file>',
      'run a sweep: a base scenario × axes × replications, in parallel, with 95 % CIs',
      (y) => y
        .positional('file', { type: 'string', demandOption: true, describe: 'sweep YAML (base:, axes:, replications:, metrics:)' })
        .option('out', { type: 'string', demandOption: true, describe: 'directory for runs.jsonl, runs.csv, summary.csv, report.html' })
        .option('workers', { type: 'number', describe: 'worker threads (default: one per core)' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted sweep in --out, skipping finished runs' })
        .option('shard', { type: 'string', describe: 'run shard i/N of the grid (i from 0); default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX' })
        .option('shard-count', { type: 'number', describe: 'number of shards with JOB_COMPLETION_INDEX (or XENSIM_SHARD_COUNT)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress or messages on stderr' })
        .option('progress', { type: 'boolean', default: true, describe: 'progress bar on stderr (--no-progress to hide)' })
        .example(ex('$0 sweep scenarios/sweeps/dom0-weight.sweep.yaml --out out/dom0', 'credit vs rr × Dom0 weight, 10 replications'))
        .example(ex('$0 sweep my.sweep.yaml --out out/s1 --shard 1/3', 'the second of three shards (i from 0)'))
        .example(ex('$0 merge out/s0 out/s1 out/s2 --out out/all', 'then join the three shards')),
      (a) => sweepCommand({ file: a.file, out: a.out, workers: a.workers, resume: a.resume, shard: a.shard, shardCount: a.shardCount, quiet: a.quiet, progress: a.progress }),
    )
    .command(
      'merge <dirs..>',
      'join the output directories of a sweep\'s shards, or a several-host run\'s',
      (y) => y
        .positional('dirs', { type: 'string', array: true, demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'directory for the merged outputs' })
        .option('quiet', { type: 'boolean', default: false })
        .option('html', { type: 'boolean', default: false, describe: 'shards of a several-host run: also write report.html' })
        .example(ex('$0 merge out/s0 out/s1 out/s2 --out out/all', 'the same files as one unsharded sweep'))
        .example(ex('$0 merge out/estate --out out/all', 'join `run --shard i/N` estate shards into one result')),
      (a) => mergeCommand({ dirs: a.dirs as string[], out: a.out, quiet: a.quiet, html: a.html }),
    )
    .command(
      'papers',
      'run the published Xen experiments under scenarios/papers/ and write docs/validation.md',
      (y) => y
        .option('dir', { type: 'string', describe: 'folder of the *.expect.yaml files and their scenarios (default: the bundled scenarios/papers)' })
        .option('docs', { type: 'string', default: 'docs', describe: 'where validation.md, validation.html and validation/*.svg go' })
        .option('quick', { type: 'boolean', default: false, describe: "reduced horizons and the rows' quick tolerances (what the tests check); writes no docs" })
        .option('workers', { type: 'number', describe: 'worker threads (default: one per core)' })
        .option('write', { type: 'boolean', default: true, describe: 'write the docs (--no-write: print the table only)' })
        .option('record', { type: 'boolean', default: false, describe: 'write the new verdicts into the expect files' })
        .option('only', { type: 'string', array: true, describe: 'only these papers (their expect files\' paper: names)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress or messages on stderr' })
        .example(ex('$0 papers', 'every paper: the table on stdout, docs/validation.md and its charts'))
        .example(ex('$0 papers --only clark2005 --no-write', 'one paper, the table only')),
      (a) => papersCommand({ dir: a.dir ?? join(packageRoot, 'scenarios', 'papers'), docs: a.docs, quick: a.quick, workers: a.workers, write: a.write, record: a.record, only: a.only as string[] | undefined, quiet: a.quiet }),
    )
    .command('list', 'list bundled scenarios and workload presets', (y) => y, () => list())
    .command('schema', 'print the scenario JSON Schema (for editors)', (y) => y.example(ex('$0 schema > scenario.schema.json', 'for editors: a scenario whose first line names it completes keys')).example(ex('# yaml-language-server: $schema=scenario.schema.json', 'that first line')), () => {
      process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    })
    .command(
      'import <kind> <files..>',
      'turn xl/xm domain configs into scenario YAML',
      (y) => y
        .positional('kind', { choices: ['xl'] as const, demandOption: true })
        .positional('files', { type: 'string', array: true, demandOption: true })
        .example(ex('$0 import xl /etc/xen/auto/* > mine.yaml', 'a scenario for those domains, with a host skeleton to edit'))
        .example(ex('$0 validate mine.yaml', 'it validates as printed')),
      (a) => importXl(a.files as string[]),
    )
    .option('max-input-size', maxInputSizeOption)
    .middleware(inputMiddleware)
    .demandCommand(1, 'say which command: run, validate, sweep, merge, compare, plan, papers, list, schema, import')
    .strict()
    .fail((msg, err) => {
      if (err) throw err;
      fail([`xensim: ${msg}`, 'see: xensim --help']);
    })
    .help()
    .parseAsync();
}

// `xensim list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main().catch((e: unknown) => {
  if (e instanceof InputError || e instanceof PapersInputError) fail([e.message]);
  exitOnError(e);
});
