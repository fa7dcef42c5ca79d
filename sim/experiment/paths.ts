/**
 * Dotted paths into a scenario document or a Result: `host.pcpus`, `scheduler.name`,
 * `domains.hex.weight`, `domains.Domain-0.cpu_seconds`. A segment that meets a list
 * selects an item by its `name` (domain names may hold dots, so the longest dotted run
 * of segments that is a name wins) or by a decimal index.
 */

export type Key = string | number;

export function splitPath(path: string): string[] | undefined {
  const segments = path.split('.');
  return segments.every((s) => s.length > 0) ? segments : undefined;
}

export type Walk = { keys: Key[]; value: unknown } | { error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The index of the item `segments[from…]` names (longest dotted name first), and how many segments it took. */
export function matchName(segments: readonly string[], from: number, names: readonly (string | undefined)[]): { index: number; used: number } | undefined {
  for (let len = segments.length - from; len >= 1; len--) {
    const idx = names.indexOf(segments.slice(from, from + len).join('.'));
    if (idx >= 0) return { index: idx, used: len };
  }
  return undefined;
}

/**
 * Follows `segments` through plain data. Keys missing from a mapping are allowed (the
 * value is then undefined; a scenario axis creates them); a list item that does not
 * exist, or a path that goes on below a plain value, is an error.
 */
export function walkPath(segments: readonly string[], root: unknown, shownPrefix = ''): Walk {
  const keys: Key[] = [];
  let node: unknown = root;
  let i = 0;
  const shown = (): string => [shownPrefix, ...segments.slice(0, i)].filter((s) => s !== '').join('.');
  while (i < segments.length) {
    if (Array.isArray(node)) {
      const names = node.map((it) => (isRecord(it) && typeof it.name === 'string' ? it.name : undefined));
      const m = matchName(segments, i, names);
      if (m !== undefined) {
        keys.push(m.index);
        node = node[m.index];
        i += m.used;
        continue;
      }
      const seg = segments[i];
      if (/^\d+$/.test(seg) && Number(seg) < node.length) {
        keys.push(Number(seg));
        node = node[Number(seg)];
        i++;
        continue;
      }
      const known = names.filter((n): n is string => n !== undefined);
      return { error: `no item named '${seg}' in ${shown()}${known.length > 0 ? ` (there are: ${known.join(', ')})` : ''}` };
    }
    if (node !== undefined && node !== null && !isRecord(node)) return { error: `${shown()} is a plain value; '${segments.slice(i).join('.')}' cannot go below it` };
    keys.push(segments[i]);
    node = isRecord(node) ? node[segments[i]] : undefined;
    i++;
  }
  return { keys, value: node };
}
