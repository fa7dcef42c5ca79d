/** The devices table: one row per device that carried I/O, figures as the Result has them. */
import { describe, expect, test } from '@jest/globals';
import { devicesTable, formatText } from '../../reports/index.js';
import { greeboResult } from '../fixtures/result-fixture.js';

describe('devices table', () => {
  test('a row per used device: requests, MB, utilisation %, mean queue, p95', () => {
    const r = greeboResult();
    const lines = devicesTable(r).trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['Device', 'Kind', 'Requests', 'MB', 'Util(%)', 'MeanQ', 'p95(ms)']);
    const vg0 = lines[1].split(/\s+/);
    expect(vg0.slice(0, 3)).toEqual(['vg0', 'hdd', '1234567']);
    expect(Number(vg0[3])).toBeCloseTo(7.5e9 / 1048576, 1);
    expect(vg0[4]).toBe('1.20');
    expect(Number(vg0[6])).toBeGreaterThan(0);
    // A NIC has no latency histogram: a dash, not a made-up number.
    expect(lines[2].trim().endsWith(' -')).toBe(true);
  });

  test('devices that carried nothing are left out, and with none the table is empty and not printed', () => {
    const r = greeboResult();
    r.host.devices = r.host.devices.map((d) => ({ ...d, requests: 0 }));
    expect(devicesTable(r)).toBe('');
    expect(formatText(r)).not.toContain('Device');
  });
});
