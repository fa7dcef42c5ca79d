/** cli/errors.ts: user-caused errors are one line; only genuine bugs say "internal error". */
import { describe, expect, jest, test } from '@jest/globals';
import { exitOnError, UserError, userMessage } from '../../cli/errors.js';
import { InputFileError } from '../../sim/scenario/read-bounded.js';
import { detectKind, wrongKindMessage } from '../../cli/file-kind.js';

const errno = (code: string, path: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}, open '${path}'`), { code, path, syscall: 'open' });

describe('userMessage', () => {
  test.each([
    [new UserError('x: bad', 2), { line: 'x: bad', code: 2 }],
    [new InputFileError('a.yaml', 'no such file'), { line: 'a.yaml: no such file', code: 2 }],
    [errno('ENOSPC', '/out/result.json'), { line: '/out/result.json: no space left on the device', code: 1 }],
    [errno('EACCES', '/out'), { line: '/out: permission denied', code: 1 }],
    [errno('EROFS', '/mnt/ro/x'), { line: '/mnt/ro/x: read-only file system', code: 1 }],
    [errno('ENOTDIR', '/etc/passwd/x'), { line: '/etc/passwd/x: a part of the path is a file, not a directory', code: 1 }],
  ])('%s', (e, expected) => {
    expect(userMessage(e)).toEqual(expected);
  });

  test('a genuine bug is not a user message', () => {
    expect(userMessage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(userMessage(Object.assign(new Error('odd'), { code: 'ERR_INTERNAL_ASSERTION' }))).toBeUndefined();
  });
});

describe('exitOnError', () => {
  function capture(e: unknown, argv: string[]): { out: string; code: number | undefined } {
    let out = '';
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    const exit = jest.spyOn(process, 'exit').mockImplementation(((c?: number) => { throw Object.assign(new Error('exit'), { exitCode: c }); }) as never);
    let code: number | undefined;
    try {
      exitOnError(e, argv);
    } catch (x) {
      code = (x as { exitCode?: number }).exitCode;
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
    return { out, code };
  }

  test('a user error: one line, no stack', () => {
    const r = capture(errno('ENOSPC', '/out/result.json'), ['node', 'xensim', 'run', 'a.yaml']);
    expect(r).toEqual({ out: '/out/result.json: no space left on the device\n', code: 1 });
  });

  test('a bug: "internal error", the stack, and how to report it with the command line and the scenario', () => {
    const r = capture(new TypeError('boom'), ['node', 'xensim', 'run', 'my scenario.yaml', '--seed', '3']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^xensim: internal error: TypeError: boom\n\s+at /);
    expect(r.out).toContain("the command line (xensim run 'my scenario.yaml' --seed 3) and the scenario file(s) it names");
    expect(r.out).toContain('This is a bug in xensim');
  });
});

describe('file kinds', () => {
  test('detectKind by top-level keys', () => {
    expect(detectKind('name: x\nhost: { pcpus: 1 }\ndomains: []\n')).toBe('scenario');
    expect(detectKind('base: x.yaml\naxes: {}\n')).toBe('sweep');
    expect(detectKind('name: c\nbefore: []\nafter: []\n')).toBe('consolidation');
    expect(detectKind('# only a comment\n')).toBeUndefined();
    expect(detectKind('domains:\n  - name: x\n    base: 1\n')).toBe('scenario');
  });
  test('the message names the command', () => {
    expect(wrongKindMessage('c.yaml', 'consolidation', 'scenario')).toBe('c.yaml: this is a consolidation file (before:, after:), not a scenario: use xensim compare c.yaml (or xensim plan c.yaml)');
  });
});
