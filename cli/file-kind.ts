/**
 * Which command a YAML file is for, from its top-level keys, so that a file given to the
 * wrong command is named as what it is (`this is a consolidation file: use xensim
 * compare FILE`) rather than reported as a scenario with unknown keys.
 *   sweep file: base:, axes:, zip:, replications:, metrics:   → xensim sweep
 *   consolidation file: before:, after:                        → xensim compare / plan
 *   scenario: domains:, host:, hosts:, dom0:, timeline:         → xensim run
 */
import { tryReadBounded, type InputKind } from '../sim/scenario/read-bounded.js';
import { UserError } from './errors.js';

export type FileKind = 'scenario' | 'sweep' | 'consolidation';

const topKey = (text: string, keys: string[]): boolean => new RegExp(`^(?:${keys.join('|')})[ \\t]*:`, 'm').test(text);

/** The kind of file `text` is, or undefined when its top-level keys do not say. */
export function detectKind(text: string): FileKind | undefined {
  if (topKey(text, ['base'])) return 'sweep';
  if (topKey(text, ['before', 'after'])) return 'consolidation';
  if (topKey(text, ['axes', 'zip', 'replications', 'metrics']) && !topKey(text, ['domains', 'host', 'hosts'])) return 'sweep';
  if (topKey(text, ['domains', 'host', 'hosts', 'dom0', 'timeline'])) return 'scenario';
  return undefined;
}

const WHAT: Record<FileKind, string> = {
  scenario: 'a scenario',
  sweep: 'a sweep file (base:, axes:)',
  consolidation: 'a consolidation file (before:, after:)',
};

function useInstead(kind: FileKind, file: string): string {
  switch (kind) {
    case 'scenario': return `xensim run ${file}`;
    case 'sweep': return `xensim sweep ${file} --out DIR`;
    case 'consolidation': return `xensim compare ${file} (or xensim plan ${file})`;
  }
}

/** The message for `file` (of kind `found`) given to a command that wants `wanted`. */
export function wrongKindMessage(file: string, found: FileKind, wanted: FileKind): string {
  return `${file}: this is ${WHAT[found]}, not ${WHAT[wanted].replace(/ \(.*\)$/, '')}: use ${useInstead(found, file)}`;
}

const READ_AS: Record<FileKind, InputKind> = { scenario: 'scenario', sweep: 'sweep file', consolidation: 'consolidation file' };

/**
 * Throws UserError (exit 2) when `file` is recognisably another kind of file than
 * `wanted`. A file that cannot be read passes: its loader reports that.
 */
export function requireKind(file: string, wanted: FileKind): void {
  const r = tryReadBounded(file, READ_AS[wanted]);
  if ('error' in r) return;
  const found = detectKind(r.text);
  if (found !== undefined && found !== wanted) throw new UserError(wrongKindMessage(file, found, wanted), 2);
}

/** The kind of a file for `validate` (unreadable or unclear: a scenario, whose loader says why). */
export function kindOfFile(file: string): FileKind {
  const r = tryReadBounded(file, 'scenario');
  return 'error' in r ? 'scenario' : (detectKind(r.text) ?? 'scenario');
}
