/**
 * Units in scenario files. Every parser returns a number in base units or an error
 * message (never throws). Only finite, non-negative numbers come out.
 * - durations → ns: `42d 12h`, `42d12h`, `30ms`, `250us`, `1.5s`, `10ns`, `5min`, `1w`;
 *   a bare number (or numeric string) is seconds;
 * - memory sizes → MB: `256M`, `1G`, `512MiB`, `64K`; a bare number is MB, as xl.cfg's `memory = 256`;
 * - byte sizes → bytes: `4K`, `4KiB`, `1M`, `60MB`; a bare number is bytes. K, M, G, T are
 *   BINARY whatever the spelling (`60MB` = 60 MiB) because that is how xl, the kernel and
 *   the talk's `Mem(MB)` column count memory and blocks;
 * - counts → plain numbers with DECIMAL SI suffixes: `2M` instructions = 2,000,000, `1G` = 1e9.
 *   Instruction counts are not sizes: `cpu: 2M` is two million instructions, not 2 MiB;
 * - data rates → bytes/s: `100Mbit`, `1Gbit/s`, `10Mb/s` (bits, decimal as link speeds are),
 *   `60MB/s`, `500KB/s` (bytes, decimal as disk vendors quote), `60MiB/s` (binary);
 * - frequencies → GHz: `2.4GHz`, `800MHz`; a bare number is GHz;
 * - event rates → per second: `0.5/s`, `100/s`, `30/min`, `2/h`, `1/d`; a bare number is per second;
 * - power → W: `140W`, `0.2kW`.
 */

export type Parsed = { value: number } | { error: string };

const NUM = '([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

function bad(kind: string, input: unknown, example: string): Parsed {
  return { error: `'${String(input)}' is not a ${kind} (e.g. ${example})` };
}

function numberOrNull(input: unknown): number | null {
  return typeof input === 'number' && Number.isFinite(input) ? input : null;
}

/** A parsed value that overflowed (`1e400s`) is as bad as a typo. */
function finite(value: number, input: unknown): Parsed {
  return Number.isFinite(value) ? { value } : { error: `'${String(input)}' is too large` };
}

const DURATION_NS: Record<string, number> = {
  ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, sec: 1e9, m: 60e9, min: 60e9, h: 3600e9, hr: 3600e9, d: 86400e9, day: 86400e9, days: 86400e9, w: 604800e9,
};

export function parseDuration(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n >= 0 ? finite(n * 1e9, input) : { error: `a duration cannot be negative (${n})` };
  if (typeof input !== 'string') return bad('duration', input, '30ms, 42d 12h');
  const text = input.trim();
  if (/^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text)) return finite(Number(text) * 1e9, input);
  // One or more NUMBER UNIT terms, spaces optional between them: `42d 12h`, `1h30min`.
  const term = new RegExp(`${NUM}\\s*([a-zµ]+)\\s*`, 'gy');
  let total = 0;
  let terms = 0;
  term.lastIndex = 0;
  while (term.lastIndex < text.length) {
    const m = term.exec(text);
    if (m === null || DURATION_NS[m[2]] === undefined) return bad('duration', input, '30ms, 250us, 42d 12h');
    total += Number(m[1]) * DURATION_NS[m[2]];
    terms++;
  }
  if (terms === 0) return bad('duration', input, '30ms, 42d 12h');
  return finite(total, input);
}

const BINARY: Record<string, number> = {
  '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1048576, mb: 1048576, mib: 1048576, g: 1073741824, gb: 1073741824, gib: 1073741824, t: 1099511627776, tb: 1099511627776, tib: 1099511627776,
};

/** Bytes. A bare number is bytes. */
export function parseBytes(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n >= 0 ? { value: n } : { error: `a size cannot be negative (${n})` };
  if (typeof input !== 'string') return bad('size', input, '4K, 64KiB, 1M');
  const m = new RegExp(`^\\s*${NUM}\\s*([a-zA-Z]*)\\s*$`).exec(input);
  if (m === null || BINARY[m[2].toLowerCase()] === undefined) return bad('size', input, '4K, 64KiB, 1M');
  return finite(Number(m[1]) * BINARY[m[2].toLowerCase()], input);
}

