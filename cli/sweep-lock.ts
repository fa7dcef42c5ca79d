/**
 * A sweep owns its output folder while it runs: a lock file in it (`sweep.lock`, or
 * `sweep.shard-I-of-N.lock` for a shard) holds the pid, host name, start time and the
 * sweep's identity. Another sweep (or merge) into a locked folder is refused, naming
 * the lock and its pid; shards of the same sweep may share a folder (each has its own
 * lock, journal and description). A lock whose pid is dead on this host is stale: it is
 * taken over with a warning. The lock is removed when the process exits (also after
 * Ctrl-C or SIGTERM; only SIGKILL leaves it, and that is the stale case).
 *
 * The lock file is written whole under a temporary name and then hard-linked to its
 * name, so it appears atomically and complete (two sweeps cannot both create it).
 */
import { linkSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from './errors.js';

export interface LockInfo {
  pid: number;
  hostname: string;
  started: string;
  /** The sweep's identity (sweepIdentity in sweep.ts). */
  sweep: string;
  /** `I/N` for a shard; absent for a whole sweep or a merge. */
  shard?: string;
  command: string;
}

const LOCK_NAME = /^sweep(\.shard-\d+-of-\d+)?\.lock$/;

export function lockName(shard?: { index: number; count: number }): string {
  return shard === undefined ? 'sweep.lock' : `sweep.shard-${shard.index}-of-${shard.count}.lock`;
}

/** Whether a process with this pid exists on this host. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof v === 'object' && v !== null && typeof v.pid === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

function describe(path: string, l: LockInfo): string {
  return `lock ${path}: pid ${l.pid} on ${l.hostname}, since ${l.started}${l.shard ? `, shard ${l.shard}` : ''}`;
}

/**
 * Takes the lock `name` in `dir` for `info`, or throws UserError (exit 2) when a live
 * sweep holds this folder. Returns the function that releases it (also run at exit).
 */
export function acquireSweepLock(dir: string, name: string, info: LockInfo, warn: (s: string) => void): () => void {
  const here = hostname();
  const mine = join(dir, name);
  for (const other of readdirSync(dir).filter((n) => LOCK_NAME.test(n)).sort()) {
    const path = join(dir, other);
    const l = readLock(path);
    if (l === undefined) {
      throw new UserError(`${dir}: holds a lock file that cannot be read (${path}); if no sweep is running there, delete it`, 2);
    }
    if (l.hostname === here && !pidAlive(l.pid)) {
      warn(`warning: taking over a stale lock (${describe(path, l)}; that process is gone)`);
      try {
        unlinkSync(path);
      } catch {
        // Someone else took it over first: the link below decides.
      }
      continue;
    }
    const sharesFolder = l.shard !== undefined && info.shard !== undefined && l.sweep === info.sweep && other !== name;
    if (!sharesFolder) {
      const who = l.sweep === info.sweep ? (other === name ? 'the same sweep' : 'the same sweep, unsharded or merging') : 'another sweep';
      throw new UserError(`${dir}: in use by ${who} (${describe(path, l)}${l.hostname === here ? '' : ', on another host'}); wait for it to end or choose another --out (if it is not running, delete ${path})`, 2);
    }
  }
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n');
  try {
    linkSync(tmp, mine);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const l = readLock(mine);
    throw new UserError(`${dir}: in use by another sweep that started just now (${l ? describe(mine, l) : `lock ${mine}`}); choose another --out`, 2);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    const l = readLock(mine);
    if (l !== undefined && l.pid === info.pid && l.started === info.started) {
      try {
        unlinkSync(mine);
      } catch {
        // the folder is gone: nothing to release
      }
    }
  };
  process.on('exit', release);
  return release;
}

/** Exits with 128 + the signal's number on SIGTERM/SIGHUP, so 'exit' handlers (the lock) run. */
export function exitOnTermination(): void {
  process.once('SIGTERM', () => process.exit(143));
  process.once('SIGHUP', () => process.exit(129));
}
