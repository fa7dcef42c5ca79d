/**
 * NIC and vif rate limit: FIFO serialisation never puts more than bandwidth × window
 * bytes on the wire in any window, a saturated 100 Mbit link carries TCP payload at
 * 1,448 / 1,538 of it (framing), latency is added once, packets are counted one by one;
 * the token bucket never releases more than depth + rate × window.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Nic, NicLink } from '../../sim/hw/nic.js';
import { TokenBucket, VIF_RATE_INTERVAL_NS } from '../../sim/hw/rate-limit.js';
import { rng } from './drive-disk.js';

const MBIT100 = { name: 'eth0', bandwidthBps: 100e6 / 8, latencyNs: 50e3 };

describe('NIC', () => {
  test('property: bytes on the wire between any two packets never exceed bandwidth × window', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 9000 })), { minLength: 1, maxLength: 80 }), (pkts) => {
        const link = new NicLink(MBIT100, 'tx');
        let t = 0;
        const start: number[] = [], end: number[] = [], size: number[] = [];
        for (const [gap, bytes] of pkts) {
          t += gap;
          const arrive = link.sendPayload(bytes, t);
          const leave = arrive - MBIT100.latencyNs;
          // On the wire: the payload plus 90 bytes per packet of at most 1,448 (MTU 1,500).
          const onWire = bytes + Math.ceil(bytes / 1448) * 90;
          const wire = (onWire * 8 * 1e9) / 100e6;
          if (leave - wire < t - 1e-6) return false; // cannot start before it was handed over
          start.push(leave - wire); end.push(leave); size.push(onWire);
        }
        for (let i = 0; i < size.length; i++) {
          let sum = 0;
          for (let j = i; j < size.length; j++) {
            sum += size[j];
            if (sum * 8 > (100e6 * (end[j] - start[i])) / 1e9 + 1e-3) return false;
          }
        }
        return true;
      }),
    );
  });

  test('saturated by Poisson traffic at 120 % of the link, it carries TCP payload at 1,448 / 1,538 of 100 Mbit/s', () => {
    const link = new NicLink(MBIT100, 'tx');
    const r = rng(5);
    const pktsPerSec = (1.2 * 100e6) / 8 / 1538;
    let t = 0, last = 0;
    for (let i = 0; i < 100_000; i++) {
      t += (-Math.log(1 - r()) / pktsPerSec) * 1e9;
      last = link.sendPayload(1448, t);
    }
    const bitsPerSec = (link.bytes * 8) / ((last - MBIT100.latencyNs) / 1e9);
    expect(bitsPerSec).toBeGreaterThanOrEqual(0.99 * (1448 / 1538) * 100e6);
    expect(bitsPerSec).toBeLessThanOrEqual((1448 / 1538) * 100e6 * (1 + 1e-9));
    expect(link.packets).toBe(100_000);
    expect(link.utilisation(last - MBIT100.latencyNs)).toBeGreaterThan(0.99);
  });

  test('an idle link delivers after wire time + latency; packets are counted one by one; a full-duplex NIC counts each way', () => {
    const nic = new Nic(MBIT100);
    // 1,500 B of payload = 2 packets (1,448 + 52) = 1,500 + 2 × 90 = 1,680 B on the wire: 134.4 µs at 100 Mbit.
    expect(nic.tx.sendPayload(1500, 1e6)).toBeCloseTo(1e6 + 134.4e3 + 50e3, 6);
    expect(nic.tx.packets).toBe(2);
    nic.rx.sendPayload(500, 0);
    expect([nic.txBytes, nic.rxBytes]).toEqual([1500, 500]);
    expect(nic.tx.utilisation(2e6)).toBeCloseTo(134.4e3 / 2e6, 12);
    // Work queued beyond the horizon is not counted as busy time before it.
    expect(nic.tx.utilisation(1.06e6)).toBeCloseTo(60e3 / 1.06e6, 12);
  });

  test('send() puts bytes on the wire as they are (the migration stream): no framing, one request', () => {
    const link = new NicLink(MBIT100, 'tx');
    expect(link.send(1500, 0)).toBeCloseTo(120e3 + 50e3, 6);
    expect([link.bytes, link.packets]).toEqual([1500, 1]);
  });

  test('the MTU sets the payload per packet: 1,448 B at 1,500, 8,948 B at a 9,000 jumbo MTU', () => {
    const std = new NicLink(MBIT100, 'tx');
    const jumbo = new NicLink({ ...MBIT100, mtuBytes: 9000 }, 'tx');
    expect([std.packetsFor(1448), std.packetsFor(1449), std.packetsFor(0)]).toEqual([1, 2, 1]);
    expect([jumbo.packetsFor(8948), jumbo.packetsFor(65536)]).toEqual([1, 8]);
    // A long send: goodput = payload / (payload + 90 per packet).
    const end = jumbo.sendPayload(8948 * 1000, 0) - MBIT100.latencyNs;
    expect((8948 * 1000) / (end / 1e9)).toBeCloseTo((8948 / 9038) * 12.5e6, 3);
  });
});

describe('vif rate limit (token bucket)', () => {
  test('default depth is one 50 ms interval of the rate (xl default)', () => {
    expect(new TokenBucket(1e6).depthBytes).toBe(1e6 * VIF_RATE_INTERVAL_NS / 1e9);
  });

  // Counted from a release instant; a packet larger than the bucket goes whole, so the
  // burst term is the larger of the depth and that first packet.
  test('property: releases in any window ≤ max(depth, first packet) + rate × window, in arrival order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 1, max: 64_000 })), { minLength: 1, maxLength: 60 }), (pkts) => {
        const rate = 1e6; // 1 MB/s
        const b = new TokenBucket(rate);
        let t = 0;
        const rel: number[] = [], size: number[] = [];
        for (const [gap, bytes] of pkts) {
          t += gap;
          const d = b.delay(bytes, t);
          if (d < 0) return false;
          rel.push(t + d); size.push(bytes);
        }
        for (let i = 1; i < rel.length; i++) if (rel[i] < rel[i - 1] - 1e-6) return false;
        for (let i = 0; i < rel.length; i++) {
          let sum = 0;
          for (let j = i; j < rel.length; j++) {
            sum += size[j];
            if (sum > Math.max(b.depthBytes, size[i]) + (rate * (rel[j] - rel[i])) / 1e9 + 1e-3) return false;
          }
        }
        return true;
      }),
    );
  });

  test('a long backlog drains at exactly the rate', () => {
    const b = new TokenBucket(1e6);
    let last = 0;
    for (let i = 0; i < 1000; i++) last = b.delay(10_000, 0);
    // 10 MB sent at t=0 with a 50 KB bucket: the last byte leaves after (10 MB − 50 KB) / 1 MB/s.
    expect(last).toBeCloseTo(((10e6 - 50e3) / 1e6) * 1e9, 3);
  });
});
