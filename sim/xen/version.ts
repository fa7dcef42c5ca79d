/**
 * The Xen releases a scenario may name (`xen: "3.0"`), and what a release decides for the
 * model: which schedulers it has and which it boots with (`sched=` default, opt_sched in
 * xen/common/schedule.c), and whether its toolstack is xm or xl. Dates are those of the
 * commits in xen.git that added or removed each policy (the first RELEASE tag holding them):
 * - sched_bvt.c   2004-03 (Xen 2.0 default) .. removed 2006-08 (db51cd09d3, before 3.0.3)
 * - sched_rrobin.c 2004-03 .. removed 2005-04 (976f6fc92c): Xen 2.0's round robin
 * - sched_sedf.c  2005-01 (3.0.0; opt_sched = "sedf") .. removed in 4.6 (038c6afe08)
 * - sched_credit.c 2006-05, default from 2006-06 (5cbaa75a91, 3.0.3)
 * - sched_credit2.c 4.1 (0dd76d3d20), default from 4.12 (ec6662445b)
 * - sched_rt.c (rtds) 4.5 (8726c05577); sched_null.c 4.9 (d671da3be3)
 * - xl appeared in 4.1; xm is the toolstack before it.
 * A scenario without `xen:` is not tied to a release: its scheduler defaults to credit
 * (xensim's default since its first version), with credit1's rules of Xen 4.2–4.17.
 */

export type SchedulerName = 'credit' | 'credit2' | 'rtds' | 'null' | 'sedf' | 'bvt' | 'rr';

export const SCHEDULER_NAMES: readonly SchedulerName[] = ['credit', 'credit2', 'rtds', 'null', 'sedf', 'bvt', 'rr'];

export interface XenVersion {
  major: number;
  minor: number;
  patch: number;
  /** As the scenario wrote it ("3.0.3"). */
  text: string;
}

/** The releases a scenario may name (a patch level is accepted where the rules change inside a branch: 3.0.3, 3.0.4). */
export const KNOWN_RELEASES = ['2.0', '3.0', '3.0.3', '3.0.4', '3.1', '3.2', '3.3', '3.4', '4.0', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15', '4.16', '4.17', '4.18', '4.19', '4.20'];

export function parseXenVersion(text: string): XenVersion | { error: string } {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) return { error: `'${text}' is not a Xen version (say "3.0", "3.0.3" or "4.17")` };
  const v = { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? 0 : Number(m[3]), text: text.trim() };
  if (v.major < 2 || v.major > 4 || (v.major === 4 && v.minor > 20)) {
    return { error: `Xen ${text} is outside the releases xensim models (${KNOWN_RELEASES[0]}–${KNOWN_RELEASES[KNOWN_RELEASES.length - 1]})` };
  }
  return v;
}

/** v ≥ major.minor.patch */
export function atLeast(v: XenVersion, major: number, minor: number, patch = 0): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}

/** The scheduler the release boots with when `sched=` is not given. */
export function defaultScheduler(v: XenVersion | undefined): SchedulerName {
  if (v === undefined) return 'credit';
  if (!atLeast(v, 3, 0)) return 'bvt';
  if (!atLeast(v, 3, 0, 3)) return 'sedf';
  if (!atLeast(v, 4, 12)) return 'credit';
  return 'credit2';
}

/** The schedulers the release has (rr is xensim's baseline and is accepted with any release). */
export function schedulersOf(v: XenVersion | undefined): SchedulerName[] {
  if (v === undefined) return [...SCHEDULER_NAMES];
  const has: SchedulerName[] = [];
  if (atLeast(v, 3, 0, 3)) has.push('credit');
  if (atLeast(v, 4, 1)) has.push('credit2');
  if (atLeast(v, 4, 5)) has.push('rtds');
  if (atLeast(v, 4, 9)) has.push('null');
  if (atLeast(v, 3, 0) && !atLeast(v, 4, 6)) has.push('sedf');
  if (!atLeast(v, 3, 0, 3)) has.push('bvt');
  has.push('rr');
  return has;
}

/** The toolstack whose vocabulary and `list` layout the release has. */
export function toolstack(v: XenVersion | undefined): 'xm' | 'xl' {
  return v !== undefined && !atLeast(v, 4, 1) ? 'xm' : 'xl';
}