/** Memory in MB. A bare number is MB (xl.cfg's `memory = 256`). */
export function parseMemoryMb(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n >= 0 ? { value: n } : { error: `memory cannot be negative (${n})` };
  if (typeof input === 'string' && /^\s*[0-9]*\.?[0-9]+\s*$/.test(input)) return finite(Number(input), input);
  const b = parseBytes(input);
  if ('error' in b) return bad('memory size', input, '256M, 1G, 255');
  return { value: b.value / 1048576 };
}

const SI: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

/** A count with decimal SI suffixes (instructions): `2M` = 2e6. */
export function parseCount(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n >= 0 ? { value: n } : { error: `a count cannot be negative (${n})` };
  if (typeof input !== 'string') return bad('count', input, '2M, 500K, 1G');
  const m = new RegExp(`^\\s*${NUM}\\s*([kKmMgGtT]?)\\s*$`).exec(input);
  if (m === null) return bad('count', input, '2M, 500K, 1G');
  return finite(Number(m[1]) * SI[m[2].toLowerCase()], input);
}

/** Data rate in bytes/s. `100Mbit`, `1Gbit/s`, `10Mb/s` (bits), `60MB/s`, `500KB/s` (bytes). */
export function parseDataRate(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n > 0 ? { value: n } : { error: `a data rate must be positive (${n})` };
  if (typeof input !== 'string') return bad('data rate', input, '100Mbit, 60MB/s');
  const m = new RegExp(`^\\s*${NUM}\\s*([kKmMgG]?)(bit|bps|b|B|iB|Bps)?(?:/s)?\\s*$`).exec(input);
  if (m === null || (m[3] === undefined && m[2] === '')) return bad('data rate', input, '100Mbit, 1Gbit, 60MB/s');
  const mult = SI[m[2].toLowerCase()];
  const unit = m[3] ?? 'B';
  const isBits = unit === 'bit' || unit === 'bps' || unit === 'b';
  const bytes = isBits ? (Number(m[1]) * mult) / 8 : Number(m[1]) * (unit === 'iB' ? BINARY[m[2].toLowerCase()] : mult);
  return bytes > 0 ? finite(bytes, input) : { error: `a data rate must be positive ('${input}')` };
}

export function parseGhz(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n > 0 ? { value: n } : { error: `a clock rate must be positive (${n})` };
  if (typeof input !== 'string') return bad('frequency', input, '2.8GHz, 800MHz');
  const m = new RegExp(`^\\s*${NUM}\\s*(GHz|MHz|ghz|mhz)\\s*$`).exec(input);
  if (m === null) return bad('frequency', input, '2.8GHz, 800MHz');
  const v = Number(m[1]) / (m[2].toLowerCase() === 'mhz' ? 1000 : 1);
  return v > 0 ? finite(v, input) : { error: `a clock rate must be positive ('${input}')` };
}

/** Events per second. */
export function parseEventRate(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n >= 0 ? { value: n } : { error: `a rate cannot be negative (${n})` };
  if (typeof input !== 'string') return bad('rate', input, '10/s, 30/min');
  const m = new RegExp(`^\\s*${NUM}\\s*(?:/\\s*(s|sec|min|h|hour|d|day))?\\s*$`).exec(input);
  if (m === null) return bad('rate', input, '10/s, 30/min, 2/h');
  const per: Record<string, number> = { s: 1, sec: 1, min: 60, h: 3600, hour: 3600, d: 86400, day: 86400 };
  return finite(Number(m[1]) / per[m[2] ?? 's'], input);
}

export function parseWatts(input: unknown): Parsed {
  const n = numberOrNull(input);
  if (n !== null) return n >= 0 ? { value: n } : { error: `power cannot be negative (${n})` };
  if (typeof input !== 'string') return bad('power', input, '140W');
  const m = new RegExp(`^\\s*${NUM}\\s*(W|kW)\\s*$`).exec(input);
  if (m === null) return bad('power', input, '140W, 0.5kW');
  return finite(Number(m[1]) * (m[2] === 'kW' ? 1000 : 1), input);
}
