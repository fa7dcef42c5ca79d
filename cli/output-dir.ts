/**
 * Output destinations, checked before anything is simulated, and writes that keep the
 * finished result when they still fail.
 *
 * checkOutputDir(dir): the folder exists afterwards (created one level at a time, never
 * with a recursive mkdir, which spins for ever under /proc), is a folder (not a file,
 * not under a file), is not on a special file system (/proc, /sys, /dev, by real path
 * and by statfs type), and a probe file can be written in it (EACCES, EROFS, ENOSPC).
 * Failures throw UserError (exit 2), one line naming the folder.
 *
 * saveOutputs(dir, files): writes every file atomically (write-atomic.ts); when that
 * fails (the disk filled up during the run, the folder went away), the same files go to
 * a fresh folder under os.tmpdir() and a UserError (exit 1) says where they are.
 */
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { describeErrno } from '../sim/scenario/read-bounded.js';
import { UserError } from './errors.js';
import { writeAllAtomic, type OutputContent } from './write-atomic.js';

/** The parts of node:fs the checks use (tests pass a fake to reach EACCES as root). */
export interface OutputFs {
  statSync(p: string): nodeFs.Stats;
  mkdirSync(p: string): unknown;
  realpathSync(p: string): string;
  writeFileSync(p: string, data: string, options: { flag: string }): void;
  unlinkSync(p: string): void;
  statfsSync?(p: string): { type: number | bigint };
}

const defaultFs: OutputFs = {
  statSync: (p) => nodeFs.statSync(p),
  mkdirSync: (p) => nodeFs.mkdirSync(p),
  realpathSync: (p) => nodeFs.realpathSync(p),
  writeFileSync: (p, d, o) => nodeFs.writeFileSync(p, d, o),
  unlinkSync: (p) => nodeFs.unlinkSync(p),
  statfsSync: typeof nodeFs.statfsSync === 'function' ? (p) => nodeFs.statfsSync(p) : undefined,
};

/** Kernel pseudo file systems (statfs f_type): nothing we write belongs there. */
const SPECIAL_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x1cd1: 'devpts',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
};
const SPECIAL_PREFIXES = ['/proc', '/sys', '/dev'];

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

/** Why `real` (a real path) is on a special file system, or undefined. */
function specialPlace(real: string, fs: OutputFs): string | undefined {
  for (const p of SPECIAL_PREFIXES) if (real === p || real.startsWith(p + sep)) return `is under ${p}, a kernel file system, not a place for files`;
  if (fs.statfsSync !== undefined) {
    try {
      const t = Number(fs.statfsSync(real).type);
      const name = SPECIAL_FS[t];
      if (name !== undefined) return `is on a ${name} file system, not a place for files`;
    } catch {
      // statfs unsupported here: the prefixes and the probe write decide.
    }
  }
  return undefined;
}

/**
 * Makes sure `dir` is a folder we can write into, creating it (and missing parents) if
 * needed. `what` names the option in messages (`--out`). Throws UserError (exit 2).
 */
export function checkOutputDir(dir: string, what = '--out', fs: OutputFs = defaultFs): void {
  const abs = resolve(dir);
  const bad = (why: string): never => {
    throw new UserError(`${dir}: ${why} (${what})`, 2);
  };
  // The nearest part of the path that exists, and the parts to create under it.
  const missing: string[] = [];
  let existing = abs;
  for (;;) {
    let st: nodeFs.Stats | undefined;
    try {
      st = fs.statSync(existing);
    } catch (e) {
      const c = code(e);
      if (c === 'ENOTDIR') {
        // A file somewhere above: keep climbing to name it.
      } else if (c !== 'ENOENT') bad(describeErrno(c, 'cannot be checked'));
    }
    if (st !== undefined) {
      if (!st.isDirectory()) {
        if (existing === abs) bad('is a file, not a folder');
        bad(`${existing} is a file, so no folder can be made under it`);
      }
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) bad('no part of this path exists');
    missing.unshift(existing);
    existing = parent;
  }
  let real: string;
  try {
    real = fs.realpathSync(existing);
  } catch (e) {
    bad(describeErrno(code(e), 'cannot be checked'));
  }
  const special = specialPlace(real!, fs);
  if (special !== undefined) bad(real! === existing ? special : `${special} (${existing} is ${real!})`);
  for (const m of missing) {
    try {
      fs.mkdirSync(m);
    } catch (e) {
      if (code(e) !== 'EEXIST') bad(`cannot create ${m}: ${describeErrno(code(e))}`);
    }
  }
  const probe = join(abs, `.xensim-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    fs.writeFileSync(probe, 'xensim write check\n', { flag: 'wx' });
  } catch (e) {
    bad(`cannot write here: ${describeErrno(code(e))}`);
  }
  try {
    fs.unlinkSync(probe);
  } catch {
    // Written but not removable: writes work, which is what we asked.
  }
}

/** Where saveOutputs put the files when `dir` failed. */
function fallbackDir(label: string): string {
  return nodeFs.mkdtempSync(join(tmpdir(), `xensim-${label}-`));
}

/**
 * Writes `files` under `dir` atomically. If that fails, writes them to a new folder under
 * os.tmpdir() instead and throws UserError (exit 1) naming both; if even that fails,
 * the error names the first failure. `label` names the fallback folder (run, sweep…).
 */
export function saveOutputs(dir: string, files: Record<string, OutputContent>, label: string): void {
  try {
    writeAllAtomic(dir, files);
    return;
  } catch (first) {
    let where = (first as NodeJS.ErrnoException).path ?? dir;
    let why = describeErrno(code(first), (first as Error).message);
    try {
      if (!nodeFs.statSync(dir).isDirectory()) {
        where = dir;
        why = 'is a file now, not a folder';
      }
    } catch (e) {
      if (code(e) === 'ENOENT') {
        where = dir;
        why = 'the folder is gone and cannot be made again';
      }
    }
    let saved: string | undefined;
    try {
      saved = fallbackDir(label);
      writeAllAtomic(saved, files);
    } catch {
      saved = undefined;
    }
    if (saved !== undefined) throw new UserError(`${where}: ${why}; the results were saved in ${saved} instead`, 1);
    throw new UserError(`${where}: ${why}; the results could not be saved anywhere (${tmpdir()} failed too)`, 1);
  }
}
