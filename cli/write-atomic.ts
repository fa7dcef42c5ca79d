/** Writes files atomically: a temp file in the same directory, then rename, so a killed run leaves no half file. */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isStreamed, type OutputContent } from '../reports/streamed.js';

export type { OutputContent } from '../reports/streamed.js';

/** Writes every chunk of a streamed file to `fd`, in order. */
function writeChunks(fd: number, contents: Exclude<OutputContent, string | Uint8Array>): number {
  let bytes = 0;
  for (const chunk of contents.chunks()) {
    const buf = Buffer.from(chunk, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    bytes += buf.length;
  }
  return bytes;
}

export function writeFileAtomic(path: string, contents: OutputContent): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    if (isStreamed(contents)) {
      // Piece by piece: a large result's text never exists whole (reports/streamed.ts).
      const fd = openSync(tmp, 'w');
      try {
        writeChunks(fd, contents);
      } finally {
        closeSync(fd);
      }
    } else writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (e) {
    // A full disk or a vanished folder: leave no temp file behind (the caller saves elsewhere).
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeAllAtomic(dir: string, files: Record<string, OutputContent>): void {
  for (const [name, contents] of Object.entries(files)) writeFileAtomic(join(dir, name), contents);
}

/**
 * "wrote 12 files to out/: result.json, domains.csv, series.csv, report.html, charts/ (8)":
 * what a command tells stderr after writing its --out directory.
 */
export function wroteLine(dir: string, names: string[]): string {
  const top = names.filter((n) => !n.includes('/'));
  const sub = new Map<string, number>();
  for (const n of names) if (n.includes('/')) sub.set(n.split('/')[0], (sub.get(n.split('/')[0]) ?? 0) + 1);
  const parts = [...top, ...[...sub].map(([d, k]) => `${d}/ (${k})`)];
  const shown = dir.endsWith('/') ? dir : dir + '/';
  return `wrote ${names.length} file${names.length === 1 ? '' : 's'} to ${shown}: ${parts.join(', ')}`;
}
