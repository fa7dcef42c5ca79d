/**
 * The one way xensim reads an input file whole (scenarios, xl configs, sweep and
 * consolidation files; traces are streamed but bounded the same way, traces/common.ts):
 *
 * - only regular files: a device (/dev/zero), a FIFO, a socket or a directory is
 *   refused with a message, never read (opened O_NONBLOCK and checked with fstat, so a
 *   FIFO without a writer cannot block us either);
 * - `-` is standard input, read once (later reads get the same text), same limit;
 * - at most limit + 1 bytes are read, whatever the file's reported size (0 for many
 *   special files), so an endless input costs a bounded amount of memory;
 * - one limit per kind of input (INPUT_LIMITS), raised for every kind by
 *   `--max-input-size` (setMaxInputSize).
 *
 * Failures throw InputFileError, whose message is one line for the user: `what happened`
 * (the caller prefixes the path or a file:line:col).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export type InputKind = 'scenario' | 'xl config' | 'sweep file' | 'consolidation file' | 'trace' | 'journal';

const MB = 1024 * 1024;

/** Default byte limits, by kind of input (docs/scenarios.md, "Input limits"). */
export const DEFAULT_INPUT_LIMITS: Readonly<Record<InputKind, number>> = {
  scenario: 10 * MB,
  'sweep file': 10 * MB,
  'consolidation file': 10 * MB,
  'xl config': 1 * MB,
  trace: 200 * MB,
  journal: 1024 * MB,
};

let raisedTo = 0;

/** `--max-input-size`: every kind's limit becomes at least `bytes` (it raises, never lowers). */
export function setMaxInputSize(bytes: number): void {
  raisedTo = bytes;
}

export function inputLimit(kind: InputKind): number {
  return Math.max(DEFAULT_INPUT_LIMITS[kind], raisedTo);
}

/** The name standard input goes by in messages. */
export const STDIN_NAME = '<stdin>';

/** An input file that cannot be read; `message` says why, without the path. */
export class InputFileError extends Error {
  constructor(readonly path: string, message: string, readonly code?: string) {
    super(message);
  }
}

/** Bytes in a friendly unit (10 MB, 1.5 KB, 12 bytes); 1 MB = 1024 × 1024 bytes, as the limits. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** `50MB`, `1.5G`, `200 MiB`, `4096` (bytes) → bytes; 1 MB = 1024 × 1024 bytes. */
export function parseByteSize(text: string): { value: number } | { error: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$/i.exec(text);
  if (m === null) return { error: `'${text}' is not a size (e.g. 50MB, 1G, 200MiB)` };
  const mult = { '': 1, k: 1024, m: MB, g: 1024 * MB, t: 1024 * 1024 * MB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  if (m[2] === '' && m[3].toLowerCase() === 'i') return { error: `'${text}' is not a size (e.g. 50MB, 1G, 200MiB)` };
  const value = Math.floor(Number(m[1]) * mult);
  if (!(value > 0) || !Number.isSafeInteger(value)) return { error: `'${text}' is not a positive size` };
  return { value };
}

/** A plain-words description of a system error code (ENOENT → "no such file"). */
export function describeErrno(code: string | undefined, fallback = 'cannot be read'): string {
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory, not a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a directory';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EROFS': return 'read-only file system';
    case 'ENAMETOOLONG': return 'file name too long';
    case 'ELOOP': return 'too many symbolic links (a loop?)';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'EIO': return 'input/output error';
    case 'EEXIST': return 'already exists';
    case 'EBUSY': return 'device or resource busy';
    case 'EFBIG': return 'file too large';
    case 'ENXIO': return 'no such device (a FIFO or socket without a peer?)';
    case 'EAGAIN': return 'not ready to be read';
    default: return code === undefined ? fallback : `${fallback} (${code})`;
  }
}

/** What an error thrown by fs says, in plain words (for any thrown value). */
export function describeError(e: unknown): string {
  if (e instanceof InputFileError) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string') return describeErrno(code);
  return e instanceof Error ? e.message : String(e);
}

/** Why a Stats is not a file we read, or undefined for a regular file. */
export function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'is a directory, not a file';
  if (st.isFIFO()) return 'is a pipe (FIFO), not a regular file; give a file, or - for standard input';
  if (st.isSocket()) return 'is a socket, not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a regular file';
  return 'is not a regular file';
}

function tooBig(kind: InputKind, limit: number): string {
  return `larger than ${formatBytes(limit)}, the limit for ${kind === 'xl config' ? 'xl configs' : kind === 'journal' ? 'journals' : kind + 's'} (raise it with --max-input-size)`;
}

let stdinText: Buffer | InputFileError | undefined;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads at most limit + 1 bytes from fd; throws when there are more than limit. */
function readAtMost(fd: number, path: string, kind: InputKind, limit: number, isStdin: boolean): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(Math.min(limit + 1, 1 << 20));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, Math.min(buf.length, limit + 1 - total), null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' && isStdin) {
        sleepMs(5);
        continue;
      }
      if (code === 'EOF') break;
      throw new InputFileError(path, describeErrno(code), code);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > limit) throw new InputFileError(path, tooBig(kind, limit), 'E2BIG');
  }
  return Buffer.concat(chunks, total);
}

/**
 * Opens a regular file for reading (O_NONBLOCK, so a FIFO never blocks), or throws
 * InputFileError saying why not. The caller closes the fd.
 */
export function openRegular(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A socket cannot be opened (ENXIO): say what it is rather than the errno.
    let what: string | undefined;
    try {
      what = code === 'ENOENT' ? undefined : notRegular(statSync(path));
    } catch {
      what = undefined;
    }
    throw new InputFileError(path, what ?? describeErrno(code), code);
  }
  let why: string | undefined;
  try {
    why = notRegular(fstatSync(fd));
  } catch (e) {
    why = describeErrno((e as NodeJS.ErrnoException).code);
  }
  if (why !== undefined) {
    closeSync(fd);
    throw new InputFileError(path, why, 'ENOTREG');
  }
  return fd;
}

/** Why `path` cannot be read as a regular file, or undefined if it can (nothing is read). */
export function cannotReadRegular(path: string): string | undefined {
  try {
    closeSync(openRegular(path));
    return undefined;
  } catch (e) {
    return describeError(e);
  }
}

/** A whole input file as text (UTF-8), within the limit of its kind; `-` is standard input. */
export function readBounded(path: string, kind: InputKind, limit = inputLimit(kind)): string {
  if (path === '-' || path === STDIN_NAME) {
    // Standard input can be read once: the text (or why it could not be read) is kept.
    if (stdinText === undefined) {
      try {
        stdinText = readAtMost(0, STDIN_NAME, kind, limit, true);
      } catch (e) {
        stdinText = e as InputFileError;
      }
    }
    if (stdinText instanceof InputFileError) throw stdinText;
    if (stdinText.length > limit) throw new InputFileError(STDIN_NAME, tooBig(kind, limit), 'E2BIG');
    return stdinText.toString('utf8');
  }
  const fd = openRegular(path);
  try {
    return readAtMost(fd, path, kind, limit, false).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** readBounded, but the failure as a value: `{ text }` or `{ error }` (why, without the path). */
export function tryReadBounded(path: string, kind: InputKind): { text: string } | { error: string } {
  try {
    return { text: readBounded(path, kind) };
  } catch (e) {
    return { error: describeError(e) };
  }
}
