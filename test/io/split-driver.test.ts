/** Validation of the split-driver I/O path against figures computable by hand. */
import { describe, expect, test } from '@jest/globals';
import { dom, runYaml, ROOT } from '../helpers/scenario.js';
import { formatError, loadScenarioText } from '../../sim/scenario/load.js';

const GHZ = 2;
const BLK_PER_REQ = 20_000;
const BLK_PER_BYTE = 0.5;

describe('block I/O', () => {
  test('synchronous 4 KiB reads on a fixed 1 ms disk: 1,000 IOPS less the Dom0 overhead (±2 %)', () => {
    const r = runYaml(`
name: iops
duration: 20s
host: { pcpus: 1, cpu: { ghz: ${GHZ}GHz, ipc: 1 }, memory: 1G, disks: [ { name: d, kind: fixed, service: 1ms } ] }
dom0: { memory: 128M }
io: { blk_instr_per_request: ${BLK_PER_REQ}, blk_instr_per_byte: ${BLK_PER_BYTE} }
domains:
  - name: reader
    memory: 64
    disk: [ 'phy:d/reader,xvda,w' ]
    workload: { program: [ { forever: [ { read: { dev: xvda, size: 4K } } ] } ] }
`);
    // Per read: Dom0 runs blkback's submit (per request + per byte) and the response (per request).
    const dom0Ns = ((BLK_PER_REQ + BLK_PER_BYTE * 4096 + BLK_PER_REQ) / GHZ);
    const expected = 1e9 / (1e6 + dom0Ns);
    const iops = dom(r, 'reader').io.vbd_reads / 20;
    expect(Math.abs(iops - expected) / expected).toBeLessThan(0.02);
    expect(iops).toBeLessThan(1000);
    expect(r.host.devices[0].utilisation).toBeGreaterThan(0.95);
  });

  test('a big request is cut into 11-segment requests; the 32-slot ring fills and the rest wait', () => {
    const r = runYaml(`
name: split
duration: 2s
host: { pcpus: 1, memory: 1G, disks: [ { name: d, kind: fixed, service: 1ms } ] }
dom0: { memory: 128M }
domains:
  - name: w
    memory: 64
    disk: [ 'phy:d/w,xvda,w' ]
    workload: { program: [ { write: { dev: xvda, size: 4M } } ] }
`);
    // 4 MiB / 44 KiB = 94 requests; 32 fit the ring.
    expect(r.host.devices[0].requests).toBe(Math.ceil((4 * 1048576) / (11 * 4096)));
    expect(dom(r, 'w').io.ring_full_events).toBe(1);
    expect(dom(r, 'w').io.blk_latency!.mean_ms).toBeGreaterThan(94);
  });

  test("a low Dom0 weight raises the I/O domain's latency well above equal weights (Dom0 needs > 1/17 of the pCPU)", () => {
    const y = (dom0Weight: number) => `
name: dom0weight
duration: 20s
host: { pcpus: 1, cpu: { ghz: ${GHZ}GHz }, memory: 1G, disks: [ { name: d, kind: fixed, service: 2ms } ] }
dom0: { memory: 128M, weight: ${dom0Weight} }
io: { blk_instr_per_request: 400000 }
domains:
  - { name: hog, memory: 64, weight: 256, workload: cpu-hog }
  - name: io
    memory: 64
    disk: [ 'phy:d/io,xvda,w' ]
    workload: { program: [ { forever: [ { read: { dev: xvda, size: 4K } }, { sleep: 1ms } ] } ] }
`;
    const equal = dom(runYaml(y(256)), 'io');
    const low = dom(runYaml(y(16)), 'io');
    const d0 = dom(runYaml(y(256)), 'Domain-0');
    expect(d0.cpu_seconds / 20).toBeGreaterThan(1 / 17);
    expect(low.io.blk_latency!.mean_ms).toBeGreaterThan(2 * equal.io.blk_latency!.mean_ms);
  });
});

/** A host with one NIC of `bandwidth` and one guest, `name`, running `program` on it. */
function oneSender(duration: string, pcpus: number, bandwidth: string, name: string, program: string): string {
  return `
name: ${name}
duration: ${duration}
host: { pcpus: ${pcpus}, memory: 1G, nics: [ { name: eth0, bandwidth: ${bandwidth} } ], bridges: [ { name: br0, nic: eth0 } ] }
dom0: { memory: 128M, vcpus: 1 }
domains:
  - { name: ${name}, memory: 64, vif: [ 'bridge=br0' ], workload: { program: ${program} } }
`;
}

