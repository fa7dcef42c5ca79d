/**
 * Dirtying: a domain that dirties its working set faster than the link carries it never
 * converges — pre-copy runs to the round limit (29 rounds, then stop-and-copy, as
 * xc_domain_save) and the downtime is the last dirty set / bandwidth; and downtime rises
 * with the dirty rate, as Clark et al. measured.
 */
import { describe, expect, test } from '@jest/globals';
import { runYaml } from '../helpers/scenario.js';
import { dirtier, twoHosts } from './helpers.js';

const LINK_BPS = 12.5e6; // 100 Mbit/s
const MIB = 1048576;

function migrate(rateFactor: number, wsMb = 16, memoryMb = 256) {
  // rateFactor × link bandwidth of touches, every 10 ms.
  const perTick = (rateFactor * LINK_BPS) / 100;
  const r = runYaml(twoHosts({ memoryMb, linkBandwidth: '100Mbit', duration: '200s', at: '2s', workload: dirtier(`${wsMb}M`, perTick) }));
  return r.migrations![0];
}

describe('dirty rate', () => {
  test('dirty rate 3× the link: no convergence, stop-and-copy at the round limit, downtime ≈ dirty set / bandwidth', () => {
    const m = migrate(3);
    expect(m.outcome).toBe('completed');
    // 29 pre-copy rounds, then the final stop-and-copy.
    expect(m.rounds).toBe(30);
    const last = m.round_detail[m.round_detail.length - 1];
    const before = m.round_detail[m.round_detail.length - 2];
    // The working set stays mostly dirty: each pre-copy round walks most of it but sends
    // only the pages not dirtied again since the round began (to_skip); the final round,
    // which skips nothing, carries most of it.
    const wsPages = (16 * MIB) / 4096;
    // (Rounds settle near 0.6 s: the pages dirtied in one cover about three quarters of
    // the working set, and about 40 % of those are dirtied again before the walk reaches them.)
    expect(before.pages + before.skipped_pages).toBeGreaterThan(0.6 * wsPages);
    expect(before.skipped_pages).toBeGreaterThan(0.25 * wsPages);
    expect(last.skipped_pages).toBe(0);
    expect(last.pages).toBeGreaterThan(0.6 * wsPages);
    // Downtime = final copy at link speed + 20 ms resume.
    const expectedMs = ((last.pages * 4096) / LINK_BPS) * 1e3 + 20;
    expect(m.downtime_ms).toBeGreaterThan(expectedMs * 0.95);
    expect(m.downtime_ms).toBeLessThan(expectedMs * 1.05);
    expect(m.pages_sent).toBeLessThan(3 * (256 * MIB) / 4096);
  });

  test('pages dirtied again during a round are skipped (xc_domain_save\'s to_skip) and sent by the next', () => {
    // Touches at 0.3× the link over a 16 MB working set of a 256 MB guest: round 1 walks
    // all 65,536 pages; the working set's pages dirtied before the walk reaches them are
    // skipped — some, but no more than were dirty when the round ended.
    const m = migrate(0.3);
    const r1 = m.round_detail[0];
    const allocPages = (256 * MIB) / 4096;
    expect(r1.pages + r1.skipped_pages).toBe(allocPages);
    expect(r1.skipped_pages).toBeGreaterThan(0);
    expect(r1.skipped_pages).toBeLessThanOrEqual(r1.dirty_pages);
    // Round 2 sends what round 1 left dirty, skipped pages included (nothing is lost):
    // it walks exactly the pages dirtied during round 1.
    const r2 = m.round_detail[1];
    // (dirty_pages is rounded in the record; the round walks its ceiling.)
    expect(Math.abs(r2.pages + r2.skipped_pages - r1.dirty_pages)).toBeLessThanOrEqual(1);
    // An idle guest skips nothing.
    const idle = runYaml(twoHosts({ memoryMb: 256, linkBandwidth: '100Mbit', duration: '60s', at: '2s' })).migrations![0];
    expect(idle.round_detail[0].skipped_pages).toBe(0);
  });

  test('more than 3× the memory sent stops pre-copy early (DEF_MAX_FACTOR)', () => {
    // Working set = the whole memory, dirtied fast: each round resends nearly everything.
    const m = migrate(4, 64, 64);
    expect(m.rounds).toBeLessThan(30);
    expect(m.pages_sent).toBeGreaterThan(3 * (64 * MIB) / 4096);
  });

  test('downtime rises with the dirty rate', () => {
    const rates = [0.3, 0.9, 1.5, 3, 6];
    const downtimes = rates.map((f) => migrate(f).downtime_ms);
    for (let i = 1; i < downtimes.length; i++) expect(downtimes[i]).toBeGreaterThan(downtimes[i - 1]);
    // A slowly dirtying domain converges: tiny final copy, downtime ≈ the resume cost.
    expect(downtimes[0]).toBeLessThan(40);
  });

  test('a rate limit (xend ADAPTIVE_SAVE) slows round 1 to its start rate', () => {
    const r = runYaml(twoHosts({ memoryMb: 256, linkBandwidth: '1Gbit', duration: '60s', migration: '{ rate: { start: 100Mbit, max: 500Mbit, increment: 50Mbit } }' }));
    const m = r.migrations![0];
    const first = m.round_detail[0];
    expect((first.end_ns - first.start_ns) / 1e9).toBeCloseTo((256 * MIB) / 12.5e6, 0);
    expect(first.rate_mbit).toBe(100);
  });

  test('the rate limit waits before a write, not after (ratewrite): the final round starts paid up', () => {
    // An idle guest: round 1 at 100 Mbit/s, nothing dirty, then stop-and-copy of the CPU
    // state. xc_domain_save's ratewrite takes a batch's bytes off its budget and waits for
    // the debt before writing, so the last pre-copy batch's wait falls in round 1 and the
    // final round goes at once: downtime = resume (20 ms) + a two-page copy. (Spacing the
    // *next* batch instead charged ~74 ms of round 1's pacing to the downtime.)
    const r = runYaml(twoHosts({ memoryMb: 256, linkBandwidth: '1Gbit', duration: '60s', migration: '{ rate: { start: 100Mbit, max: 500Mbit, increment: 50Mbit } }' }));
    const m = r.migrations![0];
    expect(m.downtime_ms).toBeLessThan(21);
    const first = m.round_detail[0];
    // Round 1 carries the whole pacing: 256 MiB at 100 Mbit/s less the 100 KiB first burst.
    expect((first.end_ns - first.start_ns) / 1e9).toBeGreaterThan((256 * MIB - 100 * 1024) / 12.5e6);
  });
});
