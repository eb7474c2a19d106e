import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../../src/core/diagnostics.js';
import { displayName, loadDocuments, parseManifestText } from '../../../src/manifest/load.js';
import { testdir, type TestDir } from './testdir.js';

let t: TestDir | undefined;
afterEach(() => t?.remove());

describe('loadDocuments', () => {
  it('reads directories recursively in sorted order, skipping dot-directories, node_modules and other files', async () => {
    t = testdir({
      'b.yaml': 'kind: B\n',
      'a/z.yml': 'kind: AZ\n',
      'a/c.YAML': 'kind: AC\n',
      '.hidden/x.yaml': 'kind: Hidden\n',
      'node_modules/m.yaml': 'kind: Module\n',
      'notes.txt': 'kind: Text\n',
    });
    const r = await loadDocuments(['.'], { cwd: t.dir });
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual(['a/c.YAML', 'a/z.yml', 'b.yaml']);
    expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(['AC', 'AZ', 'B']);
  });

  it('reads a file named explicitly whatever its extension, once even when named twice', async () => {
    t = testdir({ 'm.txt': 'kind: X\n' });
    const r = await loadDocuments(['m.txt', './m.txt'], { cwd: t.dir });
    expect(r.files).toEqual(['m.txt']);
    expect(r.documents).toHaveLength(1);
  });

  it('reports a missing path without stopping', async () => {
    t = testdir({ 'ok.yaml': 'kind: X\n' });
    const r = await loadDocuments(['missing', 'ok.yaml'], { cwd: t.dir });
    expect(r.diagnostics.map((d) => [d.code, formatDiagnostic(d)])).toEqual([['path', 'no such file or directory: missing']]);
    expect(r.documents).toHaveLength(1);
  });

  it('splits multi-document files, skips empty documents and keeps the document index', async () => {
    t = testdir({ 'm.yaml': '---\nkind: A\n---\n# nothing\n---\n---\nkind: B\n' });
    const r = await loadDocuments(['m.yaml'], { cwd: t.dir });
    expect(r.documents.map((d) => [d.index, (d.value as { kind: string }).kind])).toEqual([[0, 'A'], [3, 'B']]);
  });

  it('reports every YAML error of every file with its line and column', async () => {
    t = testdir({
      'one.yaml': 'kind: A\nspec:\n  list: [1, 2\n',
      'two.yaml': 'kind: B\n---\nmetadata:\n  name: x\n  name: y\n',
    });
    const r = await loadDocuments(['.'], { cwd: t.dir });
    expect(r.diagnostics.every((d) => d.code === 'yaml' && d.severity === 'error')).toBe(true);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^one\.yaml:4:1: yaml: /),
      'two.yaml:5:3: duplicate key "name"',
    ]);
    // The valid first document of two.yaml is still returned; the broken ones are not.
    expect(r.documents.map((d) => [d.file, d.index])).toEqual([['two.yaml', 0]]);
  });

  it('a line indented more than the key above it (which has a value) is one error, at that line, saying how to fix it', () => {
    const cases: Record<string, { text: string; want: string[] }> = {
      Sibling: {
        text: 'spec:\n  nodeSizing: 2cpu4gb\n    diskSize: 40\n  instanceCount: 1\n',
        want: ['r.yaml:3:5: yaml: this line is indented more than "nodeSizing:" on line 2, which already has a value; indent it to column 3, like nodeSizing, to make it a sibling (or move nodeSizing\'s value off its line to nest it)'],
      },
      InList: {
        text: 'members:\n  - name: a\n\n      port: 80\n',
        want: ['r.yaml:4:7: yaml: this line is indented more than "name:" on line 2, which already has a value; indent it to column 5, like name, to make it a sibling (or move name\'s value off its line to nest it)'],
      },
      Dedented: {
        text: 'spec:\n  a: 1\n b: 2\n',
        want: ['r.yaml:3:1: yaml: all mapping items must start at the same column'],
      },
    };
    for (const [name, c] of Object.entries(cases)) {
      const diags: Diagnostic[] = [];
      parseManifestText(c.text, 'r.yaml', diags);
      expect(diags.map(formatDiagnostic), name).toEqual(c.want);
    }
  });

  it('names files relative to cwd when inside it and absolute otherwise', () => {
    expect(displayName('/a/b/c.yaml', '/a')).toBe(path.join('b', 'c.yaml'));
    expect(displayName('/x/c.yaml', '/a')).toBe('/x/c.yaml');
  });
});

describe('parseManifestText', () => {
  it('maps values to their source positions', () => {
    const diags: never[] = [];
    const [doc] = parseManifestText('kind: Redis\nspec:\n  diskSize: 20\n', 'r.yaml', diags);
    expect(doc?.sourceMap.rangeOf('/spec/diskSize')).toEqual({ file: 'r.yaml', start: { line: 3, col: 13 }, end: { line: 3, col: 15 } });
  });
});
