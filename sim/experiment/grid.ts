/**
 * The grid of a sweep: dimensions (an axis, or a zip group of axes that vary together)
 * crossed in file order, the last varying fastest; cells × replications make the runs.
 * Run k is (cell ⌊k/R⌋, replication k mod R), and a shard takes every run with
 * k mod N = i, so shards partition the runs and each gets a mix of cells.
 */

export type AxisValue = string | number | boolean;

export interface Dimension {
  /** Axis paths set together (one for a plain axis, several for a zip group). */
  paths: string[];
  /** levels[j][p]: the value of paths[p] at level j. */
  levels: AxisValue[][];
}

/** What a sweep is, independent of where it runs: written to sweep.json, compared on resume and merge. */
export interface SweepDescription {
  format: 'xensim-sweep/1';
  name: string;
  seed: number;
  replications: number;
  dimensions: Dimension[];
  metrics: string[];
  cells: number;
  runs: number;
}

export interface Shard {
  index: number;
  count: number;
}

export function cellCount(dims: readonly Dimension[]): number {
  return dims.reduce((n, d) => n * d.levels.length, 1);
}

/** The level of each dimension in cell `cell` (row-major: the last dimension varies fastest). */
export function cellLevels(dims: readonly Dimension[], cell: number): number[] {
  const out = new Array<number>(dims.length);
  let rest = cell;
  for (let d = dims.length - 1; d >= 0; d--) {
    const n = dims[d].levels.length;
    out[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return out;
}

/** Every axis path with its value in `cell`, in dimension order. */
export function cellAxes(dims: readonly Dimension[], cell: number): [string, AxisValue][] {
  const levels = cellLevels(dims, cell);
  return dims.flatMap((d, i) => d.paths.map((p, j): [string, AxisValue] => [p, d.levels[levels[i]][j]]));
}

export function axisPaths(dims: readonly Dimension[]): string[] {
  return dims.flatMap((d) => d.paths);
}

/** `cell-replication`, zero-padded so that ids sort as the runs do. */
export function runId(desc: Pick<SweepDescription, 'cells' | 'replications'>, run: number): string {
  const cell = Math.floor(run / desc.replications);
  const rep = run % desc.replications;
  return `${String(cell).padStart(String(desc.cells - 1).length, '0')}-${String(rep).padStart(String(desc.replications - 1).length, '0')}`;
}

export function shardRuns(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let k = shard.index; k < total; k += shard.count) out.push(k);
  return out;
}

export type ShardChoice = { shard: Shard | undefined; from: string } | { error: string };

function int(s: string): number | undefined {
  return /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined;
}

function check(index: number | undefined, count: number | undefined, from: string): ShardChoice {
  if (index === undefined || count === undefined || count < 1) return { error: `${from}: a shard is i/N with whole numbers, N ≥ 1` };
  if (index < 0 || index >= count) return { error: `${from}: shard index ${index} is outside 0–${count - 1} (shards count from 0)` };
  return { shard: count === 1 ? undefined : { index, count }, from };
}

/**
 * Which shard this process runs: `--shard i/N` (i from 0), else a Slurm job array
 * (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT), else a
 * Kubernetes Indexed Job (JOB_COMPLETION_INDEX of `--shard-count`/XENSIM_SHARD_COUNT).
 * No shard: the whole grid.
 */
export function chooseShard(flag: string | undefined, shardCount: number | undefined, env: Record<string, string | undefined>): ShardChoice {
  if (flag !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(flag);
    return m === null ? { error: `--shard '${flag}': write i/N, e.g. 0/3 (shards count from 0)` } : check(Number(m[1]), Number(m[2]), '--shard');
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    const id = int(env.SLURM_ARRAY_TASK_ID);
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? int(env.SLURM_ARRAY_TASK_MIN) : 0;
    return check(id !== undefined && min !== undefined ? id - min : undefined, int(env.SLURM_ARRAY_TASK_COUNT), 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const count = shardCount ?? (env.XENSIM_SHARD_COUNT !== undefined ? int(env.XENSIM_SHARD_COUNT) : undefined);
    if (count === undefined) return { error: 'JOB_COMPLETION_INDEX is set but not the number of shards: pass --shard-count N or set XENSIM_SHARD_COUNT (the Job\'s completions)' };
    return check(int(env.JOB_COMPLETION_INDEX), count, 'JOB_COMPLETION_INDEX');
  }
  return { shard: undefined, from: 'none' };
}
