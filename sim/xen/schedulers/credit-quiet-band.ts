/**
 * The closed-form bound behind lazy bookkeeping's long quiet stretches (credit.ts):
 * whether a vCPU running alone can ever be moved by an accounting pass.
 *
 * It rests on Xen's burn_credits (xen/common/sched/credit.c, 4.3+ with the residual;
 * 4.0–4.2 rounding to the nearest credit) and csched_acct for one active domain of one
 * active vCPU with no cap. Each pass gives that vCPU exactly a tslice's credits when it
 * is UNDER and the balance is not negative: its weight is the whole weight, so its fair
 * share is credits_per_tslice × pCPUs, clamped to the peak, credits_per_tslice. A tslice
 * of running takes the same amount back, up to start_time's lag: a charge at t leaves
 * start_time within 10⁶ / credits-per-ms ns of t (the residual stays in [0, 10⁶), or the
 * rounding within half a credit), and the tick charges at least once a tick period.
 *
 * With C the credit and start₀ the start_time now, A₀ the first pass and A_k = A₀ + k·P,
 * the credit after pass k is C + (k+1)·cpt − (start_k − start₀)·cpm/10⁶ =
 * Y + (A_k − start_k)·cpm/10⁶, where Y = C + cpt + (start₀ − A₀)·cpm/10⁶ is fixed. Once
 * some charge comes before the first pass, A_k − start_k is the gap g_k from the last
 * charge to the pass plus a lag in (−10⁶/cpm, 10⁶/cpm), so the credit, an integer, stays
 * in (Y + g·cpm/10⁶ − 1, Y + g·cpm/10⁶ + 1) over the gaps g the chains' phases allow. If
 * Y + g·cpm/10⁶ stays inside [0, cpt], no pass ever turns the vCPU OVER or takes it off
 * the active list: the stretch needs no look-ahead. (A lone CPU hog's credit hovers just
 * above 0 this way: the band is exact at its edges, or a hog would never qualify.) The look-ahead asks at its start and after each pass it steps through.
 */

const NS_PER_MS = 1_000_000;

/** Nanoseconds within which two chains' instants count as a tie (float drift is far smaller). */
const TIE_NS = 1;

/**
 * True when no accounting pass can change the decision for a lone UNDER vCPU with
 * credit `credit` and start_time `start`, whose pCPU ticks next at `tickAt` (then every
 * `tickNs`), whose slice ends next at `sliceAt` (then every `tsliceNs`), and whose next
 * pass is at `acctAt` (then every `tsliceNs`), at `creditsPerMs` credits a millisecond.
 * The caller guarantees UNDER, a non-negative balance and a non-sampled charge.
 *
 * The band's width comes from how long before a pass the last charge was: when the tick
 * period divides the tslice, every pass sees the same gap g to the tick and to the slice
 * end before it, so the credit after it lies in (Y + g·cpm/10⁶ − 1, Y + g·cpm/10⁶ + 1);
 * a tie (a tick or slice end at a pass's instant, whichever way the queue orders it)
 * widens g to both of its values, and a tick that does not divide the tslice to
 * [0, tick].
 */
export function quietStaysInBand(
  credit: number,
  start: number,
  tickAt: number,
  tickNs: number,
  sliceAt: number,
  acctAt: number,
  tsliceNs: number,
  creditsPerMs: number,
): boolean {
  // A charge must come strictly before the first pass, and ticks at least once a tslice.
  if (!(tickAt < acctAt || sliceAt < acctAt) || tickNs > tsliceNs) return false;
  // In nanoseconds of credit (10⁶ / cpm ns a credit), where whole-nanosecond inputs keep
  // every term exact: Y·ns = C·ns + tslice + start − A₀.
  const nsPerCredit = NS_PER_MS / creditsPerMs;
  const yNs = credit * nsPerCredit + tsliceNs + (start - acctAt);
  let gMin = 0;
  let gMax = tickNs;
  if (tsliceNs % tickNs === 0) {
    const phT = mod(acctAt - tickAt, tickNs);
    const phS = mod(acctAt - sliceAt, tsliceNs);
    const tieT = phT < TIE_NS || phT > tickNs - TIE_NS;
    const tieS = phS < TIE_NS || phS > tsliceNs - TIE_NS;
    gMax = tieT ? tickNs : phT;
    gMin = Math.min(tieT ? 0 : phT, tieS ? 0 : phS);
  }
  // The first pass may see only the slice end, if the first tick comes after it.
  if (!(tickAt < acctAt)) gMax = Math.max(gMax, acctAt - sliceAt);
  // The credit after a pass is an integer in (Y + g − 1 credit, Y + g + 1 credit): inside
  // [0, cpt] exactly when Y + gMin ≥ 0 and Y + gMax ≤ cpt. Off the whole-nanosecond grid,
  // float rounding (well under a nanosecond here) gets a nanosecond's margin.
  const exact = Number.isInteger(yNs) && Number.isInteger(gMin) && Number.isInteger(gMax);
  const margin = exact ? 0 : 1;
  return yNs + gMin - margin >= 0 && yNs + gMax + margin <= tsliceNs;
}

function mod(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}
