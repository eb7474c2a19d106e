// Manifest discovery that cannot drop a file silently: symlinks followed once, strict encoding,
// size limits, a bounded number of diagnostics per file, duplicate keys found in linear time.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { expandString } from '../../../src/manifest/interpolate.js';
import { loadDocuments, MAX_DIAGNOSTICS_PER_FILE, MAX_FILE_BYTES, parseManifestText } from '../../../src/manifest/load.js';
import { testdir, type TestDir } from './testdir.js';

let t: TestDir | undefined;
afterEach(() => t?.remove());

describe('symbolic links', () => {
  it('follows a symlinked file and a symlinked folder, each file read once', async () => {
    t = testdir({ 'real/a.yaml': 'kind: A\n', 'elsewhere/b.yaml': 'kind: B\n' });
    mkdirSync(path.join(t.dir, 'set'));
    symlinkSync(path.join(t.dir, 'real/a.yaml'), path.join(t.dir, 'set/a.yaml'));
    symlinkSync(path.join(t.dir, 'real/a.yaml'), path.join(t.dir, 'set/a-again.yaml'));
    symlinkSync(path.join(t.dir, 'elsewhere'), path.join(t.dir, 'set/linked'));
    const r = await loadDocuments(['set'], { cwd: t.dir });
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => (d.value as { kind: string }).kind).sort()).toEqual(['A', 'B']);
    expect(r.files).toHaveLength(2);
  });

  it('walks a symlink loop once and terminates', async () => {
    t = testdir({ 'set/a.yaml': 'kind: A\n' });
    symlinkSync(path.join(t.dir, 'set'), path.join(t.dir, 'set/loop'));
    const r = await loadDocuments(['set'], { cwd: t.dir });
    expect(r.documents).toHaveLength(1);
  });

  it('reports a broken symlink to a manifest instead of skipping it', async () => {
    t = testdir({ 'set/a.yaml': 'kind: A\n' });
    symlinkSync(path.join(t.dir, 'gone.yaml'), path.join(t.dir, 'set/b.yaml'));
    const r = await loadDocuments(['set'], { cwd: t.dir });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['broken symbolic link: set/b.yaml']);
  });
});

describe('encoding and size', () => {
  it('refuses invalid UTF-8 with its line and column', async () => {
    t = testdir({});
    writeFileSync(path.join(t.dir, 'bad.yaml'), Buffer.concat([Buffer.from('kind: A\nname: x'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const r = await loadDocuments(['bad.yaml'], { cwd: t.dir });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['bad.yaml:2:8: invalid UTF-8: manifests must be UTF-8 text']);
    expect(r.documents).toEqual([]);
  });

  it('refuses a binary file in one line', async () => {
    t = testdir({});
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    writeFileSync(path.join(t.dir, 'blob.yaml'), junk);
    const r = await loadDocuments(['blob.yaml'], { cwd: t.dir });
    expect(r.diagnostics).toHaveLength(1);
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(/^blob\.yaml:\d+:\d+: binary file/);
  });

  it('refuses a file above the size limit, naming it', async () => {
    t = testdir({});
    writeFileSync(path.join(t.dir, 'huge.yaml'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    const r = await loadDocuments(['.'], { cwd: t.dir });
    expect(r.diagnostics.map(formatDiagnostic)[0]).toMatch(/^huge\.yaml is \d+ bytes: larger than the 8 MiB limit/);
  });

  it('caps the diagnostics of one file', () => {
    const text = Array.from({ length: 50 }, (_, i) => `k${i}: [\n`).join('---\n');
    const diags: never[] = [];
    parseManifestText(text, 'many.yaml', diags);
    expect(diags.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE + 1);
  });
});

describe('duplicate keys', () => {
  it('are still reported with their position, in nested maps too', () => {
    const diags: never[] = [];
    parseManifestText('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n', 'd.yaml', diags);
    expect((diags as Parameters<typeof formatDiagnostic>[0][]).map(formatDiagnostic).sort()).toEqual([
      'd.yaml:4:3: duplicate key "c"',
      'd.yaml:5:1: duplicate key "a"',
    ]);
  });

  it('are found in maps inside lists and in flow maps', () => {
    const diags: never[] = [];
    parseManifestText('list:\n  - a: 1\n    a: 2\n  - { b: 1, b: 2 }\n  - [ { c: 1, d: 2 } ]\n', 'l.yaml', diags);
    expect((diags as Parameters<typeof formatDiagnostic>[0][]).map(formatDiagnostic).sort()).toEqual([
      'l.yaml:3:5: duplicate key "a"',
      'l.yaml:4:13: duplicate key "b"',
    ]);
  });

  it('do not confuse 1 and "1"... but do catch quoted repeats', () => {
    const diags: never[] = [];
    parseManifestText('"x": 1\nx: 2\n', 'q.yaml', diags);
    expect(diags).toHaveLength(1);
  });

  it('are checked in linear time: a 40,000-key map parses (no quadratic check)', () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `key${i}: ${i}`).join('\n');
    const diags: never[] = [];
    const docs = parseManifestText(text, 'big.yaml', diags);
    expect(diags).toEqual([]);
    expect(Object.keys(docs[0]!.value as object)).toHaveLength(40_000);
  });
});

describe('${file:…} confinement', () => {
  it('refuses absolute paths, escapes, links out of the root and special files', () => {
    t = testdir({ 'root/sub/m.yaml': '', 'root/ok.txt': 'fine\n', 'outside.txt': 'secret\n' });
    const root = path.join(t.dir, 'root');
    const base = path.join(root, 'sub');
    symlinkSync(path.join(t.dir, 'outside.txt'), path.join(base, 'link.txt'));
    symlinkSync(path.join(root, 'ok.txt'), path.join(base, 'inner-link.txt'));
    const problems = (p: string) => expandString(`\${file:${p}}`, {}, base, root).problems;
    expect(expandString('${file:../ok.txt}', {}, base, root)).toEqual({ text: 'fine', interpolated: true, public: false, problems: [] });
    expect(expandString('${file:inner-link.txt}', {}, base, root).text).toBe('fine');
    expect(problems('/etc/hostname')[0]).toMatch(/absolute path not allowed/);
    expect(problems('../../outside.txt')[0]).toMatch(/points outside the manifest root/);
    expect(problems('../../../../../../etc/hostname')[0]).toMatch(/points outside the manifest root/);
    expect(problems('link.txt')[0]).toMatch(/symbolic link to a file outside the manifest root/);
    expect(problems('.')[0]).toMatch(/is not a regular file/);
  });
});
