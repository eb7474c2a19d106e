// Files replaced as a whole: a failed write leaves the old file as it was and no temporary file behind;
// destinations are checked before any work.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDestination, OutputFileError, writeFileAtomic } from '../../../src/core/atomic-file.js';

describe('writeFileAtomic', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'caretaker-atomic-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('replaces the file with the new text, keeping the mode asked for', async () => {
    const d = tmp();
    writeFileSync(join(d, 'h.json'), 'old');
    await writeFileAtomic('h.json', 'new', { cwd: d, mode: 0o600 });
    expect(readFileSync(join(d, 'h.json'), 'utf8')).toBe('new');
    expect(statSync(join(d, 'h.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['h.json']);
  });

  it('a failed rename leaves the destination as it was and removes the temporary file', async () => {
    const d = tmp();
    mkdirSync(join(d, 'h.json'));
    writeFileSync(join(d, 'h.json', 'inside'), 'kept');
    await expect(writeFileAtomic('h.json', 'new', { cwd: d, what: 'the history file' })).rejects.toThrow(OutputFileError);
    await expect(writeFileAtomic('h.json', 'new', { cwd: d, what: 'the history file' })).rejects.toThrow(/^cannot write the history file h\.json: E/);
    expect(readFileSync(join(d, 'h.json', 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(d)).toEqual(['h.json']);
  });

  it('checkDestination refuses a missing folder and a directory, before any work', async () => {
    const d = tmp();
    mkdirSync(join(d, 'sub'));
    await expect(checkDestination('none/m.prom', d, 'the metrics file')).rejects.toThrow('cannot write the metrics file none/m.prom: folder none does not exist (create it first)');
    await expect(checkDestination('sub', d, 'the report')).rejects.toThrow('cannot write the report sub: it is a directory');
    await expect(checkDestination('sub/m.prom', d, 'the metrics file')).resolves.toBeUndefined();
  });
});
