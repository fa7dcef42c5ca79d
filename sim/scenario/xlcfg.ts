/**
 * Reads xl/xm domain configuration files (xl.cfg(5); xm's were Python, but the files
 * people wrote are plain `key = value` lines): strings in double or single quotes,
 * numbers, and lists in brackets that may span lines, with `#` comments. Parsed as
 * data, never evaluated: anything else is an error with its line and column.
 *
 *     kernel = "/boot/vmlinuz-2.6.11-xenU"
 *     memory = 256
 *     name = "vmname"
 *     vif = [ 'mac=00:60:b0:28:78:84, bridge=xen-cust' ]
 *     disk = [ 'phy:vg0/vmname_root,sda1,w', 'phy:vg0/vmname_swap,sda2,w' ]
 */

export type XlValue = string | number | XlValue[];

export interface XlEntry {
  key: string;
  value: XlValue;
  line: number;
  col: number;
}

export interface XlError {
  line: number;
  col: number;
  message: string;
}

export interface XlConfig {
  entries: Map<string, XlEntry>;
}

class Lexer {
  pos = 0;
  line = 1;
  col = 1;
  constructor(readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  next(): string {
    const c = this.text[this.pos++] ?? '';
    if (c === '\n') {
      this.line++;
      this.col = 1;
    } else this.col++;
    return c;
  }

  /** Skips spaces and comments; newlines too when `newlines` is true. */
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ';'))) this.next();
      else if (c === '\\' && this.text[this.pos + 1] === '\n') { this.next(); this.next(); }
      else if (c === '#') while (this.peek() !== '\n' && this.peek() !== '') this.next();
      else return;
    }
  }
}

export function parseXlConfig(text: string): { config: XlConfig } | { errors: XlError[] } {
  const lx = new Lexer(text);
  const entries = new Map<string, XlEntry>();
  const errors: XlError[] = [];
  /** Lists open at the current position, so an error inside one skips the rest of it. */
  let depth = 0;
  const fail = (message: string, line = lx.line, col = lx.col): void => {
    errors.push({ line, col, message });
    // Resynchronise after the statement: the end of the line, past any list still open
    // (so a bad item in a multi-line list is one error, not one per following line).
    while (lx.peek() !== '') {
      const c = lx.peek();
      if (c === '\n' && depth <= 0) break;
      lx.next();
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '"' || c === "'") while (lx.peek() !== c && lx.peek() !== '\n' && lx.peek() !== '') lx.next();
      else if (c === '#') while (lx.peek() !== '\n' && lx.peek() !== '') lx.next();
      if (c === "'" || c === '"') if (lx.peek() === c) lx.next();
    }
    depth = 0;
  };

  const value = (): XlValue | undefined => {
    lx.skip(false);
    const c = lx.peek();
    const line = lx.line, col = lx.col;
    if (c === '"' || c === "'") {
      lx.next();
      let s = '';
      while (lx.peek() !== c) {
        const ch = lx.peek();
        if (ch === '' || ch === '\n') {
          fail(`unterminated string (started at ${line}:${col})`, line, col);
          return undefined;
        }
        lx.next();
        if (ch === '\\') s += lx.next();
        else s += ch;
      }
      lx.next();
      return s;
    }
    if (c === '[') {
      lx.next();
      depth++;
      const list: XlValue[] = [];
      for (;;) {
        lx.skip(true);
        if (lx.peek() === ']') { lx.next(); depth--; return list; }
        if (lx.peek() === '') { fail(`unterminated list (started at ${line}:${col})`, line, col); return undefined; }
        const v = value();
        if (v === undefined) return undefined;
        list.push(v);
        lx.skip(true);
        if (lx.peek() === ',') lx.next();
        else if (lx.peek() !== ']') { fail(`expected ',' or ']' in list, found '${lx.peek() || 'end of file'}'`); return undefined; }
      }
    }
    const m = /^-?(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?)/.exec(text.slice(lx.pos));
    if (m !== null) {
      for (let i = 0; i < m[0].length; i++) lx.next();
      return Number(m[0]);
    }
    fail(c === '' || c === '\n' ? 'missing value after =' : `a value must be a "string", a number or a [list] (found '${c}'; configs are read as data, never run as code)`);
    return undefined;
  };

  for (;;) {
    lx.skip(true);
    if (lx.peek() === '') break;
    const line = lx.line, col = lx.col;
    const km = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(lx.pos));
    if (km === null) { fail(`expected a setting name, found '${lx.peek()}'`); continue; }
    for (let i = 0; i < km[0].length; i++) lx.next();
    lx.skip(false);
    if (lx.peek() !== '=') { fail(`expected '=' after '${km[0]}'`); continue; }
    lx.next();
    const v = value();
    if (v === undefined) continue;
    lx.skip(false);
    if (lx.peek() !== '\n' && lx.peek() !== '' && lx.peek() !== ';') { fail(`unexpected '${lx.peek()}' after the value of '${km[0]}'`); continue; }
    entries.set(km[0], { key: km[0], value: v, line, col });
  }
  return errors.length > 0 ? { errors } : { config: { entries } };
}
