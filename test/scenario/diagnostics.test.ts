/** sim/scenario/diagnostics.ts, shared by the scenario, sweep and consolidation loaders. */
import { describe, expect, test } from '@jest/globals';
import { didYouMean, expectedFound, knownKeysAt, levenshtein } from '../../sim/scenario/diagnostics.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';
import { loadConsolidationText } from '../../sim/experiment/consolidation-load.js';

const messages = (r: { errors: { line: number; col: number; message: string }[] } | object): string[] =>
  'errors' in r ? (r as { errors: { line: number; col: number; message: string }[] }).errors.map((e) => `${e.line}:${e.col}: ${e.message}`) : [];

describe('edit distance and suggestions', () => {
  test('levenshtein', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('domians', 'domains')).toBe(2);
  });
  test('didYouMean: close names, case and separators; nothing for far ones', () => {
    expect(didYouMean('domians', ['name', 'domains', 'host'])).toBe('domains');
    expect(didYouMean('Max_Mem', ['maxmem', 'memory'])).toBe('maxmem');
    expect(didYouMean('zzzzzz', ['name', 'domains'])).toBeUndefined();
    expect(didYouMean('a', ['b'])).toBe('b');
  });
  test('the keys a mapping takes come from the schema, through optional/default wrappers', () => {
    expect(knownKeysAt(scenarioSchema, [])).toEqual(expect.arrayContaining(['name', 'duration', 'host', 'domains', 'timeline']));
    expect(knownKeysAt(scenarioSchema, ['host'])).toEqual(expect.arrayContaining(['pcpus', 'memory', 'disks']));
    expect(knownKeysAt(scenarioSchema, ['domains', 0])).toEqual(expect.arrayContaining(['name', 'memory', 'vcpus', 'weight', 'cap']));
    expect(knownKeysAt(scenarioSchema, ['nowhere'])).toEqual([]);
  });
  test('expected and found', () => {
    expect(expectedFound({ code: 'invalid_type', expected: 'number', input: 'heavy' })).toBe('expected number, found "heavy"');
    expect(expectedFound({ code: 'invalid_type', expected: 'number', input: [1, 2] })).toBe('expected number, found a list');
    expect(expectedFound({ code: 'too_small' })).toBeUndefined();
  });
});

describe('in the loaders: at the offending token, with the suggestion', () => {
  test('scenario', () => {
    const r = loadScenarioText('name: t\nduraton: 1s\nhost: { pcpus: 1, memroy: 1G }\ndom0: { memory: 128M, weight: heavy }\ndomains: []\n', 't.yaml');
    expect(messages(r).sort()).toEqual([
      "2:1: unknown key 'duraton' (did you mean 'duration'?)",
      "3:19: unknown key 'memroy' in host (did you mean 'memory'?)",
      '4:31: weight: expected number, found "heavy"',
    ]);
  });
  test('consolidation', () => {
    const r = loadConsolidationText('name: c\nbefore:\n  - { name: a, memroy: 1G }\naftr: []\n', 'c.yaml', { baseDir: '.' });
    expect(messages(r)).toEqual(expect.arrayContaining(["3:16: unknown key 'memroy' (did you mean 'memory'?)", "4:1: unknown key 'aftr' (did you mean 'after'?)"]));
  });
  test('workload names', () => {
    const r = loadScenarioText('host: { pcpus: 1 }\ndomains:\n  - { name: a, memory: 64, workload: { preset: webb } }\n', 'w.yaml');
    expect(messages(r)[0]).toMatch(/unknown preset 'webb' \(did you mean 'web'\? known: /);
  });
});
