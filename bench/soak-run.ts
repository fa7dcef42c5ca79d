/**
 * Runs the built CLI in this process (`xensim ARGS…`, as dist/cli/main.js does) and, when
 * it exits, writes a JSON line to the file named by XENSIM_RUN_REPORT: exit code, wall
 * seconds and the peak RSS of the process (worker threads included). `npm run bench --
 * soak` starts it as a child process, so the figures are that run's alone.
 *   XENSIM_RUN_REPORT=FILE node dist/bench/soak-run.js run FILE --out DIR …
 */
import { writeFileSync } from 'node:fs';

const report = process.env.XENSIM_RUN_REPORT;
const t0 = process.hrtime.bigint();
process.on('exit', (code) => {
  if (report === undefined) return;
  writeFileSync(report, JSON.stringify({ code, wallSeconds: Number(process.hrtime.bigint() - t0) / 1e9, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
});
// The CLI reads process.argv as `node main.js ARGS…`: this script stands in for main.js.
await import('../cli/main.js');
