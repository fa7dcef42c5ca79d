/**
 * Runs a several-host scenario as `xensim run` does (host groups on worker threads,
 * merged) and prints a JSON line: events, wall seconds, peak RSS of this process (its
 * worker threads included), guests, hosts. `npm run bench -- estate` starts it as a
 * child process so the peak RSS is that run's alone.
 *   node dist/bench/estate-run.js FILE WORKERS [DURATION_S]
 */
import { availableParallelism } from 'node:os';
import { loadScenarioFile, formatError } from '../sim/scenario/load.js';
import { estateLayout } from '../sim/estate/host-groups.js';
import { runEstateGroups } from '../cli/estate-run.js';

const [file, workersText, duration] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const r = loadScenarioFile(file);
if ('errors' in r) {
  process.stderr.write(r.errors.map(formatError).join('\n') + '\n');
  process.exit(2);
}
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const workers = workersText !== undefined ? Number(workersText) : availableParallelism();
const durationNs = duration !== undefined ? Number(duration) * 1e9 : r.scenario.durationNs;
const ran = await runEstateGroups(r.scenario, estateLayout(r.scenario), { durationNs, workers });
if (!('result' in ran)) throw new Error('no result');
const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const res = ran.result;
process.stdout.write(JSON.stringify({
  events: res.events, wallSeconds, loadSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024, simSeconds: res.end_ns / 1e9,
  hosts: res.hosts.length, guests: res.domains.length - 1, workers, summary: res.summary,
}) + '\n');
