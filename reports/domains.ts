/** Which domains a listing shows and in what order: the ones that exist, Domain-0 first, then by id. */
import type { DomainResult, Result } from '../sim/stats/result.js';

export function listedDomains(result: Result): DomainResult[] {
  return result.domains
    .filter((d) => d.failed === undefined)
    .sort((a, b) => a.id - b.id); // Domain-0 is id 0, so it leads
}

/** Seconds of simulated time the run covered (what rates and percentages divide by). */
export function runSeconds(result: Result): number {
  return (result.end_ns > 0 ? result.end_ns : result.duration_ns) / 1e9;
}
