/**
 * Bad input across formats: line numbers are 1-based physical lines (CRLF and blank
 * lines included), at most MAX_ROW_ERRORS are listed plus one line counting the rest,
 * unreadable files and nonsense options are errors, not exceptions.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { importTrace, importTraceText, MAX_ROW_ERRORS } from '../../sim/workload/traces/index.js';

describe('bad rows', () => {
  test('PlanetLab: CRLF and blank lines keep line numbers right', () => {
    const r = importTraceText('10\r\n20\r\n\r\nabc\r\n30\r\n150\r\n-1\r\n', 'bad.txt', 'planetlab');
    expect('errors' in r && r.errors).toEqual([
      { file: 'bad.txt', line: 4, message: expect.stringMatching(/abc/) },
      { file: 'bad.txt', line: 6, message: expect.stringMatching(/150/) },
      { file: 'bad.txt', line: 7, message: expect.stringMatching(/-1/) },
    ]);
  });

  test('property: the reported lines are exactly the bad lines (up to the cap)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 100 }).map(String), fc.constantFrom('x', '101', '-3', '5%', '1e999')), { minLength: 1, maxLength: 60 }), (rows) => {
        const bad = rows.map((v, i) => (/^\d+$/.test(v) && Number(v) <= 100 ? -1 : i + 1)).filter((l) => l > 0);
        const r = importTraceText(rows.join('\n'), 'p', 'planetlab');
        if (bad.length === 0) return !('errors' in r) && r.trace.cpu.length === rows.length;
        if (!('errors' in r)) return false;
        const listed = r.errors.slice(0, MAX_ROW_ERRORS).map((e) => e.line);
        if (listed.join() !== bad.slice(0, MAX_ROW_ERRORS).join()) return false;
        return bad.length <= MAX_ROW_ERRORS ? r.errors.length === bad.length : r.errors.length === MAX_ROW_ERRORS + 1 && r.errors[MAX_ROW_ERRORS].line === bad[MAX_ROW_ERRORS];
      }),
    );
  });

  test('a file of 1,000 bad rows lists 20 and counts the other 980', () => {
    const r = importTraceText(Array(1000).fill('nope').join('\n'), 'many', 'planetlab');
    if (!('errors' in r)) throw new Error('expected errors');
    expect(r.errors).toHaveLength(21);
    expect(r.errors[20].message).toMatch(/980 more/);
  });

  test('an empty trace, a missing file and a non-positive option are errors', () => {
    expect(importTraceText('\n# nothing\n', 'e', 'planetlab')).toEqual({ errors: [{ file: 'e', line: 1, message: 'the trace has no values' }] });
    const missing = importTrace('/nonexistent/trace.txt', 'planetlab');
    expect('errors' in missing && missing.errors[0].message).toMatch(/no such file/);
    const neg = importTraceText('50\n', 'n', 'planetlab', { intervalNs: -5 });
    expect('errors' in neg && neg.errors[0].message).toMatch(/intervalNs/);
  });
});
