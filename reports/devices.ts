/**
 * Physical devices: disks and NIC directions with their load — requests (packets for
 * a NIC), megabytes moved, utilisation, mean queue length (waiting, not in service)
 * and, for disks, the p95 of request latency.
 */
import type { Result } from '../sim/stats/result.js';
import { fixed, left, right } from './format.js';

export const DEVICES_HEADER =
  `${left('Device', 16)} ${left('Kind', 7)} ${right('Requests', 10)} ${right('MB', 10)} ${right('Util(%)', 8)} ${right('MeanQ', 8)} ${right('p95(ms)', 9)}`;

/** The table, or '' when no device carried anything. */
export function devicesTable(result: Result): string {
  const used = result.host.devices.filter((d) => d.requests > 0);
  if (used.length === 0) return '';
  const lines = [DEVICES_HEADER];
  for (const d of used) {
    const p95 = d.latency !== undefined && d.latency.count > 0 ? fixed(d.latency.p95_ms, 9, 2) : right('-', 9);
    lines.push(
      `${left(d.name, 16)} ${left(d.kind, 7)} ${right(d.requests, 10)} ${fixed(d.bytes / 1048576, 10, 1)} ` +
        `${fixed(d.utilisation * 100, 8, 2)} ${fixed(d.mean_queue_length, 8, 3)} ${p95}`,
    );
  }
  return lines.join('\n') + '\n';
}
