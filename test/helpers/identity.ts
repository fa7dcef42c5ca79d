/**
 * Byte identity of bundled scenarios' Results across refactors: a SHA-256 of the
 * result.json text with the fields a schema change may add or renumber taken out
 * (`schema_version`; and `hosts` for a one-host scenario, whose hosts[] repeats `host`).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { loadScenarioFile, formatError } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/run.js';
import type { Result } from '../../sim/stats/result.js';
import { parseDuration } from '../../sim/scenario/units.js';
import { ROOT } from './scenario.js';
import type { Scenario } from '../../sim/scenario/types.js';

export interface IdentityCase {
  scenario: string;
  /** Horizon (a shortened one keeps the test quick); the scenario's own when absent. */
  duration?: string;
  multiHost?: boolean;
}

/** The cases whose hashes test/fixtures/identity/hashes.json holds. */
export const IDENTITY_CASES: IdentityCase[] = [
  { scenario: 'scenarios/greebo.yaml', duration: '2d 3h' },
  { scenario: 'scenarios/demo.yaml' },
  { scenario: 'scenarios/migration-maintenance.yaml', multiHost: true },
  { scenario: 'scenarios/bench/big-host.yaml', duration: '1min' },
  { scenario: 'scenarios/sweeps/io-host.yaml' },
];

/**
 * Runs a case. The hashes were recorded with every bookkeeping event queued, so the
 * identity test forces `bookkeeping: 'eager'` (the default; lazy gives the same Result
 * but a smaller `events` count: test/validation/lazy-identity.test.ts).
 */
export function runCase(c: IdentityCase, root = ROOT, bookkeeping: 'lazy' | 'eager' = 'eager'): Result {
  const r = loadScenarioFile(resolve(root, c.scenario));
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  withBookkeeping(r.scenario, bookkeeping);
  if (c.duration === undefined) return runScenario(r.scenario);
  const d = parseDuration(c.duration);
  if (!('value' in d)) throw new Error(`bad duration ${c.duration}`);
  return runScenario(r.scenario, { durationNs: d.value });
}

/** Sets `scheduler.bookkeeping` on the scenario's scheduler and every host's. */
export function withBookkeeping(s: Scenario, bookkeeping: 'lazy' | 'eager'): Scenario {
  s.scheduler = { ...s.scheduler, bookkeeping };
  if (s.hosts !== undefined) s.hosts = s.hosts.map((h) => ({ ...h, scheduler: { ...h.scheduler, bookkeeping } }));
  return s;
}

export function identityHash(result: Result, multiHost: boolean): string {
  const copy: Record<string, unknown> = { ...result };
  delete copy.schema_version;
  if (!multiHost) delete copy.hosts;
  return createHash('sha256').update(JSON.stringify(copy, null, 2)).digest('hex');
}
