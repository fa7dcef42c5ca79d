/**
 * reports/: pure functions Result → text | CSV | vega-lite spec | SVG | HTML.
 * (Placeholder: the reports land with their own issue.)
 */
import type { Result } from '../sim/stats/result.js';

/** What `xensim run` prints by default: the summary line and the xm list table. */
export function formatText(result: Result): string {
  return result.summary + '\n';
}

/** Every file `--out DIR` writes, by file name → contents. The CLI writes them atomically. */
export async function renderOutputFiles(result: Result, _options: { html: boolean }): Promise<Record<string, string | Uint8Array>> {
  return { 'result.json': JSON.stringify(result, null, 2) + '\n' };
}
