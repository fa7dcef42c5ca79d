/**
 * What the three loaders (scenario: load.ts, sweep: experiment/load.ts, consolidation:
 * experiment/consolidation-load.ts) share when they explain a mistake: "did you mean"
 * for a misspelt key or name, the keys a mapping takes (read from the zod schema at the
 * issue's path), and "expected …, found …" with the value the user wrote.
 * Positions (file:line:col at the offending token) stay with each loader's path mapper.
 */
import { distance } from 'fastest-levenshtein';

/** Edit distance (insertions, deletions, substitutions), from fastest-levenshtein. */
export const levenshtein = distance;

/**
 * The candidate `word` was most likely meant to be: the same ignoring case, `_`/`-`, or
 * the closest within about a third of its length (at least 1, at most 3 edits); ties go
 * to the earlier candidate. Undefined when nothing is close.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_ ]/g, '');
  const w = norm(word);
  const same = candidates.find((c) => c !== word && norm(c) === w);
  if (same !== undefined) return same;
  const max = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = levenshtein(w, norm(c));
    if (d <= max && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** ` (did you mean 'x'?)`, or '' when nothing is close. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const m = didYouMean(word, candidates);
  return m === undefined ? '' : ` (did you mean '${m}'?)`;
}

type ZodLike = { _zod?: { def?: Record<string, unknown> & { type?: string } } };

function def(s: unknown): (Record<string, unknown> & { type?: string }) | undefined {
  return (s as ZodLike)?._zod?.def;
}

/** Through optional/default/nullable/pipe/lazy wrappers to the schema that has the shape. */
function unwrap(s: unknown): unknown {
  for (let k = 0; k < 32; k++) {
    const d = def(s);
    if (d === undefined) return s;
    switch (d.type) {
      case 'optional': case 'nullable': case 'default': case 'prefault': case 'catch': case 'readonly': case 'nonoptional':
        s = d.innerType;
        break;
      case 'pipe':
        s = d.in;
        break;
      case 'lazy':
        s = (d.getter as () => unknown)();
        break;
      default:
        return s;
    }
  }
  return s;
}

/** The object schemas a (possibly union) schema may be. */
function objects(s: unknown): Record<string, unknown>[] {
  const u = unwrap(s);
  const d = def(u);
  if (d?.type === 'object') return [d.shape as Record<string, unknown>];
  if (d?.type === 'union') return (d.options as unknown[]).flatMap(objects);
  return [];
}

/** The schema at `path` inside `schema` (keys of objects, items of arrays and records), or undefined. */
function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let s = unwrap(schema);
  for (const k of path) {
    const d = def(s);
    if (d === undefined) return undefined;
    if (d.type === 'array') s = d.element;
    else if (d.type === 'record') s = d.valueType;
    else {
      const shape = objects(s).find((o) => typeof k === 'string' && k in o);
      if (shape === undefined) {
        // A union of arrays and objects: an index goes into the array option.
        const arr = d.type === 'union' ? (d.options as unknown[]).map(unwrap).find((o) => def(o)?.type === 'array') : undefined;
        if (arr === undefined || typeof k !== 'number') return undefined;
        s = def(arr)!.element;
      } else s = shape[k as string];
    }
    s = unwrap(s);
  }
  return s;
}

/** The keys the mapping at `path` takes, per the zod schema (empty when unknown). */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  return [...new Set(objects(s).flatMap((o) => Object.keys(o)))];
}

/** A value as the user wrote it, short: "heavy", 12, [1, 2], a mapping. */
export function showValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length <= 4 ? `[${v.map(showValue).join(', ')}]` : `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}…` : v);
  return String(v);
}

/** For a zod invalid_type issue with its input: `expected number, found "heavy"`; else undefined. */
export function expectedFound(i: { code: string; expected?: unknown; input?: unknown }): string | undefined {
  if (i.code !== 'invalid_type' || !('input' in i) || i.input === undefined) return undefined;
  const found = showValue(i.input);
  const what = typeof i.input === 'object' && i.input !== null ? (Array.isArray(i.input) ? 'a list' : 'a mapping') : found;
  return `expected ${String(i.expected)}, found ${what}`;
}

/**
 * A zod issue (other than an unknown key) as the loaders print it: `'key' is required`,
 * `key: expected number, found "heavy"`, or `key: <zod's message>`.
 */
export function zodIssueMessage(i: { code: string; message: string; path: PropertyKey[]; expected?: unknown; input?: unknown }): string {
  const last = i.path.length > 0 ? i.path[i.path.length - 1] : undefined;
  const key = last === undefined ? '' : String(last);
  if (i.code === 'invalid_type' && (/received undefined/.test(i.message) || ('input' in i && i.input === undefined))) return `'${key}' is required`;
  let text = expectedFound(i) ?? withFound(i);
  // YAML reads a bare null (or ~) as no value: the null scheduler must be quoted.
  if (i.input === null && /"null"/.test(i.message)) text += ` (write "null" in quotes: YAML reads a bare null as no value)`;
  return typeof last === 'string' ? `${key}: ${text}` : text;
}

/** zod's message and the value the user wrote: `Too small: expected number to be >0, found 0`. */
function withFound(i: { message: string; input?: unknown }): string {
  if (!('input' in i) || i.input === undefined) return i.message;
  const v = i.input;
  if (typeof v === 'string' ? i.message.includes(v) : i.message.includes(`(got ${String(v)})`)) return i.message; // it names the value already
  const what = typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'a mapping') : showValue(v);
  return `${i.message}, found ${what}`;
}

/** The hint after `unknown key 'k'`: the key of the mapping at `path` it most likely meant. */
export function unknownKeyHint(key: string, schema: unknown, path: readonly PropertyKey[]): string {
  return suggestion(key, knownKeysAt(schema, path));
}
