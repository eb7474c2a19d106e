import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDestination, FileWriteError, writeFileAtomic, writeFilesAtomic, type AtomicIo } from '../../../src/core/files.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

let t: TestDir | undefined;
afterEach(() => t?.remove());

/** node:fs with one call failing with `code` (the way a full disk or a read-only mount fails). */
function failing(call: keyof AtomicIo, code: string, after = 0): AtomicIo {
  let n = 0;
  return new Proxy(fs as unknown as AtomicIo, {
    get(target, key) {
      const real = (target as unknown as Record<string, unknown>)[key as string] as (...a: unknown[]) => unknown;
      if (key !== call) return real;
      return (...args: unknown[]) => {
        if (n++ >= after) throw Object.assign(new Error(`${code}: injected`), { code });
        return real(...args);
      };
    },
  });
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  it('writes through a temporary file and leaves none, with the mode asked for', () => {
    t = testdir({ 'plan.json': 'old' });
    writeFileAtomic(join(t.dir, 'plan.json'), '{"new":1}\n', { mode: 0o600, cwd: t.dir });
    expect(readFileSync(join(t.dir, 'plan.json'), 'utf8')).toBe('{"new":1}\n');
    expect(statSync(join(t.dir, 'plan.json')).mode & 0o777).toBe(0o600);
    expect(leftovers(t.dir)).toEqual([]);
  });

  const cases: Record<string, { reason: string; io?: AtomicIo; file: string; mkdir?: boolean; want: string; errno: string }> = {
    ParentIsAFile: {
      reason: 'a file where a folder should be (.caretaker created as a file)', file: '.caretaker/journal.json', mkdir: true,
      want: 'cannot write .caretaker/journal.json: .caretaker is a file, not a folder', errno: 'EEXIST',
    },
    GrandParentIsAFile: {
      reason: 'a file further up the path', file: '.caretaker/sub/journal.json', mkdir: true,
      want: 'cannot write .caretaker/sub/journal.json: .caretaker is a file, not a folder', errno: 'ENOTDIR',
    },
    NoMkdir: {
      reason: 'the same without creating folders', file: '.caretaker/plan.json',
      want: 'cannot write .caretaker/plan.json: .caretaker is a file, not a folder', errno: 'ENOTDIR',
    },
    MissingFolder: {
      reason: 'a missing folder is named (no mkdir)', file: 'out/plan.json',
      want: 'cannot write out/plan.json: folder out does not exist (ENOENT)', errno: 'ENOENT',
    },
    DiskFull: {
      reason: 'a full disk fails the write of the data', io: failing('writeSync', 'ENOSPC'), file: 'plan.json',
      want: 'cannot write plan.json: no space left on the device: the disk is full (ENOSPC)', errno: 'ENOSPC',
    },
    ReadOnly: {
      reason: 'a read-only file system refuses the temporary file', io: failing('openSync', 'EROFS'), file: 'plan.json',
      want: 'cannot write plan.json: the file system is read-only (EROFS)', errno: 'EROFS',
    },
    FlushFails: {
      reason: 'a failed flush is a failed write', io: failing('fsyncSync', 'EIO'), file: 'plan.json',
      want: 'cannot write plan.json: EIO', errno: 'EIO',
    },
    RenameFails: {
      reason: 'a failed rename keeps the old file', io: failing('renameSync', 'EACCES'), file: 'plan.json',
      want: 'cannot write plan.json: permission denied (EACCES)', errno: 'EACCES',
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    t = testdir({ 'plan.json': 'old', '.caretaker': 'a file' });
    let err: unknown;
    try {
      writeFileAtomic(join(t.dir, c.file), 'new content', { cwd: t.dir, mkdir: c.mkdir, io: c.io });
    } catch (e) {
      err = e;
    }
    expect(err, c.reason).toBeInstanceOf(FileWriteError);
    expect((err as FileWriteError).message, c.reason).toBe(c.want);
    expect((err as FileWriteError).errno).toBe(c.errno);
    // Nothing half-written: the old content stays and no temporary file is left.
    expect(readFileSync(join(t.dir, 'plan.json'), 'utf8')).toBe('old');
    expect(leftovers(t.dir), c.reason).toEqual([]);
  });
});

describe('writeFilesAtomic', () => {
  it('writes every file or none: a failure on the last leaves the first ones untouched', () => {
    t = testdir({ 'exp/stack.yaml': 'old stack' });
    const files = ['stack.yaml', 'redis.yaml', 'pg.yaml'].map((f) => ({ file: join(t!.dir, 'exp', f), data: `new ${f}` }));
    expect(() => writeFilesAtomic(files, { cwd: t!.dir, io: failing('writeSync', 'ENOSPC', 2) })).toThrow(/cannot write exp\/pg\.yaml: .*disk is full/);
    expect(readFileSync(join(t.dir, 'exp/stack.yaml'), 'utf8')).toBe('old stack');
    expect(existsSync(join(t.dir, 'exp/redis.yaml'))).toBe(false);
    expect(leftovers(join(t.dir, 'exp'))).toEqual([]);
    writeFilesAtomic(files, { cwd: t.dir });
    expect(readFileSync(join(t.dir, 'exp/pg.yaml'), 'utf8')).toBe('new pg.yaml');
  });

  it('refuses a target that is a folder before renaming anything', () => {
    t = testdir({ 'exp/a.yaml': 'old a' });
    mkdirSync(join(t.dir, 'exp/b.yaml'));
    const files = [{ file: join(t.dir, 'exp/a.yaml'), data: 'new a' }, { file: join(t.dir, 'exp/b.yaml'), data: 'new b' }];
    expect(() => writeFilesAtomic(files, { cwd: t!.dir })).toThrow('cannot write exp/b.yaml: it is a folder (EISDIR)');
    expect(readFileSync(join(t.dir, 'exp/a.yaml'), 'utf8')).toBe('old a');
    expect(leftovers(join(t.dir, 'exp'))).toEqual([]);
  });
});

describe('checkDestination', () => {
  it('refuses a missing folder and a directory before any work, and accepts a file in an existing folder', async () => {
    t = testdir({ 'sub/keep.txt': 'x' });
    await expect(checkDestination('none/m.prom', t.dir, 'the metrics file')).rejects.toThrow('cannot write the metrics file none/m.prom: folder none does not exist (create it first)');
    await expect(checkDestination('sub', t.dir, 'the report')).rejects.toThrow(FileWriteError);
    await expect(checkDestination('sub', t.dir, 'the report')).rejects.toThrow('cannot write the report sub: it is a directory');
    await expect(checkDestination('sub/m.prom', t.dir, 'the metrics file')).resolves.toBeUndefined();
  });
});
