/**
 * Options every command shares about its inputs: `--max-input-size` (raises the limits of
 * sim/scenario/read-bounded.ts) and `-` for standard input, which yargs mangles.
 */
import { hideBin } from 'yargs/helpers';
import { parseByteSize, setMaxInputSize } from '../sim/scenario/read-bounded.js';
import { UserError } from './errors.js';

export const maxInputSizeOption = {
  type: 'string',
  global: true,
  describe: 'raise the size limit of every input file (scenario 10MB, xl config 1MB, trace 200MB), e.g. 50MB',
} as const;

/** yargs middleware: applies --max-input-size, and gives `-` back to `file`/`files`. */
export function inputMiddleware(a: Record<string, unknown>): void {
  // yargs turns a `-` argument (standard input) into ''…
  if (a.file === '') a.file = '-';
  // …and drops it from a list (validate a.yaml -): put it back (at the end).
  if (Array.isArray(a.files)) {
    const files = (a.files as string[]).map((f) => (f === '' ? '-' : f));
    if (hideBin(process.argv).includes('-') && !files.includes('-')) files.push('-');
    a.files = files;
  }
  const v = a.maxInputSize as string | undefined;
  if (v === undefined) return;
  const r = parseByteSize(v);
  if ('error' in r) throw new UserError(`--max-input-size: ${r.error}`, 2);
  setMaxInputSize(r.value);
}
