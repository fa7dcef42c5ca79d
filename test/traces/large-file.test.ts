/**
 * Large traces: a 200,000-line file is read in chunks from disk (lines split across
 * chunk boundaries included) and gives exactly what the in-memory reader gives.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { importTrace, importTraceText } from '../../sim/workload/traces/index.js';

test('200k-line CSV from disk equals the same text parsed in memory', () => {
  const n = 200_000;
  const rows: string[] = ['timestamp,cpu'];
  for (let i = 0; i < n; i++) rows.push(`${1_300_000_000 + 60 * i},${((i * 7919) % 1000) / 1000}`);
  const text = rows.join('\r\n') + '\r\n';
  const dir = mkdtempSync(join(tmpdir(), 'xensim-trace-'));
  try {
    const file = join(dir, 'big.csv');
    writeFileSync(file, text);
    const t0 = Date.now();
    const fromDisk = importTrace(file, 'csv');
    const ms = Date.now() - t0;
    if ('errors' in fromDisk) throw new Error(JSON.stringify(fromDisk.errors));
    expect(fromDisk.trace.cpu).toHaveLength(n);
    expect(fromDisk.trace.intervalNs).toBe(60e9);
    expect(fromDisk.trace.cpu[12345]).toBe(((12345 * 7919) % 1000) / 1000);
    const inMemory = importTraceText(text, file, 'csv');
    expect(inMemory).toEqual(fromDisk);
    expect(ms).toBeLessThan(5000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
