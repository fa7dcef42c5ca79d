/**
 * Bad input: names that do not exist, a migration to the domain's own host, memory that
 * can never fit are positioned errors; a target that is full at run time fails the
 * migration with a clear message, and the domain stays and keeps running.
 */
import { describe, expect, test } from '@jest/globals';
import { formatError, loadScenarioText } from '../../sim/scenario/load.js';
import { runYaml } from '../helpers/scenario.js';
import { twoHosts } from './helpers.js';

function errorsOf(yaml: string): string[] {
  const r = loadScenarioText(yaml, 'm.yaml');
  if (!('errors' in r)) throw new Error('expected errors');
  return r.errors.map(formatError);
}

describe('bad migrations', () => {
  test('unknown target host: positioned at `to`', () => {
    const e = errorsOf(twoHosts().replace('to: b', 'to: nowhere'));
    expect(e).toEqual([expect.stringMatching(/^m\.yaml:\d+:\d+: no host named 'nowhere' \(hosts: a, b\)$/)]);
    const line = twoHosts().split('\n').findIndex((l) => l.includes('migrate:')) + 1;
    expect(e[0].startsWith(`m.yaml:${line}:`)).toBe(true);
  });

  test('unknown domain, and Domain-0', () => {
    expect(errorsOf(twoHosts().replace('domain: vm, to', 'domain: ghost, to'))[0]).toMatch(/no domain named 'ghost'/);
    expect(errorsOf(twoHosts().replace('domain: vm, to', 'domain: Domain-0, to'))[0]).toMatch(/Domain-0 cannot be migrated/);
  });

  test('migrating to its own host', () => {
    expect(errorsOf(twoHosts().replace('to: b', 'to: a'))[0]).toMatch(/'vm' is already on host 'a' at that time: a domain cannot migrate to its own host/);
  });

  test('memory that can never fit on the target', () => {
    const yaml = twoHosts({ memoryMb: 1024 }).replace('{ name: b, pcpus: 2, memory: 4G }', '{ name: b, pcpus: 2, memory: 1G }');
    expect(errorsOf(yaml)[0]).toMatch(/'vm' \(1024 MB\) can never fit on host 'b'/);
  });

  test('unknown host for a domain, host: with hosts:, duplicate host names', () => {
    expect(errorsOf(twoHosts().replace('host: a', 'host: c'))[0]).toMatch(/domains\b|no host named 'c'/);
    expect(errorsOf(`host: { pcpus: 1 }\n${twoHosts()}`)[0]).toMatch(/give either host: \(one host\) or hosts: \(several\), not both/);
    expect(errorsOf(twoHosts().replace('name: b,', 'name: a,')).join('\n')).toMatch(/two hosts are named 'a'/);
  });

  test('evacuating to the host itself or with a single host', () => {
    expect(errorsOf(twoHosts().replace('migrate: { domain: vm, to: b, live: true }', 'evacuate: { host: a, to: [a] }'))[0]).toMatch(/cannot move guests to 'a' itself/);
    expect(errorsOf('domains: [ { name: x, memory: 64 } ]\ntimeline: [ { at: 1s, evacuate: { host: host } } ]')[0]).toMatch(/evacuate needs a second host/);
  });

  test('a full target at run time: the migration fails with a message, the domain stays and runs on', () => {
    // b has room for vm only until `big` takes it.
    const yaml = twoHosts({ memoryMb: 1024, workload: 'cpu-hog', extraDomains: '  - { name: big, memory: 3000, host: b }' });
    const r = runYaml(yaml);
    const m = r.migrations![0];
    expect(m.outcome).toBe('failed');
    expect(m.message).toMatch(/cannot reserve 1024 MB for 'vm': only \d+ MB is free on 'b'; it stays on 'a'/);
    expect(r.warnings.some((w) => w.includes("migration of 'vm' to 'b' failed"))).toBe(true);
    const vm = r.domains.find((d) => d.name === 'vm')!;
    expect(vm.host).toBe('a');
    expect(vm.cpu_seconds).toBeGreaterThan(59);
  });
});
