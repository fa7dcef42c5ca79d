/**
 * Issue #24 item 7: the bad-file corpus, test/fixtures/bad/<class>/. Every file whose
 * first line is `# expect: CODE POS /REGEX/ [cmd=run|import]` (or whose FILE.expect
 * holds that line, for files that cannot carry a comment) is given to the built CLI —
 * `xensim validate FILE` unless cmd says `run FILE` or `import xl FILE` — and must exit
 * with CODE, print the fault at POS (`LINE:COL` in FILE itself, `OTHER:LINE:COL` in a
 * file it names, `-` for a whole-file message `FILE: …`), with a message matching REGEX
 * (the fault and the value found), and no stack trace. Each spawn is bounded in time.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const BAD = join(ROOT, 'test', 'fixtures', 'bad');
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const EXPECT = /^# expect: (\d+) (\S+) \/(.*)\/(?: cmd=(\S+))?\s*$/;

interface Case { file: string; code: number; pos: string; re: RegExp; cmd: string }

function expectation(file: string): Case | undefined {
  const side = file + '.expect';
  const first = existsSync(side) ? readFileSync(side, 'utf8').split('\n')[0] : readFileSync(file, 'utf8').split('\n')[0];
  const m = EXPECT.exec(first);
  if (m === null) return undefined;
  return { file, code: Number(m[1]), pos: m[2], re: new RegExp(m[3]), cmd: m[4] ?? 'validate' };
}

function walk(d: string): string[] {
  return readdirSync(d).sort().flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.expect') ? [] : [p];
  });
}

const cases = walk(BAD).map(expectation).filter((c): c is Case => c !== undefined);
const classes = [...new Set(cases.map((c) => relative(BAD, c.file).split('/')[0]))];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

test('the corpus: at least 60 files, in every class', () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
  expect(classes.sort()).toEqual(['ranges', 'references', 'sizes', 'special-files', 'syntax', 'types', 'wrong-kind', 'xl']);
});

describe.each(classes)('%s', (cls) => {
  test.each(cases.filter((c) => relative(BAD, c.file).startsWith(cls + '/')).map((c) => [relative(BAD, c.file), c] as const))('%s', (_name, c) => {
    const args = c.cmd === 'import' ? ['import', 'xl', c.file] : [c.cmd, c.file];
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/internal error/);
    const at = c.pos === '-' ? new RegExp(`^${escape(c.file)}: `, 'm')
      : /^\d+:\d+$/.test(c.pos) ? new RegExp(`^${escape(c.file)}:${c.pos}: `, 'm')
      : new RegExp(`(^|/)${escape(c.pos.replace(/^\//, ''))}: `, 'm');
    expect(r.stderr).toMatch(at);
    // The message on the line at that position names the fault and the value.
    const line = r.stderr.split('\n').find((l) => at.test(l + '\n')) ?? '';
    expect(line).toMatch(c.re);
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: c.code, stderr: r.stderr });
  });
});
