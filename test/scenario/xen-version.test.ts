/** `xen:` chooses the default scheduler and which policies exist; `sched:` and the sched-* timeline commands load and are checked. */
import { describe, expect, test } from '@jest/globals';
import { formatError, loadScenarioText } from '../../sim/scenario/load.js';
import { parseXenVersion, atLeast, defaultScheduler, schedulersOf, toolstack } from '../../sim/xen/version.js';
import { ROOT } from '../helpers/scenario.js';

function load(yaml: string) {
  return loadScenarioText(yaml, 's.yaml', { baseDir: ROOT });
}
function errorsOf(yaml: string): string[] {
  const r = load(yaml);
  return 'errors' in r ? r.errors.map(formatError) : [];
}

describe('Xen releases', () => {
  test('each release boots the scheduler its schedule.c defaulted to', () => {
    const def = (t: string) => defaultScheduler(parseXenVersion(t) as never);
    expect(def('2.0')).toBe('bvt');
    expect(def('3.0')).toBe('sedf');
    expect(def('3.0.3')).toBe('credit');
    expect(def('4.11')).toBe('credit');
    expect(def('4.12')).toBe('credit2');
    expect(defaultScheduler(undefined)).toBe('credit');
  });

  test('policies exist only in the releases that had them', () => {
    const has = (t: string) => schedulersOf(parseXenVersion(t) as never);
    expect(has('2.0')).toContain('bvt');
    expect(has('3.0.3')).not.toContain('bvt');
    expect(has('4.5')).toContain('sedf');
    expect(has('4.6')).not.toContain('sedf');
    expect(has('4.8')).not.toContain('null');
    expect(has('4.9')).toContain('null');
    expect(has('4.4')).not.toContain('rtds');
  });

  test('versions compare by number, not by text (4.10 > 4.9)', () => {
    const v = parseXenVersion('4.10') as never;
    expect(atLeast(v, 4, 9)).toBe(true);
    expect(atLeast(v, 4, 11)).toBe(false);
    expect(toolstack(parseXenVersion('4.0') as never)).toBe('xm');
    expect(toolstack(parseXenVersion('4.1') as never)).toBe('xl');
  });

  test('a scenario naming a release gets its default scheduler', () => {
    const r = load('xen: "3.0"\nduration: 1s\n');
    expect('scenario' in r && r.scenario.scheduler.name).toBe('sedf');
    const r2 = load('xen: "3.0"\nduration: 1s\n');
    expect('scenario' in r2 && r2.scenario.scheduler.xen?.text).toBe('3.0');
  });

  test('an unquoted release, an unknown one and a policy the release lacks are errors at their line', () => {
    expect(errorsOf('xen: 4.10\n')[0]).toMatch(/^s\.yaml:1:\d+: write the release in quotes/);
    expect(errorsOf('xen: "5.1"\n')[0]).toMatch(/outside the releases/);
    expect(errorsOf('xen: "4.17"\nscheduler: { name: sedf }\n')[0]).toMatch(/^s\.yaml:2:\d+: Xen 4.17 has no sedf scheduler/);
  });
});

describe('scheduling parameters', () => {
  test('a domain sched: block is converted to ns', () => {
    const r = load('scheduler: { name: rtds }\ndomains:\n  - { name: a, memory: 128, sched: { period: 10ms, budget: 4ms } }\n');
    expect('scenario' in r && r.scenario.domains[0].sched).toEqual({ periodNs: 10e6, budgetNs: 4e6 });
  });

  test('a budget above its period is refused, as libxl refuses it', () => {
    expect(errorsOf('scheduler: { name: rtds }\ndomains:\n  - { name: a, memory: 128, sched: { period: 1ms, budget: 4ms } }\n')[0]).toMatch(/budget .* must not exceed the period/);
  });

  test('a timeline command for another policy than the host runs is refused', () => {
    const yaml = 'domains:\n  - { name: a, memory: 128 }\ntimeline:\n  - { at: 1s, sched-rtds: { domain: a, budget: 1ms } }\n';
    expect(errorsOf(yaml)[0]).toMatch(/sched-rtds needs the rtds scheduler, but 'a' is on a host that runs credit/);
  });

  test('sched-credit becomes a generic change with only the given fields', () => {
    const r = load('domains:\n  - { name: a, memory: 128 }\ntimeline:\n  - { at: 1s, sched-credit: { domain: a, cap: 50 } }\n');
    expect('scenario' in r && r.scenario.timeline[0].action).toEqual({ kind: 'sched', command: 'sched-credit', domain: 'a', change: { cap: 50 } });
  });
});

describe('the null scheduler in YAML', () => {
  test('a bare null gets a hint to quote it; a quoted one loads', () => {
    expect(errorsOf('scheduler: { name: null }\n')[0]).toMatch(/write "null" in quotes/);
    const r = load('scheduler: { name: "null" }\n');
    expect('scenario' in r && r.scenario.scheduler.name).toBe('null');
  });
});
