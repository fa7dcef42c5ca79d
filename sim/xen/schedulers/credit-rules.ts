/**
 * credit1's rules by Xen release: what xen/common/sched_credit.c (sched/credit.c from
 * 4.14) did differently in each release a scenario may name (`xen:`). Each rule cites
 * the xen.git commit that changed it; the release is the first tag holding that commit
 * (`git tag --contains`; 3.0.3/3.0.4 by their -branched tags). The table with the
 * evidence is in docs/credit-scheduler-notes.md, "Releases".
 *
 * A scenario without `xen:` gets Xen 4.17's rules (the last release before the load
 * balancing rate limit; xensim's credit has always modelled the 4.2–4.17 line).
 */
import { atLeast, type XenVersion } from '../version.js';

/**
 * How running is charged:
 * - 'tick': a flat tick's worth (10 ms of credit) from whoever runs when a pCPU's tick
 *   fires (csched_vcpu_acct, Xen ≤ 3.4);
 * - 'nearest': burn_credits, the exact time rounded to the nearest credit, the rest kept
 *   in start_time (78c9b2a64b, Xen 4.0–4.2);
 * - 'residual': burn_credits in whole credits, the division's remainder carried in
 *   svc->residual as well (cf0c29d1a9, Xen ≥ 4.3).
 */
export type CreditCharge = 'tick' | 'nearest' | 'residual';

/**
 * Whom a wake-up tickles (__runq_tickle):
 * - 'all-idlers': its pCPU if it outranks the running vCPU, and every idler it may run
 *   on if that pCPU is busy (3.0.3–4.0);
 * - 'one-idler': the same with one idler, cycling (opt_tickle_one_idle, e4434634c4, 4.1);
 * - 'modern': its pCPU if idle (or no idlers and it outranks the running vCPU), else one
 *   suitable idler, else preempt (f02a5760c7, 4.7; tickled pCPUs no longer idlers,
 *   47d5292995, 4.9).
 */
export type CreditTickle = 'all-idlers' | 'one-idler' | 'modern';

/**
 * Where csched_load_balance starts visiting peers: the next pCPU ('next', ≤ 4.2), the
 * first busy pCPU ('first', cfcc144ff1, 4.3), or the one after the pCPU last stolen
 * from (balance_bias, 89216c7999, 4.9).
 */
export type CreditStealOrder = 'next' | 'first' | 'bias';

export interface CreditRules {
  /** The release these are ("4.17" for a scenario without `xen:`). */
  release: string;
  /** Credits per ms of CPU: 1 in 3.0.3 (CSCHED_TICK = 10 a 10 ms tick), 10 from 3.0.4 (87410b08dc). */
  creditsPerMs: number;
  charge: CreditCharge;
  /** BOOST on wake-up (59f9d8ef44, 3.0.4). */
  boost: boolean;
  /**
   * 3.0.3 parks a capped vCPU whose credit is negative at CSCHED_PRI_TS_PARKED (−65,
   * below idle) until accounting brings it back; from 3.0.4 it is paused once below
   * −(its cap share) (c1c2224094, c62ecba43f).
   */
  parkBelowIdle: boolean;
  /** 3.0.3's csched_vcpu_init puts a new vCPU on the active list at once (later: at its first tick). */
  activeAtCreate: boolean;
  /** Each active vCPU counts its domain's weight (3a37d430ce, 4.1); before, each active domain once. */
  perVcpuWeight: boolean;
  /** A vCPU leaving the active list keeps half its credit (c92d5f4e0f, 4.1); before, none. */
  halveOnStop: boolean;
  /** sched_ratelimit_us and sched_credit_tslice_ms exist (64908a0466, d0ac87b3c0, 4.2). */
  hasRatelimit: boolean;
  /** Accounting runs inside the master pCPU's tick, every third (≤ 3.3); its own master_ticker from 964fae8ac2 (3.4). */
  acctInMasterTick: boolean;
  /** A tick moves the running vCPU to a more idle pCPU (csched_cpu_pick in csched_vcpu_acct, c918890fc5, 3.0.4). */
  tickMigrate: boolean;
  tickle: CreditTickle;
  /** A vCPU placed by csched_res_pick (its insertion, a migration) is not boosted on the wake that follows (66c7449a4d, 4.7). */
  noBoostAfterPick: boolean;
  stealOrder: CreditStealOrder;
  /** Load balancing skips peers with at most one runnable vCPU (nr_runnable, 341450eaf7, 4.9). */
  skipSingleRunnable: boolean;
  /** load-balance-ratelimit: a pCPU balances at most once per this (58feb9e0ac, 4.18; 1 ms); 0 = none. */
  lbRatelimitNs: number;
}

/** credit1's rules of release v (undefined: a scenario without `xen:`, Xen 4.17's). */
export function creditRules(v: XenVersion | undefined): CreditRules {
  const r = (major: number, minor: number, patch = 0): boolean => v === undefined || atLeast(v, major, minor, patch);
  const release = v === undefined ? '4.17' : v.text;
  const is418 = v !== undefined && atLeast(v, 4, 18);
  return {
    release,
    creditsPerMs: r(3, 0, 4) ? 10 : 1,
    charge: r(4, 3) ? 'residual' : r(4, 0) ? 'nearest' : 'tick',
    boost: r(3, 0, 4),
    parkBelowIdle: !r(3, 0, 4),
    activeAtCreate: !r(3, 0, 4),
    perVcpuWeight: r(4, 1),
    halveOnStop: r(4, 1),
    hasRatelimit: r(4, 2),
    acctInMasterTick: !r(3, 4),
    tickMigrate: r(3, 0, 4),
    tickle: r(4, 7) ? 'modern' : r(4, 1) ? 'one-idler' : 'all-idlers',
    noBoostAfterPick: r(4, 7),
    stealOrder: r(4, 9) ? 'bias' : r(4, 3) ? 'first' : 'next',
    skipSingleRunnable: r(4, 9),
    lbRatelimitNs: is418 ? 1_000_000 : 0,
  };
}
