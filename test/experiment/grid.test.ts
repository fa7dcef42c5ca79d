/** Grid expansion, zip groups, replication seeds (common random numbers) and shards. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Dimension, cellAxes, cellCount, cellLevels, chooseShard, loadSweepText, replicationSeed, runId, shardRuns } from '../../sim/experiment/index.js';
import { ROOT } from '../helpers/scenario.js';

const dimsArb = fc.array(fc.record({ width: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 4 }) }), { minLength: 0, maxLength: 4 }).map((spec) =>
  spec.map(({ width, n }, d): Dimension => ({
    paths: Array.from({ length: width }, (_, p) => `d${d}.p${p}`),
    levels: Array.from({ length: n }, (_, j) => Array.from({ length: width }, (_, p) => `${d}:${j}:${p}`)),
  })),
);

describe('grid expansion', () => {
  test('cells are the cross product of the dimensions: every combination of levels exactly once', () => {
    fc.assert(fc.property(dimsArb, (dims) => {
      const n = cellCount(dims);
      expect(n).toBe(dims.reduce((a, d) => a * d.levels.length, 1));
      const seen = new Set<string>();
      for (let c = 0; c < n; c++) {
        const levels = cellLevels(dims, c);
        levels.forEach((l, i) => expect(l).toBeLessThan(dims[i].levels.length));
        seen.add(levels.join(','));
      }
      expect(seen.size).toBe(n);
    }));
  });

  test('a zip group varies together: its paths always take values from the same level', () => {
    fc.assert(fc.property(dimsArb, (dims) => {
      for (let c = 0; c < cellCount(dims); c++) {
        const axes = new Map(cellAxes(dims, c));
        dims.forEach((d, i) => {
          const levelOf = d.paths.map((p) => String(axes.get(p)).split(':')[1]);
          expect(new Set(levelOf).size).toBe(1);
          expect(Number(levelOf[0])).toBe(cellLevels(dims, c)[i]);
        });
      }
    }));
  });

  test('the last dimension varies fastest (row-major), and run ids sort as runs do', () => {
    const dims: Dimension[] = [{ paths: ['a'], levels: [[1], [2]] }, { paths: ['b'], levels: [['x'], ['y'], ['z']] }];
    expect(Array.from({ length: 6 }, (_, c) => cellAxes(dims, c).map(([, v]) => v).join(''))).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
    const desc = { cells: 12, replications: 10 };
    const ids = Array.from({ length: 120 }, (_, k) => runId(desc, k));
    expect(ids[0]).toBe('00-0');
    expect(ids[119]).toBe('11-9');
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('replication seeds', () => {
  test('depend only on (sweep seed, replication): deterministic, safe integers, distinct across replications', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seed) => {
      const seeds = Array.from({ length: 200 }, (_, r) => replicationSeed(seed, r));
      expect(seeds).toEqual(Array.from({ length: 200 }, (_, r) => replicationSeed(seed, r)));
      for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
      expect(new Set(seeds).size).toBe(200);
    }));
    expect(replicationSeed(1, 0)).not.toBe(replicationSeed(2, 0));
  });

  test('common random numbers: replication r has the same seed in every cell of a loaded sweep', () => {
    const text = `base: ${join(ROOT, 'scenarios/sweeps/io-host.yaml')}\nseed: 7\nreplications: 3\naxes:\n  scheduler.name: [credit, rr]\n  duration: [1s]\n`;
    const r = loadSweepText(text, '/virtual/crn.sweep.yaml', { readFile: (p) => readFileSync(p, 'utf8') });
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    expect(r.plan.cells.map((s) => s.scheduler.name)).toEqual(['credit', 'rr']);
    expect(r.plan.cells.every((s) => s.durationNs === 1e9)).toBe(true);
  });
});

describe('shards', () => {
  test('the shards of a grid partition its runs: disjoint, complete, sizes within one', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 20 }), (total, count) => {
      const parts = Array.from({ length: count }, (_, index) => shardRuns(total, { index, count }));
      const all = parts.flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: total }, (_, k) => k));
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }));
  });

  test('--shard i/N, Slurm job arrays (also 1-based ones) and Kubernetes Indexed Jobs', () => {
    expect(chooseShard('1/3', undefined, {})).toEqual({ shard: { index: 1, count: 3 }, from: '--shard' });
    expect(chooseShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toMatchObject({ shard: { index: 2, count: 3 } });
    expect(chooseShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1' })).toMatchObject({ shard: { index: 2, count: 3 } });
    expect(chooseShard(undefined, 4, { JOB_COMPLETION_INDEX: '3' })).toMatchObject({ shard: { index: 3, count: 4 } });
    expect(chooseShard(undefined, undefined, { JOB_COMPLETION_INDEX: '0', XENSIM_SHARD_COUNT: '2' })).toMatchObject({ shard: { index: 0, count: 2 } });
    expect(chooseShard('0/1', undefined, {})).toEqual({ shard: undefined, from: '--shard' });
    expect(chooseShard(undefined, undefined, {})).toEqual({ shard: undefined, from: 'none' });
    // The flag wins over the environment.
    expect(chooseShard('0/2', undefined, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toMatchObject({ shard: { index: 0, count: 2 } });
  });

  test('bad shard choices are errors, not silent whole-grid runs', () => {
    for (const c of [chooseShard('3/3', undefined, {}), chooseShard('1-3', undefined, {}), chooseShard('1/0', undefined, {}),
      chooseShard(undefined, undefined, { JOB_COMPLETION_INDEX: '1' }), chooseShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '2' })]) {
      expect(c).toHaveProperty('error');
    }
  });
});