describe('network', () => {
  test('a saturated 100 Mbit NIC carries TCP payload at 1,448 / 1,538 of line rate (94.1 %), one NIC request per packet', () => {
    const r = runYaml(oneSender('10s', 2, '100Mbit', 'sender', '[ { forever: [ { cpu: 20K }, { send: 64K } ] } ]'));
    const bps = dom(r, 'sender').io.net_tx_bytes / 10;
    // MTU 1,500: 1,448 B of payload (1,500 − IP 20 − TCP 20 − timestamps 12) per 1,538 B on
    // the wire (+ Ethernet header 14, FCS 4, preamble/SFD 8, inter-frame gap 12).
    const goodput = 1448 / 1538;
    expect(bps).toBeLessThanOrEqual(goodput * 12.5e6 * (1 + 1e-6));
    expect(bps).toBeGreaterThanOrEqual(0.99 * goodput * 12.5e6);
    // 64 KiB = 46 packets of at most 1,448 B; the NIC counts each packet as a request.
    const sent = dom(r, 'sender').io.net_tx_packets;
    expect(sent).toBe(Math.round(dom(r, 'sender').io.net_tx_bytes / 65536) * 46);
    expect(dom(r, 'sender').io.ring_full_events).toBeGreaterThan(0);
    // The NIC's own statistics agree: its transmit side is saturated, with a queue.
    const tx = r.host.devices.find((d) => d.name === 'eth0.tx')!;
    expect(tx.kind).toBe('nic-tx');
    expect(tx.utilisation).toBeGreaterThanOrEqual(0.95);
    expect(tx.utilisation).toBeLessThanOrEqual(1);
    expect(tx.mean_queue_length).toBeGreaterThan(1);
    expect(tx.requests).toBeGreaterThanOrEqual(sent);
    expect(tx.requests).toBeLessThanOrEqual(sent + 256);   // packets still in the TX ring at the end
    expect(r.host.devices.find((d) => d.name === 'eth0.rx')!.bytes).toBe(0);
  });

  test('a jumbo MTU (9,000) carries 8,948 / 9,038 of line rate (99.0 %)', () => {
    const r = runYaml(oneSender('10s', 2, '100Mbit', 'sender', '[ { forever: [ { cpu: 20K }, { send: 64K } ] } ]').replace('bandwidth: 100Mbit }', 'bandwidth: 100Mbit, mtu: 9000 }'));
    const bps = dom(r, 'sender').io.net_tx_bytes / 10;
    expect(bps).toBeLessThanOrEqual((8948 / 9038) * 12.5e6 * (1 + 1e-6));
    expect(bps).toBeGreaterThanOrEqual(0.99 * (8948 / 9038) * 12.5e6);
    expect(dom(r, 'sender').io.net_tx_packets).toBe(Math.round(dom(r, 'sender').io.net_tx_bytes / 65536) * Math.ceil(65536 / 8948));
  });

  test('a host NIC MTU outside 576–9,216 is an error at the key', () => {
    const r = loadScenarioText(oneSender('1s', 1, '1Gbit', 's', '[ { send: 1K } ]').replace('bandwidth: 1Gbit }', 'bandwidth: 1Gbit, mtu: 100 }'), 't.yaml', { baseDir: ROOT });
    expect('errors' in r && r.errors.map(formatError).join('\n')).toMatch(/^t\.yaml:4:\d+: mtu: Too small: expected number to be >=576, found 100$/);
  });

  test('a send of more packets than the 256-slot TX ring takes the whole ring and still goes out', () => {
    const r = runYaml(oneSender('2s', 1, '1Gbit', 's', '[ { forever: [ { cpu: 1M }, { send: 1M }, { sleep: 100ms } ] } ]'));
    // 725 packets of 1,448 bytes of payload per send, one send about every 110 ms: some 18 sends.
    const sends = dom(r, 's').io.net_tx_bytes / 1048576;
    expect(sends).toBeGreaterThanOrEqual(15);
    expect(dom(r, 's').io.net_tx_packets).toBe(Math.round(sends) * Math.ceil(1048576 / 1448));
  });

  test('requests from outside cross the NIC and netback: response time includes the path', () => {
    const y = (bandwidth: string) => `
name: web
duration: 60s
host: { pcpus: 1, memory: 1G, nics: [ { name: eth0, bandwidth: ${bandwidth} } ], bridges: [ { name: br0, nic: eth0 } ] }
dom0: { memory: 128M }
domains:
  - { name: web, memory: 64, vif: [ 'bridge=br0' ], workload: { preset: web, rate: 20/s, service: 1M, read_p: 0, response: 64K } }
`;
    const fast = dom(runYaml(y('1Gbit')), 'web').requests!;
    const slow = dom(runYaml(y('10Mbit')), 'web').requests!;
    // 64 KiB at 10 Mbit/s is ≈ 52 ms on the wire; at 1 Gbit/s ≈ 0.5 ms.
    expect(slow.mean_ms - fast.mean_ms).toBeGreaterThan(45);
    expect(dom(runYaml(y('1Gbit')), 'web').io.net_rx_packets).toBeGreaterThan(1000);
  });
});
