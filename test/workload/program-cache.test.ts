/**
 * Guests of one template share their compiled program (read-only) and keep their own
 * threads' state: sharing must never mix up two guests' loops or requests.
 */
import { describe, expect, test } from '@jest/globals';
import { RandomStreams } from '../../sim/engine/random.js';
import type { Instr } from '../../sim/workload/ast.js';
import { compileProgram } from '../../sim/workload/compiler.js';
import { mixCosts } from '../../sim/build-workload.js';
import { costTable } from '../../sim/workload/costs.js';
import { sharedProgram } from '../../sim/workload/program-cache.js';
import { dom, runYaml } from '../helpers/scenario.js';

const web: Instr[] = [{ op: 'forever', body: [{ op: 'recv' }, { op: 'cpu', n: { kind: 'exp', mean: 2e6 }, mix: { syscall: 0.001 } }, { op: 'send', size: { kind: 'const', value: 4096 } }] }];
const opts = { vbds: new Map<string, 'r' | 'w'>() };
const compile = (p: Instr[]) => compileProgram(p, opts);
const costs = (type: 'pv' | 'hvm', prog = compile(web)) => () => mixCosts(costTable(type), 1.5, prog.mixes);

describe('sharedProgram', () => {
  test('equal programs of one run, type and host speed share one copy; any difference gets its own', () => {
    const run = new RandomStreams(1);
    const a = sharedProgram(run, compile(web), 'pv', 1.5, costs('pv'));
    expect(sharedProgram(run, compile(web), 'pv', 1.5, costs('pv'))).toBe(a);
    expect(sharedProgram(run, compile(web), 'hvm', 1.5, costs('hvm'))).not.toBe(a);
    expect(sharedProgram(run, compile(web), 'pv', 1.0, costs('pv'))).not.toBe(a);
    const slower: Instr[] = [{ op: 'forever', body: [{ op: 'recv' }, { op: 'cpu', n: { kind: 'exp', mean: 3e6 }, mix: { syscall: 0.001 } }] }];
    expect(sharedProgram(run, compile(slower), 'pv', 1.5, costs('pv'))).not.toBe(a);
    expect(sharedProgram(new RandomStreams(1), compile(web), 'pv', 1.5, costs('pv'))).not.toBe(a);
  });

  test('guests sharing a program keep their own threads, requests and pace', () => {
    // Same program (arrivals are not part of it), ten times the rate: each guest must
    // serve its own stream, and a finished loop in one must not end the other's.
    const r = runYaml(`
name: twins
duration: 200s
host: { pcpus: 2, cpu: { ghz: 2GHz }, memory: 2G }
dom0: { memory: 256M }
domains:
  - { name: busy, memory: 128, workload: { preset: web, rate: 20/s, service: exp(1M) } }
  - { name: quiet, memory: 128, start: 3s, workload: { preset: web, rate: 2/s, service: exp(1M) } }
  - { name: job1, memory: 64, workload: { program: [ { loop: { count: 3, do: [ { cpu: 1G } ] } } ] } }
  - { name: job2, memory: 64, start: 2s, workload: { program: [ { loop: { count: 3, do: [ { cpu: 1G } ] } } ] } }
`);
    // Poisson counts: 4,000 ± 4σ (σ ≈ 63) and 394 ± 4σ (σ ≈ 20).
    expect(Math.abs(dom(r, 'busy').requests!.count - 4000)).toBeLessThan(260);
    expect(Math.abs(dom(r, 'quiet').requests!.count - 394)).toBeLessThan(80);
    for (const name of ['job1', 'job2']) expect(dom(r, name).instructions).toBe(3e9);
  });
});
