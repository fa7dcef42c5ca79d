/**
 * Xen's Borrowed Virtual Time scheduler (Duda & Cheriton, SOSP'99), following
 * xen/common/sched_bvt.c of Xen 3.0.0 (RELEASE-3.0.0). The algorithm is the one of Xen
 * 2.0 (the 2004-11 file differs only in names and in 3.0's 10 µs floor on ctx_allow);
 * BVT was the default scheduler of Xen 2.0 and was removed before 3.0.3 (db51cd09d3,
 * 2006-08).
 *
 * The algorithm (one runqueue per pCPU; vCPUs never move between pCPUs — there is no
 * load balancing in sched_bvt.c):
 * - Each vCPU has an actual virtual time (avt, u32). At every schedule the vCPU that ran
 *   is charged ⌈ran / MCU⌉ × mcu_advance (calc_avt; MCU = 100 µs, so even 1 ns of running
 *   costs a whole MCU); mcu_advance is the domain's inverse weight (default 10).
 * - Effective virtual time evt = avt − warp_value while the domain is warped (u32: a warp
 *   larger than the avt wraps evt round to a huge value — the domain then runs last;
 *   it matters only while avt is small, i.e. soon after boot).
 * - do_schedule: the vCPU that ran goes to the tail of the runqueue (if still runnable);
 *   the one with the smallest evt runs (ties: nearest the head); the system virtual time
 *   svt becomes the smallest avt on the runqueue. Its time slice: ctx_allow when the pCPU
 *   goes idle, 10 × ctx_allow when nothing else is runnable ("RN: random constant"), and
 *   otherwise (evt' − evt) / mcu_advance + ctx_allow, evt' being the second smallest.
 *   That last sum adds a count of MCUs to nanoseconds as the source does, so in effect
 *   the slice is ctx_allow (default 5 ms) plus a few ns; the virtual-time order, not the
 *   slice, gives the shares (2:1 for mcu_advance 10 against 20).
 * - Wake-up (bvt_wake): the vCPU goes to the head of the runqueue, avt = max(avt, svt);
 *   it preempts at once if the pCPU is idle or its evt ≤ the running vCPU's evt (charged
 *   up to now); otherwise the running slice is cut to end at lastschd + (evt − evt_cur) /
 *   mcu_advance_cur + ctx_allow (the running vCPU keeps at least the context-switch
 *   allowance since it was scheduled).
 * - Warp (`xm sched-bvt`): warpback enables warping and sets warp at once; while a
 *   warped vCPU runs, a timer of warpl ends the warp (warp_timer_fn), and warpu after
 *   that the unwarp timer re-warps it (if warpback is still set) and reschedules; warpu 0
 *   turns warpback off for good. The warp timer is cancelled whenever the domain is
 *   descheduled, so warpl bounds one continuous run, not the total; warpu is wall time.
 *   Defaults: warpback 0, warp_value 0, warpl 2000 ms, warpu 1000 ms.
 * - When svt reaches 0xf0000000, 0xe0000000 is taken off every avt and evt of the pCPU's
 *   vCPUs (blocked ones too, in u32 arithmetic) and off svt.
 * - New vCPUs start with avt = evt = svt of their pCPU; vCPUs are placed by the domain
 *   creation code (xen3-placement.ts: Xen 2.0 rule before `xen: "3.0"`, 3.0 rule after).
 *
 * Parameters: SchedulerSpec.ctxAllowNs (`xm bvt_ctxallow`, default 5 ms, at least
 * CTX_MIN = 10 µs); a domain's `sched:` mcuadv / warpback / warpvalue / warpl / warpu are
 * applied right after creation as `xm sched-bvt` would be; the timeline's sched-bvt
 * changes only the fields given (xm 3.0 took all five; the missing ones are the current
 * values). bvt_adjdom refuses mcuadv 0 and negative warpl/warpu (nothing changes).
 * Domain.weight is credit's weight (1–65535, default 256) and is NOT mapped: xend 3.0's
 * own weight was the config's float `cpu_weight` (default 1.0), which
 * xc_domain_setcpuweight turned into mcuadv = ⌊10 / cpu_weight⌋ (tools/libxc/xc_domain.c);
 * a scenario states mcuadv directly (cpu_weight 2 = mcuadv 5).
 *
 * Simplifications, and why:
 * - Times are rounded to whole ns at each entry (s_time_t is an integer), so charges in
 *   MCUs are the source's exactly.
 * - An idle pCPU does not re-run the scheduler every ctx_allow: with nothing runnable
 *   that pass charges nothing and leaves svt as it is (a wake-up tickles the pCPU).
 * - A slice so long its s32 would overflow (a difference of evt over 2^31 with mcuadv 1)
 *   is not wrapped negative; Xen would re-run the scheduler at once, again and again.
 * - vCPUs woken again before their pCPU rescheduled keep running (the core's rule).
 * - xend 3.0's domain creation (xc_domain_setcpuweight) read warpl/warpu back in ns and
 *   re-sent them as ms, leaving them 10⁶ times too long until the next `xm sched-bvt`;
 *   harmless while warpback is 0 (the default) and reset by any sched-bvt: not modelled.
 * Hot path: state in typed arrays by vCPU index and domain id; the runqueue is an
 * intrusive index list.
 */
