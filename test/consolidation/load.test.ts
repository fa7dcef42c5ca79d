/** Consolidation files: both sides become ordinary scenarios; bad input comes back at file:line:col. */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { loadConsolidationFile, loadConsolidationText } from '../../sim/experiment/consolidation-load.js';
import { formatError } from '../../sim/scenario/load.js';
import { ROOT } from '../helpers/scenario.js';

const server = (name: string, extra = '') => `  - name: ${name}
    cpu: { ghz: 2.4GHz, cores: 1 }
    memory: 512M
    guest: { memory: 128M }
    workload: { preset: web, rate: 1/s, read_p: 0 }${extra}
`;

function errorsOf(text: string): string[] {
  const r = loadConsolidationText(text, 'c.yaml', { baseDir: ROOT });
  if (!('errors' in r)) throw new Error('expected errors');
  return r.errors.map(formatError);
}

describe('consolidation file', () => {
  test('the bundled greebo file: five native servers, one greebo with the same five names as pv domains', () => {
    const r = loadConsolidationFile(join(ROOT, 'scenarios', 'consolidation-greebo.yaml'));
    if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
    const c = r.consolidation;
    expect(c.before.map((b) => b.name)).toEqual(['hex', 'tepidmail', 'thinfaw', 'visit', 'william']);
    for (const b of c.before) {
      expect(b.scenario.domains).toHaveLength(1);
      expect(b.scenario.domains[0].type).toBe('native');
      expect(b.scenario.domains[0].name).toBe(b.name);
      expect(b.scenario.durationNs).toBe(c.durationNs);
      expect(b.scenario.seed).toBe(c.seed);
    }
    expect(c.after).toHaveLength(1);
    const greebo = c.after[0];
    expect(greebo.domains.map((d) => d.name)).toEqual(['hex', 'tepidmail', 'thinfaw', 'visit', 'william']);
    expect(greebo.durationNs).toBe(c.durationNs);
    // The workload is written once, on the before side, and is the same object-for-object after.
    c.before.forEach((b, i) => expect(greebo.domains[i].workload).toEqual(b.scenario.domains[0].workload));
    // Memory from the xm configs, as in greebo.yaml.
    expect(greebo.domains.map((d) => d.memoryMb)).toEqual([255, 127, 63, 255, 127]);
    expect(c.before[1].scenario.host.power.curveW[0]).toBe(105);
    expect(c.costs).toEqual({ usdPerKwh: 0.1, pue: 2, amortisationYears: 3 });
    expect(c.plan?.sloNs.get('hex')).toBe(500e6);
  });

  test('the bundled PlanetLab file: 40 trace servers onto 2 hosts', () => {
    const r = loadConsolidationFile(join(ROOT, 'scenarios', 'consolidation-planetlab.yaml'));
    if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
    expect(r.consolidation.before).toHaveLength(40);
    expect(r.consolidation.after.reduce((a, s) => a + s.domains.length, 0)).toBe(40);
    expect(r.consolidation.before.every((b) => b.scenario.domains[0].workload.kind === 'trace')).toBe(true);
  });

  test('an after-host that names an unknown server, and a server placed nowhere', () => {
    const text = `name: x\nbefore:\n${server('a')}${server('b')}after:\n  - host: { pcpus: 2, memory: 2G }\n    domains: [ a, zz ]\n`;
    expect(errorsOf(text)).toEqual([
      "c.yaml:8:11: server 'b' is not placed on any after-host (list it under after: … domains:)",
      "c.yaml:15:19: no server named 'zz' under before: (servers: a, b)",
    ]);
  });

  test('errors inside a server land on the key the user wrote: bad memory unit, unknown preset, unknown key', () => {
    const text = `name: x
before:
  - name: a
    cpu: { ghz: 2.4GHz, cores: 1 }
    memory: lots
    guest: { memory: 128M }
    workload: { preset: webb }
    colour: beige
after:
  - host: { pcpus: 2, memory: 2G }
    domains: [ a ]
`;
    expect(errorsOf(text)).toEqual(["c.yaml:8:5: unknown key 'colour'"]);
    const errs = errorsOf(text.replace('    colour: beige\n', ''));
    expect(errs.some((e) => /^c\.yaml:5:13: memory: /.test(e))).toBe(true);
    const errs2 = errorsOf(text.replace('    colour: beige\n', '').replace('memory: lots', 'memory: 512M'));
    expect(errs2).toHaveLength(1);
    expect(errs2[0]).toMatch(/^c\.yaml:7:25: unknown preset 'webb'/);
  });

  test('a guest that does not fit its server, a duplicate name, a doubly placed server', () => {
    const text = `name: x\nbefore:\n${server('a').replace('memory: 512M', 'memory: 64M')}${server('a')}after:\n  - domains: [ a, a ]\n`;
    const errs = errorsOf(text);
    expect(errs).toEqual([
      // The 128 MB guest on a 64 MB server: at the server's guest: section.
      "c.yaml:6:12: Dom0 would get -81 MB: the guests (128 MB) and Xen (17 MB) leave too little of the host's 64 MB",
      "c.yaml:8:11: two servers are named 'a' (the name is the workload's, on both sides)",
      "c.yaml:14:19: server 'a' is placed twice on the after side",
    ]);
  });

  test('YAML syntax errors and a file with neither after: nor plan:', () => {
    expect(errorsOf('before: [\n')[0]).toMatch(/^c\.yaml:\d+:\d+: YAML: /);
    expect(errorsOf(`name: x\nbefore:\n${server('a')}`)).toEqual(['c.yaml:1:1: a consolidation file needs after: (for compare) or plan: (for plan), or both']);
  });
});
