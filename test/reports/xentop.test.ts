/**
 * The xentop table: header as xentop.c prints it (checked against the hand-written
 * `xentop -b` fixture the trace importer uses), fields under their headings, and the
 * numbers xentop would show for a run-long sample.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xentop, xentopState } from '../../reports/xentop.js';
import { importTraceText } from '../../sim/workload/traces/index.js';
import { greeboResult } from '../fixtures/result-fixture.js';
import { tokens } from './columns.js';

const XENTOP_LOG = join(import.meta.dirname ?? '.', '..', 'traces', 'fixtures', 'xentop-b.txt');

describe('xentop -b table', () => {
  const r = greeboResult();
  const lines = xentop(r).trimEnd().split('\n');

  test('header equals a real-layout xentop -b header (without the SSID column)', () => {
    const logHeader = readFileSync(XENTOP_LOG, 'utf8').split('\n')[0];
    expect(lines[0]).toBe(logHeader.replace(/ +SSID$/, ''));
  });

  test('every field ends under the end of its heading', () => {
    const head = tokens(lines[0]);
    for (const line of lines.slice(1)) {
      const tk = tokens(line);
      expect(tk.map((t) => t.end)).toEqual(head.map((t) => t.end));
    }
  });

  test("greebo's row for hex: CPU(sec) truncated, CPU(%) of the run, MEM in KiB and % of 1 GB", () => {
    const hex = tokens(lines[2]).map((t) => t.text);
    expect(hex.slice(0, 8)).toEqual(['hex', '--b---', '17024', '0.5', String(254.5 * 1024), '24.9', String(255 * 1024), '24.9']);
    // 17024.3 s over 42.5 days = 0.46 % of one pCPU
  });

  test('CPU(%) can exceed 100 for a busy multi-vCPU domain', () => {
    const busy = structuredClone(r);
    busy.domains[1].vcpus = 4;
    busy.domains[1].cpu_seconds = 3.2 * (busy.end_ns / 1e9);
    const hex = tokens(xentop(busy).split('\n')[2]).map((t) => t.text);
    expect(hex[3]).toBe('320.0');
    expect(hex[8]).toBe('4');
  });

  test('names are cut to ten characters (%10.10s)', () => {
    const long = structuredClone(r);
    long.domains[2].name = 'webserver-01';
    expect(tokens(xentop(long).split('\n')[3])[0].text).toBe('webserver-');
  });

  test('state letters in xentop order d s b c p r', () => {
    expect(xentopState('r-----')).toBe('-----r');
    expect(xentopState('-b----')).toBe('--b---');
    expect(xentopState('--p---')).toBe('----p-');
    expect(xentopState('-----d')).toBe('d-----');
  });

  test("the trace importer reads our table back as xentop output (MEM(k) → the domain's memory)", () => {
    const text = xentop(r) + xentop(r);
    const res = importTraceText(text, 'ours.txt', 'xentop', { domain: 'tepidmail' });
    if ('errors' in res) throw new Error(JSON.stringify(res.errors));
    expect(res.trace.memMb).toEqual([126.5]); // one interval between the two samples
    // The importer takes CPU(%) as the share over the interval: tepidmail's 3123.5 s over
    // 42.5 days is 0.085 %, printed "0.1".
    expect(res.trace.cpu).toEqual([0.001]);
  });
});
