/**
 * A domain's I/O counters as the split driver keeps them (requests, bytes, packets, ring
 * full events, block latency): raw counters of the model; sim/stats turns them into the
 * Result's io records.
 */
import type { Histogram } from '../../stats/histogram.js';

export interface DomainIoStats {
  reads: number;
  writes: number;
  readBytes: number;
  writeBytes: number;
  txPackets: number;
  rxPackets: number;
  txBytes: number;
  rxBytes: number;
  ringFull: number;
  /** Block request latency, guest issue → guest completion. */
  latency: Histogram;
}
