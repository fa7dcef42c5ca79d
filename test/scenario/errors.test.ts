/**
 * Bad scenarios → positioned errors (DESIGN §11): each row is an input, a message
 * fragment, and the line:col a user should be sent to. Never a throw.
 */
import { describe, expect, test } from '@jest/globals';
import { formatError, loadScenarioText, MAX_SCENARIO_BYTES, type ScenarioError } from '../../sim/scenario/load.js';

const y = (...lines: string[]): string => lines.join('\n') + '\n';

/** A host most rows share: lines 1–6. */
const HOST = [
  'host:',
  '  pcpus: 2',
  '  memory: 1G',
  '  disks: [ { name: vg0 } ]',
  '  nics: [ { name: eth0, bandwidth: 100Mbit } ]',
  '  bridges: [ { name: br0, nic: eth0 } ]',
];

/** xl configs the rows may point at (read through the loader's readFile hook). */
const FILES: Record<string, string> = {
  '/cfg/good': y('name = "good"', 'memory = 128', "disk = [ 'phy:vg0/good_root,sda1,w' ]", "vif = [ 'bridge=br0' ]"),
  '/cfg/syntax': y('name = "s"', 'memory = 128 +', 'vcpus = 1'),
  '/cfg/badbridge': y('name = "b"', 'memory = 64', '', "vif = [ 'mac=00:16:3e:00:00:01, bridge=xenbr9' ]"),
  '/cfg/badmem': y('name = "m"', 'memory = "lots"'),
};
const readFile = (p: string): string => {
  const t = FILES[p];
  if (t === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return t;
};

function load(text: string): ScenarioError[] {
  const r = loadScenarioText(text, 'bad.yaml', { baseDir: '/cfg', readFile });
  if (!('errors' in r)) throw new Error('expected errors, got a scenario');
  return r.errors;
}

type Row = [label: string, text: string, fragment: string, line: number, col: number, file?: string];

const ROWS: Row[] = [
  // YAML syntax
  ['duplicate key', y('name: a', 'name: b'), 'Map keys must be unique', 2, 1],
  ['tab indentation', y('host:', '\tpcpus: 2'), 'Tabs are not allowed', 2, 1],
  // the missing ] is only certain at the end of the input, where the parser reports it
  ['unclosed flow sequence', y('name: a', 'domains: [ { name: x }'), 'end with a ]', 3, 1],
  ['nested compact mapping', y('a: b: c'), 'Nested mappings', 1, 4],
  ['not a mapping', y('- a', '- b'), 'a scenario is a YAML mapping', 1, 1],
  // schema
  ['unknown top-level key', y('name: a', 'domians: []'), "unknown key 'domians'", 2, 1],
  ['unknown host key', y(...HOST, '  cpu_count: 4'), "unknown key 'cpu_count' in host", 7, 3],
  ['negative seed', y('seed: -1'), 'seed', 1, 7],
  ['bad duration', y('duration: 10 parsecs'), 'is not a duration', 1, 11],
  ['zero pCPUs', y('host:', '  pcpus: 0'), 'pcpus', 2, 10],
  ['memory that is not a size', y('host:', '  memory: lots'), 'is not a memory size', 2, 11],
  ['NaN memory', y('host:', '  memory: .nan'), 'memory', 2, 11],
  ['unknown scheduler', y('scheduler: { name: cfs }'), 'name', 1, 20],
  ['domain memory negative', y(...HOST, 'domains:', '  - { name: a, memory: -5 }'), 'memory cannot be negative', 8, 24],
  // semantics: domains
  ['domain without a name', y(...HOST, 'domains:', '  - { memory: 64 }'), "needs a 'name'", 8, 5],
  ['domain without memory', y(...HOST, 'domains:', '  - { name: a }'), "needs 'memory'", 8, 5],
  ['duplicate domain names', y(...HOST, 'domains:', '  - { name: a, memory: 64 }', '  - { name: a, memory: 64 }'), "two domains are named 'a'", 9, 13],
  ['weight 0', y(...HOST, 'domains:', '  - { name: a, memory: 64, weight: 0 }'), 'weight 0 is outside 1–65535', 8, 36],
  ['weight 70000', y(...HOST, 'domains:', '  - name: a', '    memory: 64', '    weight: 70000'), 'weight 70000 is outside 1–65535', 10, 13],
  ['cap above 100 per vCPU', y(...HOST, 'domains:', '  - { name: a, memory: 64, cap: 150 }'), 'cap 150 is outside 0–100', 8, 33],
  ['pin to a missing pCPU', y(...HOST, 'domains:', '  - { name: a, memory: 64, cpus: "0-3" }'), 'pCPU 2 does not exist', 8, 34],
  ['vbd on a missing host disk', y(...HOST, 'domains:', '  - name: a', '    memory: 64', "    disk: [ 'phy:vg9/a_root,sda1,w' ]"), "'vg9', which is not a host disk", 10, 13],
  ['vif on a missing bridge', y(...HOST, 'domains:', '  - name: a', '    memory: 64', "    vif: [ 'bridge=xenbr0' ]"), "bridge 'xenbr0' does not exist", 10, 12],
  ['vif with a bad MAC', y(...HOST, 'domains:', '  - name: a', '    memory: 64', "    vif: [ 'mac=00:60:b0, bridge=br0' ]"), 'is not a MAC address', 10, 12],
  ['maxmem below memory', y(...HOST, 'domains:', '  - { name: a, memory: 256, maxmem: 128 }', ''), 'maxmem (128 MB) is below memory (256 MB)', 8, 37],
  ['memory that does not fit even with Dom0 autoballooned', y(...HOST, 'dom0: { memory: 512 }', 'domains:', '  - { name: a, memory: 500 }', '  - { name: b, memory: 500 }'), "domain 'b' does not fit: it needs 500 MB", 10, 24],
  ['memory that does not fit without autoballoon', y(...HOST, 'dom0: { memory: 512 }', 'memory: { autoballoon: false }', 'domains:', '  - { name: a, memory: 300 }', '  - { name: b, memory: 300 }'), "domain 'b' does not fit: it needs 300 MB", 11, 24],
  ['stop before start', y(...HOST, 'domains:', '  - { name: a, memory: 64, start: 10s, stop: 5s }'), 'stop must come after start', 8, 46],
  ['bridge on a missing NIC', y('host:', '  nics: [ { name: eth0 } ]', '  bridges: [ { name: br0, nic: eth1 } ]'), "NIC 'eth1'", 3, 32],
  ['power max below idle', y('host:', '  power: { idle: 200W, max: 100W }'), 'below idle power', 2, 29],
  ['dom0 weight out of range', y('dom0: { weight: 0 }'), 'weight 0 is outside', 1, 17],
  // timeline
  ['timeline names an unknown domain', y(...HOST, 'domains:', '  - { name: a, memory: 64 }', 'timeline:', '  - { at: 1s, pause: b }'), "no domain named 'b'", 10, 22],
  ['timeline entry with two actions', y(...HOST, 'domains:', '  - { name: a, memory: 64 }', 'timeline:', '  - { at: 1s, pause: a, destroy: a }'), 'exactly one of', 10, 5],
  ['mem-set above maxmem', y(...HOST, 'domains:', '  - { name: a, memory: 64 }', 'timeline:', '  - { at: 1s, mem-set: { domain: a, memory: 128M } }'), "above a's maxmem (64 MB)", 10, 45],
  // workloads
  ['unknown preset', y(...HOST, 'domains:', '  - { name: a, memory: 64, workload: { preset: webb } }'), "unknown preset 'webb'", 8, 48],
  ['unknown preset parameter', y(...HOST, 'domains:', '  - name: a', '    memory: 64', '    workload: { preset: web, rat: 5/s }'), "has no parameter 'rat'", 10, 35],
  ['unknown instruction', y(...HOST, 'domains:', '  - name: a', '    memory: 64', '    workload:', '      program:', '        - cpu: 1M', '        - jump: 3'), "unknown instruction 'jump'", 13, 11],
  ['bad operand', y(...HOST, 'domains:', '  - name: a', '    memory: 64', '    workload:', '      program:', '        - sleep: exp(ten)'), 'exp(ten)', 12, 18],
  ['unknown arrival process', y(...HOST, 'domains:', '  - name: a', '    memory: 64', '    workload:', '      arrivals: { burst: 5/s }', '      program: [ recv ]'), "unknown arrival process 'burst'", 11, 26],
  ['write to a read-only vbd', y(...HOST, 'domains:', '  - name: a', '    memory: 64', "    disk: [ 'phy:vg0/a_root,xvda,r' ]", '    workload:', '      program:', '        - write: { dev: xvda, size: 4K }'), "write to vbd 'xvda', which is attached read-only", 13, 25],
  ['missing trace file', y(...HOST, 'domains:', '  - name: a', '    memory: 64', '    workload: { trace: nothere.txt, format: planetlab }'), "cannot read trace 'nothere.txt'", 10, 24],
  // xl configs
  ['missing xl config', y(...HOST, 'domains:', '  - { config: nothere }'), "cannot read xl config 'nothere'", 8, 15],
  ['xl config syntax error', y(...HOST, 'domains:', '  - { config: syntax }'), "unexpected '+'", 2, 14, '/cfg/syntax'],
  ['xl config with a missing bridge', y(...HOST, 'domains:', '  - { config: badbridge }'), "bridge 'xenbr9' does not exist", 4, 1, '/cfg/badbridge'],
  ['xl config with bad memory', y(...HOST, 'domains:', '  - { config: badmem }'), 'is not a memory size', 2, 1, '/cfg/badmem'],
  ['yaml overrides are checked in the yaml', y(...HOST, 'domains:', '  - { config: good, weight: 0 }'), 'weight 0', 8, 29],
];

describe('bad scenarios report file:line:col: message', () => {
  test(`the table has at least 25 rows (${ROWS.length})`, () => expect(ROWS.length).toBeGreaterThanOrEqual(25));
  test.each(ROWS)('%s', (_label, text, fragment, line, col, file = 'bad.yaml') => {
    const errors = load(text);
    const hit = errors.find((e) => e.message.includes(fragment));
    expect({ all: errors.map(formatError), hit: hit && { file: hit.file, line: hit.line, col: hit.col } }).toEqual({ all: expect.anything(), hit: { file, line, col } });
  });
});

describe('several errors at once', () => {
  test('three unrelated mistakes are all reported, in document order', () => {
    const errors = load(y(...HOST, 'domains:', '  - { name: a, memory: 64, weight: 0 }', '  - { name: b, memory: 64, cap: 500 }', '  - { name: c, memory: 64, cpus: 7 }'));
    expect(errors.map((e) => e.line)).toEqual([8, 9, 10]);
  });
  test('schema errors in different sections come together', () => {
    const errors = load(y('seed: -1', 'host: { pcpus: 0 }', 'scheduler: { name: cfs }'));
    expect(errors.length).toBe(3);
  });
});

describe('limits', () => {
  test('a YAML alias bomb is refused without expanding it', () => {
    const bomb = y('a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]');
    const t0 = Date.now();
    const errors = load(bomb);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(errors[0].message).toMatch(/alias/i);
    expect(errors[0].line).toBeGreaterThanOrEqual(1);
  });
  test('a file over the size limit is refused at 1:1', () => {
    const errors = load('#'.repeat(MAX_SCENARIO_BYTES + 1));
    expect(errors).toEqual([{ file: 'bad.yaml', line: 1, col: 1, message: expect.stringContaining('limited to') }]);
  });
});
