/**
 * The Result of a run: plain, JSON-serialisable data and nothing else. reports/ reads
 * only this. It holds no wall-clock figures, so the same scenario and seed give a
 * byte-identical result.json.
 */

export const RESULT_SCHEMA_VERSION = 2;

/** Summary of a log-linear histogram, in milliseconds. */
export interface LatencySummary {
  count: number;
  mean_ms: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

export interface DomainIoResult {
  vbd_reads: number;
  vbd_writes: number;
  read_bytes: number;
  write_bytes: number;
  net_tx_packets: number;
  net_rx_packets: number;
  net_tx_bytes: number;
  net_rx_bytes: number;
  ring_full_events: number;
  /** Number of virtual block devices and network interfaces (xentop's VBDS and NETS). */
  vbds?: number;
  vifs?: number;
  /** Latency of block requests, guest issue → guest completion. */
  blk_latency?: LatencySummary;
}

export interface DomainMemoryResult {
  /** Allocation at the end of the run (pages held), MB. */
  allocation_mb: number;
  /** Balloon target (memory_dynamic_max), MB. */
  target_mb: number;
  maxmem_mb: number;
  working_set_mb: number;
  page_faults: number;
  swap_reads: number;
  swap_writes: number;
  /** MB moved by the balloon driver, released and claimed. */
  ballooned_out_mb: number;
  ballooned_in_mb: number;
}

export interface DomainResult {
  id: number;
  name: string;
  type: string;
  /** xm list's Mem(MB): the target. */
  memory_mb: number;
  vcpus: number;
  /** xm state letters: r b p s c d, '-' where none applies. */
  state: string;
  /** pCPU the domain's first vCPU last ran on (xm list's CPU column); 0 when absent. */
  last_pcpu?: number;
  weight: number;
  cap: number;
  /** The policy's per-domain parameters beyond weight and cap (rtds period_us/budget_us/extratime, sedf period_ms/slice_ms/latency_ms/extratime/weight, bvt mcuadv/warpback/warpvalue/warpl_ms/warpu_ms). */
  sched_params?: Record<string, number | boolean>;
  /** Σ running time of the vCPUs (xm list Time(s)). */
  cpu_seconds: number;
  /** Runnable but not running (steal). */
  wait_seconds: number;
  blocked_seconds: number;
  /** Part of cpu_seconds spent in the hypervisor on the domain's behalf (hypercalls, exits, emulation). */
  hypervisor_seconds: number;
  /** Instructions retired by the guest itself. */
  instructions: number;
  wakeups: number;
  context_switches: number;
  /** Mean wake-up → first run latency, ms. */
  wake_latency_ms: number;
  /** Seconds at each credit priority while runnable or running: they add up to cpu_seconds + wait_seconds. */
  priority_seconds?: { boost: number; under: number; over: number };
  /** Requests (begin → end) if the workload has them. */
  requests?: LatencySummary;
  io: DomainIoResult;
  memory: DomainMemoryResult;
  /** Why it never ran, if creation failed. */
  failed?: string;
  started_ns: number;
  stopped_ns?: number;
  /** Several hosts: the host it is on at the end. */
  host?: string;
}

export interface PcpuResult {
  id: number;
  busy_seconds: number;
  idle_seconds: number;
}

export interface DeviceResult {
  name: string;
  kind: string;
  requests: number;
  bytes: number;
  utilisation: number;
  mean_queue_length: number;
  latency?: LatencySummary;
}

export interface SeriesResult {
  /** Sample instants, ns from the start (end of each interval). */
  t_ns: number[];
  /** host utilisation (0–1) over each interval */
  host_util: number[];
  /** watts over each interval */
  power_w: number[];
  free_mb: number[];
  /** per domain name: CPU share of one pCPU (0–vcpus) over each interval, memory, p95 latency */
  domains: Record<string, {
    cpu: number[];
    alloc_mb: number[];
    target_mb: number[];
    ws_mb: number[];
    io_ops_per_s: number[];
    p95_ms: (number | null)[];
  }>;
}

export interface HostResult {
  name: string;
  pcpus: number;
  ghz: number;
  memory_mb: number;
  free_memory_mb: number;
  /** Σ domain CPU ns / (pcpus × duration) */
  utilisation: number;
  peak_utilisation: number;
  energy_kwh: number;
  mean_power_w: number;
  /**
   * Present (true) when the scenario gave no power figures for this host, so power and
   * energy come from the 140 W idle / 220 W max defaults: an assumption, not a model of
   * the machine. Absent when the scenario gave a curve, a profile, idle or max.
   */
  power_assumed?: true;
  pcpu: PcpuResult[];
  devices: DeviceResult[];
  /** The scheduling policy's host-wide figures (Scheduler.hostFigures), when it has any. */
  scheduler_figures?: Record<string, unknown>;
}

/** One round of a migration: pages sent, when, and the pages dirtied meanwhile. */
export interface MigrationRoundResult {
  round: number;
  /** Pages sent in the round. */
  pages: number;
  /** to_send pages skipped because they were dirtied again during the round (sent by the next; 0 in the final round). */
  skipped_pages: number;
  start_ns: number;
  end_ns: number;
  dirty_pages: number;
  /** The sender's rate limit during the round (Mbit/s), null when unlimited. */
  rate_mbit: number | null;
}

/** A migration (`xm migrate`): what moved where, how long, how much, and what the guest's requests saw. */
export interface MigrationResult {
  domain: string;
  from: string;
  to: string;
  live: boolean;
  /** `timeline`, or `evacuate HOST`. */
  reason: string;
  start_ns: number;
  /** null while still under way at the end of the run. */
  end_ns: number | null;
  total_seconds: number;
  /** Paused on the source until running on the target (stop-and-copy + resume), ms. */
  downtime_ms: number;
  bytes_sent: number;
  pages_sent: number;
  /** Rounds including the final stop-and-copy. */
  rounds: number;
  outcome: 'completed' | 'failed' | 'aborted' | 'in-progress';
  /** Why it failed or was aborted. */
  message?: string;
  dom0_cpu_seconds: { source: number; target: number };
  /** The guest's request response times before, during and after the migration. */
  latency?: { before?: LatencySummary; during?: LatencySummary; after?: LatencySummary };
  round_detail: MigrationRoundResult[];
}

/** A host of the run (every run has hosts[]), with its own series over time. */
export interface ClusterHostResult extends HostResult {
  /** Guests on it at the end. */
  guests: string[];
  dom0: DomainResult;
  series: {
    t_ns: number[];
    util: number[];
    power_w: number[];
    free_mb: number[];
    /** Memory held by its guests (MB). */
    guests_mb: number[];
  };
}

export interface Result {
  schema_version: number;
  scenario: string;
  seed: number;
  scheduler: string;
  /** The Xen release the scenario named (`xen:`), absent when it named none. */
  xen?: string;
  /** Whose vocabulary and list layout the release has: `xm` before Xen 4.1, `xl` after; absent with no `xen:` (xm, as the talk). */
  toolstack?: 'xm' | 'xl';
  duration_ns: number;
  /** Simulated time actually reached (< duration_ns when stopped early). */
  end_ns: number;
  stopped_early: boolean;
  events: number;
  /** e.g. `1.38% cpu utilisation over 42 days` */
  summary: string;
  host: HostResult;
  domains: DomainResult[];
  series: SeriesResult;
  warnings: string[];
  /** Every host (hosts[0] is `host`; one entry for a one-host scenario), with its series and its guests at the end. */
  hosts: ClusterHostResult[];
  /** Several hosts coupled by migrations: the migrations, bytes on each host-to-host link. */
  migrations?: MigrationResult[];
  links?: { from: string; to: string; bytes: number }[];
}
