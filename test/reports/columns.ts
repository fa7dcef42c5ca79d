/** Test helper: the tokens of a fixed-width line with their column spans, to check alignment. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

export function tokens(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
}

/** Expand tabs to 8-column stops, as a terminal shows them. */
export function expandTabs(line: string): string {
  let out = '';
  for (const c of line) {
    if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += c;
  }
  return out;
}