import type { SchedChange, SchedulerSpec } from '../params.js';
import type { Domain } from '../domain.js';
import type { Host } from '../host.js';
import type { Pcpu } from '../pcpu.js';
import { registerScheduler, type Scheduler } from '../scheduler.js';
import type { Vcpu } from '../vcpu.js';
import { atLeast } from '../version.js';
import { grown, IndexLists } from './index-lists.js';
import { placeAtCreation } from './xen3-placement.js';

const NS_PER_US = 1000;
const NS_PER_MS = 1_000_000;

/** Minimum charging unit. */
export const BVT_MCU_NS = 100 * NS_PER_US;
/** Default mcu_advance ("default weight"). */
export const BVT_MCU_ADVANCE = 10;
export const BVT_CTX_ALLOW_NS = 5 * NS_PER_MS;
export const BVT_CTX_MIN_NS = 10 * NS_PER_US;
export const BVT_WARPL_NS = 2000 * NS_PER_MS;
export const BVT_WARPU_NS = 1000 * NS_PER_MS;

const U32_MAX = 0xffffffff;
const SVT_OVERRUN = 0xf0000000;
const SVT_REBASE = 0xe0000000;

function u32(x: number): number {
  return x >>> 0;
}

export class BvtScheduler implements Scheduler {
  readonly name = 'bvt';
  /** Accepted for symmetry; BVT has no periodic bookkeeping to defer. */
  readonly lazy: boolean;
  readonly ctxAllowNs: number;
  /** Which domain-creation code placed vCPUs (Xen 2.0 or 3.0 dom0_ops.c). */
  private readonly placement: 'xen2' | 'xen3';

  // Per vCPU (by vcpu.index).
  private avt = new Float64Array(0);
  private evt = new Float64Array(0);
  private lastschd = new Float64Array(0);
  private inserted = new Uint8Array(0);
  /** When its current run began warped, or −1 (for warped_seconds). */
  private warpSince = new Float64Array(0);
  private warpedNs = new Float64Array(0);

  // Per domain (by domain.id).
  private mcuAdv = new Float64Array(0);
  private warpBack = new Uint8Array(0);
  private warp = new Uint8Array(0);
  private warpValue = new Int32Array(0);
  private warpl = new Float64Array(0);
  private warpu = new Float64Array(0);
  private warpTimer = new Int32Array(0);
  private unwarpTimer = new Int32Array(0);
  private warpExpiries = new Float64Array(0);

  // Per pCPU.
  private readonly runq: IndexLists;
  private readonly svt: Float64Array;
  /** When the running slice ends (s_timer.expires). */
  private readonly sliceExpires: Float64Array;
  /** bvt_wake's earlier s_timer: ends the running slice at r_time. */
  private readonly preemptTimer: Int32Array;

  private readonly evPreempt: number;
  private readonly evWarp: number;
  private readonly evUnwarp: number;

  constructor(private readonly host: Host, spec: SchedulerSpec) {
    this.lazy = spec.bookkeeping === 'lazy';
    this.ctxAllowNs = Math.max(BVT_CTX_MIN_NS, Math.round(spec.ctxAllowNs ?? BVT_CTX_ALLOW_NS));
    this.placement = spec.xen !== undefined && !atLeast(spec.xen, 3, 0) ? 'xen2' : 'xen3';
    const n = host.pcpus.length;
    this.runq = new IndexLists(n, 0);
    this.svt = new Float64Array(n);
    this.sliceExpires = new Float64Array(n);
    this.preemptTimer = new Int32Array(n);
    for (let i = 0; i < n; i++) this.preemptTimer[i] = host.sim.newTimer();
    this.evPreempt = host.sim.register((pi) => host.tickle(host.pcpus[pi]));
    this.evWarp = host.sim.register((di, now) => this.onWarpTimer(di, now));
    this.evUnwarp = host.sim.register((di, now) => this.onUnwarpTimer(di, now));
  }

