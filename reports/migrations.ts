/**
 * Several-host runs: a table of the hosts, a table of the migrations (`xm migrate`:
 * from, to, start, total time, downtime, data sent, rounds, outcome), and the migrating
 * guests' p95 response time before, during and after each move. Empty strings when the
 * Result has no hosts[] / migrations[] (single-host runs print exactly as before).
 */
import type { LatencySummary, Result } from '../sim/stats/result.js';
import { fixed, left, right } from './format.js';

export const HOSTS_HEADER = `${left('Host', 12)} ${right('pCPUs', 5)} ${right('Util(%)', 8)} ${right('Peak(%)', 8)} ${right('Mem(MB)', 8)} ${right('Free(MB)', 9)} ${right('Energy(kWh)', 12)}  Guests`;

export function hostsTable(result: Result): string {
  const hosts = result.hosts;
  if (hosts === undefined || hosts.length < 2) return '';
  const lines = [HOSTS_HEADER];
  for (const h of hosts) {
    lines.push(
      `${left(h.name, 12)} ${right(h.pcpus, 5)} ${fixed(h.utilisation * 100, 8, 2)} ${fixed(h.peak_utilisation * 100, 8, 1)} ${right(Math.round(h.memory_mb), 8)} ` +
        `${right(Math.round(h.free_memory_mb), 9)} ${fixed(h.energy_kwh, 12, 4)}  ${h.guests.join(' ') || '-'}`,
    );
  }
  return lines.join('\n') + '\n';
}

export const MIGRATIONS_HEADER =
  `${left('Domain', 14)} ${left('From', 10)} ${left('To', 10)} ${left('Mode', 7)} ${right('Start(s)', 9)} ${right('Total(s)', 9)} ` +
  `${right('Down(ms)', 9)} ${right('Sent(MB)', 9)} ${right('Rounds', 6)}  Outcome`;

export function migrationsTable(result: Result): string {
  const ms = result.migrations;
  if (ms === undefined || ms.length === 0) return '';
  const lines = [MIGRATIONS_HEADER];
  for (const m of ms) {
    const outcome = m.message !== undefined ? `${m.outcome}: ${m.message}` : m.outcome;
    lines.push(
      `${left(m.domain, 14)} ${left(m.from, 10)} ${left(m.to, 10)} ${left(m.live ? 'live' : 'stop', 7)} ${fixed(m.start_ns / 1e9, 9, 2)} ${fixed(m.total_seconds, 9, 2)} ` +
        `${fixed(m.downtime_ms, 9, 1)} ${fixed(m.bytes_sent / 1048576, 9, 1)} ${right(m.rounds, 6)}  ${outcome}`,
    );
  }
  return lines.join('\n') + '\n';
}

export const MIGRATION_LATENCY_HEADER =
  `${left('Domain', 14)} ${left('Move', 12)} ${right('p95 before', 11)} ${right('p95 during', 11)} ${right('p95 after', 10)} ${right('n during', 9)}`;

const p95 = (l: LatencySummary | undefined): string => (l === undefined ? '-' : l.p95_ms.toFixed(2));

/** p95 response time (ms) of each migrated guest before, during and after its move; '' if none served requests. */
export function migrationLatencyTable(result: Result): string {
  const ms = (result.migrations ?? []).filter((m) => m.latency !== undefined && (m.latency.before ?? m.latency.during ?? m.latency.after) !== undefined);
  if (ms.length === 0) return '';
  const lines = [MIGRATION_LATENCY_HEADER];
  for (const m of ms) {
    const l = m.latency!;
    lines.push(`${left(m.domain, 14)} ${left(`${m.from}>${m.to}`, 12)} ${right(p95(l.before), 11)} ${right(p95(l.during), 11)} ${right(p95(l.after), 10)} ${right(l.during?.count ?? 0, 9)}`);
  }
  return lines.join('\n') + '\n';
}
