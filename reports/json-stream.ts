/**
 * JSON.stringify(value, null, 2) in pieces: the same bytes, without ever holding the
 * whole text (a 20,000-domain Result is gigabytes of JSON, beyond V8's longest string).
 * Objects and long arrays are walked; everything under SMALL elements is handed to
 * JSON.stringify whole and re-indented (JSON strings hold no raw newline, so every '\n'
 * in that text starts a line of structure). Iterates, never recurses per element: the
 * nesting depth is the Result's, a handful of levels.
 */

/** Arrays at most this long, and leaves, are stringified in one call. */
const SMALL = 256;

/** What JSON.stringify does with a value before writing it (toJSON), or undefined when it skips it. */
function prepared(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

/** Elements per JSON.stringify call in a long array of plain values. */
const BLOCK = 8192;

/** Every element a number, boolean or null (no text: a string may hold a comma). */
function allPlain(v: readonly unknown[]): boolean {
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    if (e !== null && typeof e !== 'number' && typeof e !== 'boolean') return false;
  }
  return true;
}

/** True when `v` is worth walking rather than stringifying at once. */
function big(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length > SMALL;
  if (ArrayBuffer.isView(v)) return false;
  return true;
}

/**
 * Yields the text of JSON.stringify(value, null, 2) in chunks (each a few kB to a few
 * MB); their concatenation is that text exactly.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  yield* walk(prepared(value, ''), '');
}

function* walk(v: unknown, indent: string): Generator<string> {
  if (!big(v)) {
    const text = JSON.stringify(v, null, 2);
    yield indent === '' ? text : text.replaceAll('\n', '\n' + indent);
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    yield '[';
    if (allPlain(v)) {
      // Numbers, booleans and nulls only (a series column): JSON.stringify each block of them
      // compactly, natively, and put every element on its own line.
      for (let i = 0; i < v.length; i += BLOCK) {
        const text = JSON.stringify(v.slice(i, i + BLOCK));
        yield (i === 0 ? '\n' : ',\n') + inner + text.slice(1, -1).replaceAll(',', ',\n' + inner);
      }
      yield '\n' + indent + ']';
      return;
    }
    let piece = '';
    for (let i = 0; i < v.length; i++) {
      const e = prepared(v[i], String(i));
      piece += (i === 0 ? '\n' : ',\n') + inner;
      if (big(e)) {
        yield piece;
        piece = '';
        yield* walk(e, inner);
      } else {
        const text = e === undefined ? 'null' : JSON.stringify(e, null, 2);
        piece += text.includes('\n') ? text.replaceAll('\n', '\n' + inner) : text;
        if (piece.length > 1 << 16) {
          yield piece;
          piece = '';
        }
      }
    }
    yield piece + '\n' + indent + ']';
    return;
  }
  const obj = v as Record<string, unknown>;
  let first = true;
  for (const k of Object.keys(obj)) {
    const e = prepared(obj[k], k);
    if (e === undefined) continue;
    yield (first ? '{\n' : ',\n') + inner + JSON.stringify(k) + ': ';
    first = false;
    yield* walk(e, inner);
  }
  yield first ? '{}' : '\n' + indent + '}';
}

/** Gathers chunks into pieces of about `size` characters, for fewer, larger writes. */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let buf: string[] = [];
  let n = 0;
  for (const c of chunks) {
    buf.push(c);
    n += c.length;
    if (n >= size) {
      yield buf.join('');
      buf = [];
      n = 0;
    }
  }
  if (n > 0) yield buf.join('');
}
