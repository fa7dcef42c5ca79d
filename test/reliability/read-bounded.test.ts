/** sim/scenario/read-bounded.ts: regular files only, limit + 1 bytes at most, limits and sizes. */
import { afterEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cannotReadRegular, DEFAULT_INPUT_LIMITS, describeErrno, formatBytes, inputLimit, InputFileError, parseByteSize, readBounded, setMaxInputSize } from '../../sim/scenario/read-bounded.js';
import { importTrace } from '../../sim/workload/traces/index.js';
import { feedFile } from '../../sim/workload/traces/common.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';

const tmp = mkdtempSync(join(tmpdir(), 'xensim-bounded-'));

function failure(f: () => unknown): InputFileError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputFileError);
    return e as InputFileError;
  }
  throw new Error('expected an InputFileError');
}

afterEach(() => setMaxInputSize(0));

describe('readBounded', () => {
  test('exactly the limit is read; one byte more is refused', () => {
    const f = join(tmp, 'edge');
    writeFileSync(f, 'x'.repeat(1000));
    expect(readBounded(f, 'xl config', 1000)).toHaveLength(1000);
    expect(failure(() => readBounded(f, 'xl config', 999)).message).toBe('larger than 999 bytes, the limit for xl configs (raise it with --max-input-size)');
  });

  test('devices, directories and FIFOs are refused without being read', () => {
    expect(failure(() => readBounded('/dev/zero', 'scenario')).message).toBe('is a device, not a regular file');
    expect(failure(() => readBounded(tmp, 'scenario')).message).toBe('is a directory, not a file');
    const fifo = join(tmp, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const t0 = Date.now();
    expect(failure(() => readBounded(fifo, 'scenario')).message).toMatch(/^is a pipe \(FIFO\)/);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(cannotReadRegular('/dev/null')).toBe('is a device, not a regular file');
    expect(failure(() => readBounded(join(tmp, 'absent'), 'scenario')).message).toBe('no such file');
  });

  test('a trace is streamed but bounded the same way', () => {
    const f = join(tmp, 'trace.txt');
    writeFileSync(f, '10\n20\n30\n');
    const r = importTrace(f, 'planetlab');
    expect('trace' in r).toBe(true);
    // Over the limit: counted as read, refused with the limit named.
    const lines: string[] = [];
    const parser = { line: (t: string) => void lines.push(t), finish: () => ({ errors: [] }) };
    expect(feedFile(parser, f, 6)).toBe('cannot read trace: larger than 6 bytes, the limit for traces (raise it with --max-input-size)');
    expect(feedFile(parser, f, 9)).toBeUndefined();
    expect(importTrace('/dev/zero', 'planetlab')).toEqual({ errors: [{ file: '/dev/zero', line: 1, message: 'cannot read trace: is a device, not a regular file' }] });
  });

  test('a scenario loader error about the whole file reads `path: message`', () => {
    const r = loadScenarioFile('/dev/zero');
    expect(r).toEqual({ errors: [{ file: '/dev/zero', line: 0, col: 0, message: 'is a device, not a regular file' }] });
  });
});

describe('limits and sizes', () => {
  test('defaults per kind; --max-input-size raises every limit and never lowers one', () => {
    expect(DEFAULT_INPUT_LIMITS).toMatchObject({ scenario: 10 << 20, 'xl config': 1 << 20, trace: 200 << 20 });
    setMaxInputSize(50 << 20);
    expect(inputLimit('xl config')).toBe(50 << 20);
    expect(inputLimit('scenario')).toBe(50 << 20);
    expect(inputLimit('trace')).toBe(200 << 20);
  });

  test('parseByteSize and formatBytes', () => {
    expect(parseByteSize('50MB')).toEqual({ value: 50 << 20 });
    expect(parseByteSize('1.5G')).toEqual({ value: 1.5 * (1 << 30) });
    expect(parseByteSize('200 MiB')).toEqual({ value: 200 << 20 });
    expect(parseByteSize('4096')).toEqual({ value: 4096 });
    expect(parseByteSize('lots')).toHaveProperty('error');
    expect(parseByteSize('0')).toHaveProperty('error');
    expect(formatBytes(10 << 20)).toBe('10 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });

  test('errno codes in plain words', () => {
    expect(describeErrno('ENOENT')).toBe('no such file');
    expect(describeErrno('ENOSPC')).toBe('no space left on the device');
    expect(describeErrno('EWHATEVER')).toBe('cannot be read (EWHATEVER)');
  });
});