  // ---- virtual time ----

  /** calc_avt: avt after charging the run since lastschd, ⌈ran / MCU⌉ × mcu_advance. */
  private calcAvt(i: number, adv: number, now: number): number {
    const ranfor = u32(now - this.lastschd[i]);
    const mcus = Math.floor(u32(ranfor + BVT_MCU_NS - 1) / BVT_MCU_NS);
    return u32(this.avt[i] + mcus * adv);
  }

  /** calc_evt: avt, less the warp while warped. */
  private calcEvt(d: number, avt: number): number {
    return this.warp[d] ? u32(avt - this.warpValue[d]) : avt;
  }

  // ---- Scheduler interface ----

  insertVcpu(v: Vcpu, nowNs: number): void {
    this.ensure(v.index + 1, v.domain.id + 1);
    placeAtCreation(this.host, v, this.placement);
    const d = v.domain;
    const di = d.id;
    if (v.id === 0) {
      this.mcuAdv[di] = BVT_MCU_ADVANCE;
      this.warpBack[di] = 0;
      this.warp[di] = 0;
      this.warpValue[di] = 0;
      this.warpl[di] = BVT_WARPL_NS;
      this.warpu[di] = BVT_WARPU_NS;
      if (this.warpTimer[di] < 0) {
        this.warpTimer[di] = this.host.sim.newTimer();
        this.unwarpTimer[di] = this.host.sim.newTimer();
      }
    }
    const i = v.index;
    this.avt[i] = this.evt[i] = this.svt[v.pcpu];
    this.lastschd[i] = Math.round(nowNs);
    this.warpSince[i] = -1;
    this.inserted[i] = 1;
    if (v.id === d.vcpus.length - 1) {
      const s = d.spec.sched;
      if (s !== undefined && (s.mcuAdvance !== undefined || s.warpBack !== undefined || s.warpValue !== undefined || s.warpLimitNs !== undefined || s.unwarpNs !== undefined)) {
        this.adjust(d, s, nowNs);
      }
    }
  }

  removeVcpu(v: Vcpu, nowNs: number): void {
    const i = v.index;
    this.closeWarped(i, Math.round(nowNs));
    this.runq.remove(i);
    this.inserted[i] = 0;
    const d = v.domain;
    if (d.vcpus.every((u) => !this.inserted[u.index])) {
      this.host.sim.cancelTimer(this.warpTimer[d.id]);
      this.host.sim.cancelTimer(this.unwarpTimer[d.id]);
    }
  }

  sleep(v: Vcpu): void {
    // A running vCPU stays queued until its pCPU reschedules (the core tickles it).
    if (!v.running) this.runq.remove(v.index);
  }

  wake(v: Vcpu, nowNs: number): void {
    const now = Math.round(nowNs);
    const i = v.index;
    if (this.runq.on(i)) return;
    const p = v.pcpu;
    this.runq.pushHead(p, i);
    if (this.avt[i] < this.svt[p]) this.avt[i] = this.svt[p];
    this.evt[i] = this.calcEvt(v.domain.id, this.avt[i]);
    const pc = this.host.pcpus[p];
    const cur = pc.current;
    if (cur === null || !this.inserted[cur.index]) {
      this.host.tickle(pc);
      return;
    }
    const c = cur.index;
    const cd = cur.domain.id;
    const curEvt = this.calcEvt(cd, this.calcAvt(c, this.mcuAdv[cd], now));
    if (this.evt[i] <= curEvt) {
      this.host.tickle(pc);
      return;
    }
    // The running vCPU keeps the pCPU until it has had its context-switch allowance.
    const rTime = this.lastschd[c] + Math.floor(u32(this.evt[i] - curEvt) / this.mcuAdv[cd]) + this.ctxAllowNs;
    if (this.sliceExpires[p] > rTime) {
      this.sliceExpires[p] = rTime;
      this.host.sim.setTimer(this.preemptTimer[p], rTime > nowNs ? rTime : nowNs, this.evPreempt, p);
    }
  }

