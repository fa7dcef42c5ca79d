/**
 * Runs one scenario file in this process and prints a JSON line: events, wall seconds,
 * peak RSS (MB). `npm run bench` starts it as a child process per scenario, so the peak
 * RSS is that run's alone.
 *   node dist/bench/scenario-run.js FILE [DURATION_S]
 */
import { loadScenarioFile, formatError } from '../sim/scenario/load.js';
import { runScenario } from '../sim/run.js';

const [file, duration] = process.argv.slice(2);
const r = loadScenarioFile(file);
if ('errors' in r) {
  process.stderr.write(r.errors.map(formatError).join('\n') + '\n');
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const res = runScenario(r.scenario, duration !== undefined ? { durationNs: Number(duration) * 1e9 } : {});
const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ events: res.events, wallSeconds, maxRssMb, simSeconds: res.end_ns / 1e9, summary: res.summary }) + '\n');
