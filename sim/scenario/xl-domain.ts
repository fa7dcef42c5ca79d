/**
 * What an xl/xm domain config means for a scenario: its settings mapped to the YAML
 * domain fields they fill (`cpu_weight` → weight, `builder = "hvm"` → type, …), each
 * with the line:col it came from so later checks (a bridge that does not exist, a pin
 * to a missing pCPU) can point into the config file rather than the YAML.
 * Used by the loader (`config: greebo/auto/hex`) and by `xensim import xl`.
 */
import { parseCpuList } from './devices.js';
import type { RawDomain } from './schema.js';
import { parseMemoryMb } from './units.js';
import type { XlConfig, XlValue } from './xlcfg.js';

export interface XlFieldPosition {
  line: number;
  col: number;
}

export interface XlDomain {
  fields: Partial<RawDomain>;
  /** Where each field came from in the config file. */
  positions: Partial<Record<keyof RawDomain, XlFieldPosition>>;
  errors: { line: number; col: number; message: string }[];
}

/** Settings the model has no use for but that real configs carry; accepted silently. */
export const XL_IGNORED_KEYS = [
  'kernel', 'ramdisk', 'root', 'extra', 'nics', 'on_poweroff', 'on_reboot', 'on_crash', 'bootloader', 'bootargs',
  'uuid', 'vnc', 'vncviewer', 'vnclisten', 'sdl', 'serial', 'boot', 'device_model', 'device_model_version', 'acpi', 'apic', 'pae',
  'hap', 'localtime', 'usb', 'usbdevice', 'keymap', 'stdvga', 'videoram', 'console', 'cpuid', 'features', 'tsc_mode', 'vfb', 'pci',
];

export function xlDomainFields(config: XlConfig): XlDomain {
  const fields: Partial<RawDomain> = {};
  const positions: XlDomain['positions'] = {};
  const errors: XlDomain['errors'] = [];
  const err = (key: string, message: string): void => {
    const e = config.entries.get(key)!;
    errors.push({ line: e.line, col: e.col, message });
  };
  const strList = (key: string, v: XlValue): string[] | undefined => {
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    err(key, `${key} must be a list of strings, as ${key} = [ '…' ]`);
    return undefined;
  };
  const set = <K extends keyof RawDomain>(field: K, value: RawDomain[K], key: string): void => {
    fields[field] = value;
    const e = config.entries.get(key)!;
    positions[field] = { line: e.line, col: e.col };
  };
  const int = (key: string, v: XlValue, min: number): number | undefined => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
    err(key, `${key} must be an integer ≥ ${min} (got ${JSON.stringify(v)})`);
    return undefined;
  };
  for (const [key, e] of config.entries) {
    const v = e.value;
    switch (key) {
      case 'name':
        if (typeof v === 'string' && v !== '') set('name', v, key);
        else err(key, 'name must be a non-empty string');
        break;
      case 'memory':
      case 'maxmem': {
        const r = parseMemoryMb(v);
        if ('error' in r) err(key, `${key}: ${r.error}`);
        else set(key, r.value, key);
        break;
      }
      case 'vcpus': { const n = int(key, v, 1); if (n !== undefined) set('vcpus', n, key); break; }
      case 'cpus': {
        const r = parseCpuList(v);
        if ('error' in r) err(key, r.error);
        else set('cpus', r.cpus, key);
        break;
      }
      case 'cpu_weight':
      case 'weight': { const n = int(key, v, 0); if (n !== undefined) set('weight', n, key); break; }
      case 'cpu_cap':
      case 'cap': { const n = int(key, v, 0); if (n !== undefined) set('cap', n, key); break; }
      // SEDF's keys in xl.cfg (Xen 4.2–4.5: period, slice, latency in ns; extratime 0/1).
      case 'period':
      case 'slice':
      case 'latency': {
        const n = int(key, v, 0);
        if (n !== undefined) set('sched', { ...(fields.sched ?? {}), [key]: n }, key);
        break;
      }
      case 'extratime': {
        const n = int(key, v, 0);
        if (n !== undefined) set('sched', { ...(fields.sched ?? {}), extratime: n !== 0 }, key);
        break;
      }
      case 'disk': { const l = strList(key, v); if (l) set('disk', l, key); break; }
      case 'vif': { const l = strList(key, v); if (l) set('vif', l, key); break; }
      case 'type':
      case 'builder': {
        // xm's builder = "linux" | "hvm"; xl's type = "pv" | "pvh" | "hvm" (builder = "generic" meant pv).
        if (v === 'hvm') set('type', 'hvm', key);
        else if (v === 'pv' || v === 'linux' || v === 'generic' || v === 'pvh') set('type', 'pv', key);
        else err(key, `${key} '${String(v)}' is not one of pv, pvh, hvm (linux/generic mean pv)`);
        break;
      }
      default:
        break; // kernel, root, nics, on_*, …: data the model has no use for (XL_IGNORED_KEYS and anything else)
    }
  }
  return { fields, positions, errors };
}
