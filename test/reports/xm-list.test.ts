/**
 * `xm list` and `xl list` read like the real tools: headers as Xen's sources print them
 * (Xen 2.0 tools/python/xen/xm/main.py; tools/xl/xl_list.c), values under their
 * headings, and greebo's table carries the same values as the talk's.
 */
import { describe, expect, test } from '@jest/globals';
import { xlList, xmList } from '../../reports/xm-list.js';
import type { Result } from '../../sim/stats/result.js';
import { greeboResult } from '../fixtures/result-fixture.js';
import { expandTabs, tokens } from './columns.js';

/** The talk's `xm list` on greebo (values; its spacing was lost in the slides). */
const TALK_ROWS = `
Domain-0     0       59    0  r----  11015.9
hex          1      255    0  -b---  17024.3      9601
tepidmail    2      127    0  -b---   3123.5      9602
thinfaw      3       63    0  -b---  14682.4      9603
visit        4      255    0  -b---   3658.6      9604
william      5      127    0  -b---   1246.1      9605`.trim().split('\n');

function withDomain(r: Result, patch: (d: Result['domains'][number]) => void, index = 1): Result {
  const copy = structuredClone(r);
  patch(copy.domains[index]);
  return copy;
}

describe('xm list (the talk: Xen 2.0 xm)', () => {
  const lines = xmList(greeboResult()).trimEnd().split('\n');

  test('header exactly as xm 2.0 printed it', () => {
    expect(lines[0]).toBe('Name              Id  Mem(MB)  CPU  State  Time(s)  Console');
  });

  test("greebo's rows hold the talk's values, in the talk's order", () => {
    expect(lines.slice(1).map((l) => tokens(l).map((t) => t.text))).toEqual(TALK_ROWS.map((l) => tokens(l).map((t) => t.text)));
  });

  test('numbers end under the end of their heading (right-aligned %3d %7d %3d %5s %7.1f)', () => {
    const head = tokens(lines[0]);
    const endOf = (h: string): number => head.find((t) => t.text === h)!.end;
    for (const line of lines.slice(1)) {
      const tk = tokens(line);
      expect(tk[1].end).toBe(endOf('Id'));
      expect(tk[2].end).toBe(endOf('Mem(MB)'));
      expect(tk[3].end).toBe(endOf('CPU'));
      expect(tk[4].end).toBe(endOf('State'));
      expect(tk[5].end).toBe(endOf('Time(s)'));
      // '    %(port)4s': the port sits under "Console", one column short of its end, as in xm.
      if (tk[6] !== undefined) expect(tk[6].end).toBe(endOf('Console') - 1);
    }
  });

  test('Time(s) has one decimal, rounded; Mem(MB) is the target, not the allocation', () => {
    const r = withDomain(greeboResult(), (d) => {
      d.cpu_seconds = 12.96;
      d.memory_mb = 200;
      d.memory.allocation_mb = 150;
    });
    const hex = xmList(r).split('\n').find((l) => l.startsWith('hex '))!;
    expect(tokens(hex).map((t) => t.text)).toEqual(['hex', '1', '200', '0', '-b---', '13.0', '9601']);
  });

  test('states keep the five xm letters r b p s c; the CPU column is the last pCPU', () => {
    const r = withDomain(greeboResult(), (d) => {
      d.state = '--p---';
      d.last_pcpu = 3;
    });
    const hex = tokens(xmList(r).split('\n')[2]);
    expect(hex[3].text).toBe('3');
    expect(hex[4].text).toBe('--p--');
  });

  test('domains that were never created are not listed; Domain-0 first, then by id', () => {
    const r = greeboResult();
    r.domains.reverse();
    r.domains[0].failed = 'not enough memory'; // william
    const names = xmList(r).trimEnd().split('\n').slice(1).map((l) => tokens(l)[0].text);
    expect(names).toEqual(['Domain-0', 'hex', 'tepidmail', 'thinfaw', 'visit']);
  });
});

describe('xl list (tools/xl/xl_list.c)', () => {
  const text = xlList(greeboResult());
  const lines = text.trimEnd().split('\n');

  test('header as xl prints it, tabs included; as a terminal shows it', () => {
    expect(lines[0]).toBe('Name                                        ID   Mem VCPUs\tState\tTime(s)');
    expect(expandTabs(lines[0])).toBe('Name                                        ID   Mem VCPUs      State   Time(s)');
  });

  test('rows follow "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f"', () => {
    expect(lines[2]).toBe(`${'hex'.padEnd(40)} ${'1'.padStart(5)} ${'254'.padStart(5)} ${'1'.padStart(5)}     -b----  ${'17024.3'.padStart(8)}`);
  });

  test('ID, Mem, VCPUs and Time(s) end under their headings', () => {
    const head = tokens(expandTabs(lines[0]));
    const endOf = (h: string): number => head.find((t) => t.text === h)!.end;
    for (const line of lines.slice(1)) {
      const tk = tokens(line);
      expect(tk[1].end).toBe(endOf('ID'));
      expect(tk[2].end).toBe(endOf('Mem'));
      expect(tk[3].end).toBe(endOf('VCPUs'));
      expect(tk[5].end).toBe(endOf('Time(s)'));
    }
  });

  test('Mem is the pages held, truncated to whole MB (current_memkb / 1024)', () => {
    const r = withDomain(greeboResult(), (d) => {
      d.memory.allocation_mb = 127.99;
      d.memory_mb = 255;
    });
    expect(tokens(xlList(r).split('\n')[2])[2].text).toBe('127');
  });

  test('a name longer than 40 characters pushes the row right, as printf does (nothing cut)', () => {
    const long = 'a-very-long-domain-name-that-goes-past-forty-chars';
    const r = withDomain(greeboResult(), (d) => {
      d.name = long;
    });
    expect(xlList(r).split('\n')[2].startsWith(`${long}     1 `)).toBe(true);
  });
});
