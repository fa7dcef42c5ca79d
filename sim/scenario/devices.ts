/**
 * Virtual device specs as xl.cfg writes them (xl-disk-configuration(5), xl-network-configuration(5)):
 * - disks: the positional form `phy:vg0/hex_root,sda1,w` (target, vdev, access) and the
 *   key=value form `target=/dev/vg0/hex,vdev=xvda,access=rw`; `phy:`/`file:`/`tap:aio:`
 *   prefixes; access r/ro or w/rw. The host disk is the volume group or directory the
 *   target lives in (`vg0` of `vg0/hex_root` or `/dev/vg0/hex_root`).
 * - vifs: `mac=00:60:b0:28:78:84, bridge=xen-cust, rate=10Mb/s`.
 */
import type { VbdSpec, VifSpec } from './types.js';
import { parseDataRate } from './units.js';

export function parseDiskSpec(raw: string): { vbd: VbdSpec } | { error: string } {
  const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  let target: string | undefined, vdev: string | undefined, access: string | undefined;
  const positional: string[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq > 0) {
      const k = p.slice(0, eq).trim(), v = p.slice(eq + 1).trim();
      if (k === 'target') target = v;
      else if (k === 'vdev') vdev = v;
      else if (k === 'access' || k === 'mode') access = v;
    } else positional.push(p);
  }
  if (positional.length > 0) {
    target ??= positional[0];
    vdev ??= positional[1];
    access ??= positional[2];
  }
  if (target === undefined || vdev === undefined) return { error: `disk '${raw}' needs a target and a virtual device, as in 'phy:vg0/vm_root,sda1,w'` };
  const mode = access === undefined || access === 'w' || access === 'rw' ? 'w' : access === 'r' || access === 'ro' ? 'r' : undefined;
  if (mode === undefined) return { error: `disk '${raw}': access must be r, ro, w or rw (got '${access}')` };
  const path = target.replace(/^(phy|file|tap:aio|tap:qcow2|tap|aio|qcow2|raw):/, '');
  const segs = path.replace(/^\/dev\//, '').split('/').filter((s) => s !== '');
  const hostDisk = segs.length > 1 ? segs[0] : segs[0] ?? path;
  return { vbd: { raw, hostDisk, target: path, vdev: vdev.replace(/:(cdrom|disk)$/, ''), mode } };
}

export function parseVifSpec(raw: string): { vif: VifSpec } | { error: string } {
  const vif: VifSpec = { raw };
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `vif '${raw}': '${part}' is not key=value` };
    const k = part.slice(0, eq).trim(), v = part.slice(eq + 1).trim();
    if (k === 'mac') {
      if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(v)) return { error: `vif '${raw}': '${v}' is not a MAC address` };
      vif.mac = v.toLowerCase();
    } else if (k === 'bridge') vif.bridge = v;
    else if (k === 'rate') {
      const r = parseDataRate(v.replace(/@.*$/, ''));
      if ('error' in r) return { error: `vif '${raw}': ${r.error}` };
      vif.rateBps = r.value;
    }
  }
  return { vif };
}

/** xl's `cpus = "0-3,^2"` / `"0,2"` / list of numbers → pCPU numbers. */
export function parseCpuList(value: unknown): { cpus: number[] } | { error: string } {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { cpus: [value] };
  if (Array.isArray(value)) {
    const out: number[] = [];
    for (const v of value) {
      const r = parseCpuList(v);
      if ('error' in r) return r;
      out.push(...r.cpus);
    }
    return { cpus: [...new Set(out)].sort((a, b) => a - b) };
  }
  if (typeof value !== 'string') return { error: `cpus must be a list like "0-1" or "0,2"` };
  if (value.trim() === 'all') return { cpus: [] };
  const set = new Set<number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const neg = part.startsWith('^');
    const m = /^(\d+)(?:-(\d+))?$/.exec(neg ? part.slice(1) : part);
    if (m === null) return { error: `cpus '${value}': '${part}' is not a pCPU number or range` };
    const a = Number(m[1]), b = m[2] !== undefined ? Number(m[2]) : a;
    for (let i = a; i <= b; i++) neg ? set.delete(i) : set.add(i);
  }
  return { cpus: [...set].sort((x, y) => x - y) };
}
