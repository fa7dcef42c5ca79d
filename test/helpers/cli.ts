/**
 * The built CLI as a user runs it: `node dist/cli/main.js ARGS` spawned from the repo
 * root (`npm test` builds dist/ first), with its exit code, stdout and stderr.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './scenario.js';

export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** A stack trace line, which a user must never see for anything they can cause. */
export const STACK = /^\s+at .+:\d+:\d+\)?$/m;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, input: opts.input, maxBuffer: 64 << 20,
    env: opts.env === undefined ? process.env : { ...process.env, ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
