/**
 * A tiny event loop for disk tests: arrivals (sorted by time) and the device's own
 * completions, in time order (a completion before an arrival at the same instant).
 */
import type { Disk } from '../../sim/hw/disk.js';
import { rng } from '../helpers/rng.js';
export { rng };

export interface Arrival {
  t: number;
  sector: number;
  bytes: number;
}

export interface DriveResult {
  /** Request ids (arrival indexes) in completion order. */
  order: number[];
  /** Latency (submit → complete) by request id. */
  latencyNs: number[];
  endNs: number;
}

export function drive(disk: Disk, arrivals: Arrival[]): DriveResult {
  const order: number[] = [];
  const latencyNs = new Array<number>(arrivals.length).fill(NaN);
  const doneT: number[] = [];
  const doneId: number[] = [];
  let i = 0;
  let now = 0;
  while (i < arrivals.length || doneT.length > 0) {
    let k = -1;
    for (let j = 0; j < doneT.length; j++) if (k < 0 || doneT[j] < doneT[k]) k = j;
    const nextArrival = i < arrivals.length ? arrivals[i].t : Infinity;
    if (k >= 0 && doneT[k] <= nextArrival) {
      now = doneT[k];
      const id = doneId[k];
      doneT.splice(k, 1);
      doneId.splice(k, 1);
      disk.complete(id, now);
      order.push(id);
      latencyNs[id] = now - arrivals[id].t;
    } else {
      now = nextArrival;
      disk.submit(i, arrivals[i].sector, arrivals[i].bytes, now);
      i++;
    }
    for (let c = disk.startNext(now); c >= 0; c = disk.startNext(now)) {
      doneT.push(c);
      doneId.push(disk.lastStartedId);
    }
  }
  return { order, latencyNs, endNs: now };
}


export function poissonArrivals(seed: number, ratePerSec: number, n: number, sector: (i: number) => number = () => 0, bytes = 4096): Arrival[] {
  const r = rng(seed);
  const out: Arrival[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += (-Math.log(1 - r()) / ratePerSec) * 1e9;
    out.push({ t, sector: sector(i), bytes });
  }
  return out;
}
