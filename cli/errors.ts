/**
 * How the CLI ends on an error. Exit codes (README, "Exit codes"):
 *   0 ok · 1 failure while running or writing · 2 bad input · 130 interrupted.
 *
 * Everything a user can cause is one line, `path: what happened`, and no stack trace:
 * bad input (UserError, exit 2) and I/O errors on their paths (ENOENT, EACCES, ENOSPC,
 * EROFS…, exit 1). Only what none of these explains is an internal error: then the
 * stack, and how to report it (the command line and the scenario).
 */
import { describeErrno, InputFileError } from '../sim/scenario/read-bounded.js';

/** Something the user can fix: printed as its message alone, then exit `exitCode` (2: bad input, 1: failure). */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
  }
}

/** System error codes about a user's files, disks and permissions: never a bug of ours. */
const USER_IO_CODES = new Set([
  'ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'EROFS', 'EEXIST', 'ENAMETOOLONG', 'ELOOP',
  'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'EFBIG', 'ENXIO', 'ETXTBSY', 'EXDEV', 'ENOTEMPTY', 'EAGAIN',
]);

/** An fs error about a path a user gave (or one under it), or undefined. */
export function userIoError(e: unknown): { path: string; code: string } | undefined {
  const x = e as NodeJS.ErrnoException;
  if (x === null || typeof x !== 'object' || typeof x.code !== 'string' || !USER_IO_CODES.has(x.code)) return undefined;
  return { path: (x as { dest?: string }).dest ?? x.path ?? "", code: x.code };
}

/** The one line for a user-caused error, or undefined for a genuine bug. */
export function userMessage(e: unknown): { line: string; code: 1 | 2 } | undefined {
  if (e instanceof UserError) return { line: e.message, code: e.exitCode };
  if (e instanceof InputFileError) return { line: `${e.path}: ${e.message}`, code: 2 };
  const io = userIoError(e);
  if (io !== undefined) return { line: `${io.path === '' ? 'xensim' : io.path}: ${describeErrno(io.code)}`, code: 1 };
  return undefined;
}

/** Prints the error as the user should see it and exits (1 or 2; 1 for an internal error). */
export function exitOnError(e: unknown, argv: readonly string[] = process.argv): never {
  const u = userMessage(e);
  if (u !== undefined) {
    process.stderr.write(u.line + '\n');
    process.exit(u.code);
  }
  const cmd = ['xensim', ...argv.slice(2)].map((a) => (/^[\w./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  process.stderr.write(
    `xensim: internal error: ${(e as Error)?.stack ?? String(e)}\n\n` +
    `This is a bug in xensim, not in your input. Please report it on xensim's issue tracker\n` +
    `with this message, the command line (${cmd}) and the scenario file(s) it names.\n`,
  );
  process.exit(1);
}
