/** cli/sweep-lock.ts: who may share a sweep's folder. */
import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireSweepLock, type LockInfo, lockName, pidAlive } from '../../cli/sweep-lock.js';

const info = (over: Partial<LockInfo> = {}): LockInfo => ({ pid: process.pid, hostname: hostname(), started: new Date().toISOString(), sweep: 'aaaa', command: 'test', ...over });
const quiet = (): void => {};

describe('acquireSweepLock', () => {
  test('takes and releases the lock; the file holds pid, host, start and identity', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xensim-lock-'));
    const release = acquireSweepLock(dir, lockName(), info(), quiet);
    expect(JSON.parse(readFileSync(join(dir, 'sweep.lock'), 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname(), sweep: 'aaaa' });
    expect(() => acquireSweepLock(dir, lockName(), info({ sweep: 'bbbb' }), quiet)).toThrow(/in use by another sweep \(lock .*sweep\.lock: pid \d+ on /);
    release();
    expect(existsSync(join(dir, 'sweep.lock'))).toBe(false);
  });

  test('shards of one sweep share a folder; another sweep\'s shard, the same shard twice or a whole sweep do not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xensim-lock-'));
    const s0 = { index: 0, count: 2 };
    const s1 = { index: 1, count: 2 };
    const r0 = acquireSweepLock(dir, lockName(s0), info({ shard: '0/2' }), quiet);
    const r1 = acquireSweepLock(dir, lockName(s1), info({ shard: '1/2' }), quiet);
    expect(() => acquireSweepLock(dir, lockName(s1), info({ shard: '1/2', sweep: 'bbbb' }), quiet)).toThrow(/another sweep/);
    r1();
    expect(() => acquireSweepLock(dir, lockName(s0), info({ shard: '0/2' }), quiet)).toThrow(/the same sweep/);
    expect(() => acquireSweepLock(dir, lockName(), info(), quiet)).toThrow(/the same sweep, unsharded or merging/);
    r0();
  });

  test('a dead pid on this host is stale: taken over with a warning; another host\'s lock is respected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xensim-lock-'));
    const dead = 2 ** 22 + 12345; // above any pid_max
    expect(pidAlive(dead)).toBe(false);
    writeFileSync(join(dir, 'sweep.lock'), JSON.stringify(info({ pid: dead })));
    const warnings: string[] = [];
    const release = acquireSweepLock(dir, lockName(), info(), (s) => warnings.push(s));
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`taking over a stale lock .*pid ${dead}`))]);
    release();
    writeFileSync(join(dir, 'sweep.lock'), JSON.stringify(info({ pid: dead, hostname: 'elsewhere' })));
    expect(() => acquireSweepLock(dir, lockName(), info(), quiet)).toThrow(/on elsewhere.*on another host/);
    writeFileSync(join(dir, 'sweep.lock'), '{"pid": 12');
    expect(() => acquireSweepLock(dir, lockName(), info(), quiet)).toThrow(/lock file that cannot be read/);
  });
});
