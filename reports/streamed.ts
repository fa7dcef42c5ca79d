/**
 * An output file given as chunks of text rather than one string: the CLI writes it piece
 * by piece (cli/write-atomic.ts) or streams it to stdout, so a result of any size is
 * written without ever building its whole text (V8 strings stop near 512 MB).
 * chunks() can be called again (saveOutputs writes elsewhere after a failure).
 */
export interface Streamed {
  chunks(): Iterable<string>;
}

export type OutputContent = string | Uint8Array | Streamed;

export function isStreamed(c: OutputContent): c is Streamed {
  return typeof c === 'object' && !(c instanceof Uint8Array) && typeof (c as Streamed).chunks === 'function';
}

/** The whole text of a streamed file (for tests and small files). */
export function textOf(c: OutputContent): string {
  if (typeof c === 'string') return c;
  if (c instanceof Uint8Array) return Buffer.from(c).toString('utf8');
  let s = '';
  for (const x of c.chunks()) s += x;
  return s;
}

/** Writes chunks to a Node stream, waiting for 'drain' when its buffer is full (stdout to a slow pipe). */
export async function streamTo(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const c of chunks) {
    if (!out.write(c)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
}