  doSchedule(pc: Pcpu, nowNs: number): void {
    const now = Math.round(nowNs);
    const p = pc.id;
    const sim = this.host.sim;
    sim.cancelTimer(this.preemptTimer[p]);
    const prev = pc.current;
    if (prev !== null && this.inserted[prev.index]) {
      const i = prev.index;
      const d = prev.domain.id;
      this.avt[i] = this.calcAvt(i, this.mcuAdv[d], now);
      this.evt[i] = this.calcEvt(d, this.avt[i]);
      if (this.warpBack[d] && this.warpl[d] > 0) sim.cancelTimer(this.warpTimer[d]);
      this.closeWarped(i, now);
      this.runq.remove(i);
      if (prev.runnable) this.runq.pushTail(p, i);
    }

    // The smallest evt runs; the second smallest bounds its slice; svt = smallest avt.
    let next = -1;
    let nextEvt = U32_MAX;
    let prime = -1;
    let primeEvt = U32_MAX;
    let minAvt = U32_MAX;
    const q = this.runq;
    for (let i = q.first(p); i !== -1; i = q.after(i)) {
      const e = this.evt[i];
      if (e < nextEvt) {
        prime = next;
        primeEvt = nextEvt;
        next = i;
        nextEvt = e;
      } else if (primeEvt === U32_MAX) {
        primeEvt = e;
        prime = i;
      } else if (e < primeEvt) {
        primeEvt = e;
        prime = i;
      }
      if (this.avt[i] < minAvt) minAvt = this.avt[i];
    }

    if (next !== -1) {
      const dn = this.host.vcpus[next].domain.id;
      if (this.warp[dn] && this.warpl[dn] > 0) sim.setTimer(this.warpTimer[dn], now + this.warpl[dn], this.evWarp, dn);
    }
    if (minAvt !== U32_MAX) this.svt[p] = minAvt;
    if (this.svt[p] >= SVT_OVERRUN) this.rebase(p);

    if (next === -1) {
      pc.next = null;
      pc.nextSliceNs = Infinity;
      this.sliceExpires[p] = now + this.ctxAllowNs;
      return;
    }
    let rTime: number;
    if (prime === -1) {
      rTime = 10 * this.ctxAllowNs;
    } else {
      const dn = this.host.vcpus[next].domain.id;
      rTime = Math.floor(u32(primeEvt - nextEvt) / this.mcuAdv[dn]) + this.ctxAllowNs;
    }
    this.lastschd[next] = now;
    this.sliceExpires[p] = now + rTime;
    const nv = this.host.vcpus[next];
    if (this.warp[nv.domain.id]) this.warpSince[next] = now;
    pc.next = nv;
    pc.nextSliceNs = rTime;
  }

  /** Virtual time overrun: every avt and evt on the pCPU (blocked vCPUs too) and svt move back. */
  private rebase(p: number): void {
    for (const v of this.host.vcpus) {
      const i = v.index;
      if (i >= this.inserted.length || !this.inserted[i] || v.pcpu !== p) continue;
      this.evt[i] = u32(this.evt[i] - SVT_REBASE);
      this.avt[i] = u32(this.avt[i] - SVT_REBASE);
    }
    this.svt[p] -= SVT_REBASE;
  }

  // ---- warp timers ----

  /** warp_timer_fn: the warp limit is reached; unwarped for warpu (warpu 0: for good). */
  private onWarpTimer(di: number, nowNs: number): void {
    const now = Math.round(nowNs);
    const d = this.host.domains[di];
    const pc = this.host.pcpus[d.vcpus[0].pcpu];
    this.warpExpiries[di]++;
    this.warp[di] = 0;
    this.noteWarp(d, now);
    if (this.warpu[di] === 0) {
      this.warpBack[di] = 0;
      this.host.tickle(pc);
    }
    this.host.sim.setTimer(this.unwarpTimer[di], now + this.warpu[di], this.evUnwarp, di);
  }

  /** unwarp_timer_fn: the unwarp requirement is met; warp again and reschedule. */
  private onUnwarpTimer(di: number, nowNs: number): void {
    const d = this.host.domains[di];
    if (!this.warpBack[di]) return;
    this.warp[di] = 1;
    this.noteWarp(d, Math.round(nowNs));
    this.host.tickle(this.host.pcpus[d.vcpus[0].pcpu]);
  }

  /** The domain's warp flag changed: running vCPUs close or open their warped stretch. */
  private noteWarp(d: Domain, now: number): void {
    for (const v of d.vcpus) {
      const i = v.index;
      if (!v.running || !this.inserted[i]) continue;
      this.closeWarped(i, now);
      if (this.warp[d.id]) this.warpSince[i] = now;
    }
  }

  private closeWarped(i: number, now: number): void {
    if (this.warpSince[i] >= 0) {
      this.warpedNs[i] += now - this.warpSince[i];
      this.warpSince[i] = -1;
    }
  }

