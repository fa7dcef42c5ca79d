/**
 * `xensim run` of a several-host scenario: its host groups (sim/estate/) on worker
 * threads (`--workers`, default one per core), or one shard of them (`--shard i/N`,
 * Slurm array or Kubernetes Indexed Job index) written to `--out` as
 * estate-shard-I-of-N.json for `xensim merge` to join. Every way gives the same
 * merged Result, byte for byte, as one process running the groups in turn.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { EstateLayout } from '../sim/estate/host-groups.js';
import { mergeGroupResults } from '../sim/estate/merge-results.js';
import type { Shard } from '../sim/experiment/index.js';
import type { Progress } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { Result } from '../sim/stats/result.js';
import { runGroupsInWorkers } from './estate-pool.js';
import { writeFileAtomic } from './write-atomic.js';

export const ESTATE_SHARD_FORMAT = 'xensim-estate-shard/1';

export interface EstateShardFile {
  format: typeof ESTATE_SHARD_FORMAT;
  shard: string;
  seed: number;
  duration_ns: number;
  layout: EstateLayout;
  /** Group index → that group's Result. */
  results: Record<string, Result>;
}

export function shardGroups(groups: number, shard: Shard | undefined): number[] {
  const all = Array.from({ length: groups }, (_, k) => k);
  return shard === undefined ? all : all.filter((k) => k % shard.count === shard.index);
}

export function shardFileName(shard: Shard): string {
  return `estate-shard-${shard.index}-of-${shard.count}.json`;
}

export interface EstateRunOptions {
  seed?: number;
  durationNs: number;
  workers?: number;
  shard?: Shard;
  onProgress?: (p: Progress) => void;
  onInterrupt?: () => void;
}

/** Runs this process's groups; the merged Result without a shard, else the shard file's contents. */
export async function runEstateGroups(scenario: Scenario, layout: EstateLayout, o: EstateRunOptions): Promise<{ result: Result } | { shardFile: EstateShardFile }> {
  const mine = shardGroups(layout.groups.length, o.shard);
  const results = await runGroupsInWorkers(scenario, layout.groups, mine, {
    seed: o.seed,
    durationNs: o.durationNs,
    workers: o.workers ?? availableParallelism(),
    onProgress: o.onProgress,
    onInterrupt: o.onInterrupt,
  });
  if (o.shard === undefined) return { result: mergeGroupResults(layout, mine.map((k) => results.get(k)!)) };
  const byIndex: Record<string, Result> = {};
  for (const k of mine) byIndex[String(k)] = results.get(k)!;
  return {
    shardFile: { format: ESTATE_SHARD_FORMAT, shard: `${o.shard.index}/${o.shard.count}`, seed: o.seed ?? scenario.seed, duration_ns: o.durationNs, layout, results: byIndex },
  };
}

export function writeShardFile(dir: string, shard: Shard, file: EstateShardFile): string {
  const path = join(dir, shardFileName(shard));
  writeFileAtomic(path, JSON.stringify(file) + '\n');
  return path;
}

/** The estate shard files in these directories (none: they hold a sweep's shards). */
export function findShardFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const n of names.sort()) if (/^estate-shard-\d+-of-\d+\.json$/.test(n)) out.push(join(d, n));
  }
  return out;
}

/** Joins shard files into the merged Result, or says what is wrong with them. */
export function mergeShardFiles(paths: readonly string[]): { result: Result } | { errors: string[] } {
  const errors: string[] = [];
  let layoutText: string | undefined;
  let layout: EstateLayout | undefined;
  let key = '';
  const results = new Map<number, { result: Result; from: string }>();
  for (const p of paths) {
    let f: EstateShardFile;
    try {
      f = JSON.parse(readFileSync(p, 'utf8')) as EstateShardFile;
      if (f.format !== ESTATE_SHARD_FORMAT) throw new Error(`not an estate shard (format ${JSON.stringify(f.format)})`);
    } catch (e) {
      errors.push(`${p}:1:1: ${(e as Error).message}`);
      continue;
    }
    const text = JSON.stringify(f.layout);
    const k = `${f.seed}/${f.duration_ns}`;
    if (layoutText === undefined) {
      layoutText = text;
      layout = f.layout;
      key = k;
    } else if (text !== layoutText || k !== key) {
      errors.push(`${p}:1:1: a shard of a different scenario, seed or duration from ${paths[0]}`);
      continue;
    }
    for (const [i, r] of Object.entries(f.results)) {
      const prior = results.get(Number(i));
      if (prior !== undefined && JSON.stringify(prior.result) !== JSON.stringify(r)) errors.push(`${p}:1:1: host group ${i} differs from the same group in ${prior.from}`);
      else results.set(Number(i), { result: r, from: p });
    }
  }
  if (layout === undefined) return { errors: errors.length > 0 ? errors : ['merge: no estate shard files found'] };
  const missing = layout.groups.map((_, k) => k).filter((k) => !results.has(k));
  if (missing.length > 0) {
    const hosts = missing.slice(0, 5).map((k) => layout!.groups[k].map((h) => layout!.hosts[h]).join('+')).join(', ');
    errors.push(`merge: ${missing.length} of ${layout.groups.length} host groups have no result (${hosts}${missing.length > 5 ? ', …' : ''}): run the missing shards`);
  }
  if (errors.length > 0) return { errors };
  return { result: mergeGroupResults(layout, layout.groups.map((_, k) => results.get(k)!.result)) };
}
