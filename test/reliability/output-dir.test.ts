/**
 * cli/output-dir.ts: the output folder checks (with a fake fs for what root cannot see:
 * EACCES, EROFS, a proc file system by statfs type) and saveOutputs' fallback.
 */
import { describe, expect, test } from '@jest/globals';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputDir, type OutputFs, saveOutputs } from '../../cli/output-dir.js';
import { UserError } from '../../cli/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'xensim-outdir-'));
const errno = (code: string, path: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${path}`), { code, path });

/** The real fs, with some calls replaced. */
function fakeFs(over: Partial<OutputFs>): OutputFs {
  return {
    statSync: (p) => fs.statSync(p),
    mkdirSync: (p) => fs.mkdirSync(p),
    realpathSync: (p) => fs.realpathSync(p),
    writeFileSync: (p, d, o) => fs.writeFileSync(p, d, o),
    unlinkSync: (p) => fs.unlinkSync(p),
    statfsSync: (p) => fs.statfsSync(p),
    ...over,
  };
}

function refusal(f: () => void): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('checkOutputDir', () => {
  test('a folder that cannot be written (EACCES, EROFS) is refused with exit 2, naming it', () => {
    const dir = join(tmp, 'ro');
    const e = refusal(() => checkOutputDir(dir, '--out', fakeFs({ writeFileSync: (p) => { throw errno('EACCES', p); } })));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`${dir}: cannot write here: permission denied (--out)`);
    const r = refusal(() => checkOutputDir(dir, '--out', fakeFs({ writeFileSync: (p) => { throw errno('EROFS', p); } })));
    expect(r.message).toBe(`${dir}: cannot write here: read-only file system (--out)`);
  });

  test('a folder that cannot be created (EACCES on mkdir) names the part that failed', () => {
    const dir = join(tmp, 'noperm', 'deeper');
    const e = refusal(() => checkOutputDir(dir, '--out', fakeFs({ mkdirSync: (p) => { throw errno('EACCES', p); } })));
    expect(e.message).toBe(`${dir}: cannot create ${join(tmp, 'noperm')}: permission denied (--out)`);
  });

  test('a kernel file system found by statfs type (not by path) is refused', () => {
    const e = refusal(() => checkOutputDir(join(tmp, 'procish'), '--out', fakeFs({ statfsSync: () => ({ type: 0x9fa0 }) })));
    expect(e.message).toMatch(/is on a proc file system, not a place for files/);
  });

  test('a symlink into /proc is refused by its real path', () => {
    const link = join(tmp, 'to-proc');
    fs.symlinkSync('/proc/self', link);
    const e = refusal(() => checkOutputDir(join(link, 'out')));
    expect(e.message).toMatch(/is under \/proc/);
  });

  test('an existing file, a path under a file; a good folder is created and left clean', () => {
    const file = join(tmp, 'f');
    writeFileSync(file, 'x');
    expect(refusal(() => checkOutputDir(file)).message).toBe(`${file}: is a file, not a folder (--out)`);
    expect(refusal(() => checkOutputDir(join(file, 'a', 'b'))).message).toBe(`${join(file, 'a', 'b')}: ${file} is a file, so no folder can be made under it (--out)`);
    const good = join(tmp, 'good', 'a', 'b');
    checkOutputDir(good);
    expect(fs.readdirSync(good)).toEqual([]);
  });
});

describe('saveOutputs', () => {
  test('writes every file; when the folder fails, the files go under os.tmpdir() and the error (exit 1) says where', () => {
    const ok = join(tmp, 'ok');
    saveOutputs(ok, { 'a.txt': 'A', 'sub/b.txt': 'B' }, 'test');
    expect(readFileSync(join(ok, 'sub', 'b.txt'), 'utf8')).toBe('B');

    const file = join(tmp, 'became-a-file');
    writeFileSync(file, 'x');
    const e = refusal(() => saveOutputs(file, { 'result.json': '{"ok":true}\n' }, 'test'));
    expect(e.exitCode).toBe(1);
    const m = /; the results were saved in (\S+) instead$/.exec(e.message);
    expect(m).not.toBeNull();
    expect(e.message.startsWith(file)).toBe(true);
    expect(readFileSync(join(m![1], 'result.json'), 'utf8')).toBe('{"ok":true}\n');
    expect(m![1].startsWith(tmpdir())).toBe(true);
    fs.rmSync(m![1], { recursive: true });
  });

  test('a streamed file (chunks) is written whole, atomically, and again in the fallback folder', () => {
    const chunks = (): Iterable<string> => ['{"a":', '[1,', '2]}', '\n'];
    const ok = join(tmp, 'streamed');
    saveOutputs(ok, { 'result.json': { chunks } }, 'test');
    expect(readFileSync(join(ok, 'result.json'), 'utf8')).toBe('{"a":[1,2]}\n');
    expect(fs.readdirSync(ok).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    const file = join(tmp, 'became-a-file-2');
    writeFileSync(file, 'x');
    const e = refusal(() => saveOutputs(file, { 'result.json': { chunks } }, 'test'));
    const m = /; the results were saved in (\S+) instead$/.exec(e.message);
    expect(readFileSync(join(m![1], 'result.json'), 'utf8')).toBe('{"a":[1,2]}\n');
    fs.rmSync(m![1], { recursive: true });
  });
});