  // ---- xm sched-bvt ----

  adjust(d: Domain, change: SchedChange, nowNs?: number): void {
    const di = d.id;
    if (d.vcpus.length === 0 || !this.inserted[d.vcpus[0].index]) return;
    const mcuAdv = change.mcuAdvance ?? this.mcuAdv[di];
    const warpBack = change.warpBack ?? this.warpBack[di] !== 0;
    const warpValue = change.warpValue ?? this.warpValue[di];
    const warpl = change.warpLimitNs ?? this.warpl[di];
    const warpu = change.unwarpNs ?? this.warpu[di];
    // "Sanity -- this can avoid divide-by-zero."
    if (u32(mcuAdv) === 0 || warpl < 0 || warpu < 0) return;
    this.mcuAdv[di] = u32(mcuAdv);
    this.warpBack[di] = warpBack ? 1 : 0;
    // "The warp should be the same as warpback."
    this.warp[di] = this.warpBack[di];
    this.warpValue[di] = warpValue;
    this.warpl[di] = Math.round(warpl);
    this.warpu[di] = Math.round(warpu);
    this.host.sim.cancelTimer(this.unwarpTimer[di]);
    if (!warpBack) this.host.sim.cancelTimer(this.warpTimer[di]);
    this.noteWarp(d, Math.round(nowNs ?? this.host.sim.now));
  }

  // ---- figures ----

  domainFigures(d: Domain, nowNs: number): Record<string, unknown> | undefined {
    const now = Math.round(nowNs);
    let warped = 0;
    for (const v of d.vcpus) {
      const i = v.index;
      if (i >= this.inserted.length) continue;
      warped += this.warpedNs[i];
      if (this.warpSince[i] >= 0) warped += now - this.warpSince[i];
    }
    const di = d.id;
    return { bvt: { warped_seconds: warped / 1e9, warp_expiries: di < this.warpExpiries.length ? this.warpExpiries[di] : 0 } };
  }

  /** The row of xensim's `xm sched-bvt` table (reports/sched-table.ts): the five parameters xm sched-bvt takes. */
  domainParams(d: Domain): Record<string, number | boolean> | undefined {
    if (d.id >= this.mcuAdv.length) return undefined;
    const p = this.params(d);
    return { mcuadv: p.mcuAdvance, warpback: p.warpBack, warpvalue: p.warpValue, warpl_ms: p.warpLimitNs / 1e6, warpu_ms: p.unwarpNs / 1e6 };
  }

  /** The parameters `xm sched-bvt` would print, and the vCPUs' virtual times (tests, reports). */
  params(d: Domain): { mcuAdvance: number; warpBack: boolean; warp: boolean; warpValue: number; warpLimitNs: number; unwarpNs: number; avt: number[] } {
    const di = d.id;
    return {
      mcuAdvance: this.mcuAdv[di],
      warpBack: this.warpBack[di] !== 0,
      warp: this.warp[di] !== 0,
      warpValue: this.warpValue[di],
      warpLimitNs: this.warpl[di],
      unwarpNs: this.warpu[di],
      avt: d.vcpus.map((v) => this.avt[v.index]),
    };
  }

  /** System virtual time of a pCPU. */
  svtOf(p: number): number {
    return this.svt[p];
  }

  /** Grows the tables (domain creation only). */
  private ensure(vcpus: number, domains: number): void {
    if (vcpus > this.inserted.length) {
      const m = Math.max(vcpus, this.host.vcpus.length);
      this.avt = grown(this.avt, m);
      this.evt = grown(this.evt, m);
      this.lastschd = grown(this.lastschd, m);
      this.inserted = grown(this.inserted, m);
      this.warpSince = grown(this.warpSince, m, -1);
      this.warpedNs = grown(this.warpedNs, m);
      this.runq.grow(this.inserted.length);
    }
    if (domains > this.mcuAdv.length) {
      const m = Math.max(domains, this.host.domains.length);
      this.mcuAdv = grown(this.mcuAdv, m);
      this.warpBack = grown(this.warpBack, m);
      this.warp = grown(this.warp, m);
      this.warpValue = grown(this.warpValue, m);
      this.warpl = grown(this.warpl, m);
      this.warpu = grown(this.warpu, m);
      this.warpTimer = grown(this.warpTimer, m, -1);
      this.unwarpTimer = grown(this.unwarpTimer, m, -1);
      this.warpExpiries = grown(this.warpExpiries, m);
    }
  }
}

registerScheduler('bvt', (host, spec) => new BvtScheduler(host, spec));
