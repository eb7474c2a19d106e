import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../../src/core/diagnostics.js';
import { Secret, isSecret } from '../../../src/core/secret.js';
import { expandString, interpolate } from '../../../src/manifest/interpolate.js';
import { parseManifestText } from '../../../src/manifest/load.js';
import { testdir, type TestDir } from './testdir.js';

let t: TestDir | undefined;
afterEach(() => t?.remove());

describe('expandString', () => {
  const env = { A: 'alpha', B: 'beta', EMPTY: '' };
  const cases: Record<string, { reason: string; input: string; want: string; interpolated: boolean; problems?: string[] }> = {
    NoToken: { reason: 'plain strings are untouched', input: 'x', want: 'x', interpolated: false },
    Env: { reason: 'an env variable', input: '${env:A}', want: 'alpha', interpolated: true },
    Several: { reason: 'several interpolations in one string', input: '${env:A}-${env:B}!', want: 'alpha-beta!', interpolated: true },
    EmptyValue: { reason: 'an empty variable is set', input: '[${env:EMPTY}]', want: '[]', interpolated: true },
    Escape: { reason: '$${ is a literal ${', input: 'cost $${env:A}', want: 'cost ${env:A}', interpolated: false },
    EscapeAndToken: { reason: 'an escape next to a real token', input: '$${x} ${env:B}', want: '${x} beta', interpolated: true },
    Missing: { reason: 'a missing variable is named', input: '${env:NOPE}', want: '', interpolated: true, problems: ['environment variable NOPE is not set'] },
    BadName: { reason: 'a variable name must be an identifier', input: '${env:1X}', want: '', interpolated: true, problems: ['invalid environment variable name in "${env:1X}"'] },
    Unknown: { reason: 'only env and file exist', input: '${vault:x}', want: '', interpolated: true, problems: ['unknown interpolation "${vault:x}": expected ${env:NAME} or ${file:path}'] },
    Unterminated: { reason: 'a ${ without } is an error', input: 'a ${env:A', want: 'a ${env:A', interpolated: false, problems: ['unterminated interpolation: missing "}" after "${"'] },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const r = expandString(c.input, env, '/nonexistent');
    expect(r.text, c.reason).toBe(c.want);
    expect(r.interpolated, c.reason).toBe(c.interpolated);
    expect(r.problems, c.reason).toEqual(c.problems ?? []);
  });

  it('reads files relative to the base directory and trims trailing newlines', () => {
    t = testdir({ 'secrets/pw.txt': 's3cret\n\n', 'crlf.txt': 'x\r\n' });
    expect(expandString('${file:secrets/pw.txt}', {}, t.dir)).toEqual({ text: "s3cret", interpolated: true, public: false, problems: [] });
    expect(expandString('<${file:crlf.txt}>', {}, t.dir).text).toBe('<x>');
    expect(expandString('${file:nope.txt}', {}, t.dir).problems).toEqual(['file not found: nope.txt']);
    expect(expandString('${file:secrets}', {}, t.dir).problems).toEqual(['${file:secrets} is not a regular file']);
  });

  // Issue 20 item 4: a file fed into a secret is text. A binary file used to be accepted with U+FFFD in
  // place of its bytes; the problem names the file and a position, never the content.
  const files: Record<string, { bytes: number[] | string; problem?: string; text?: string }> = {
    'NUL and invalid UTF-8 (a binary file)': { bytes: [0x73, 0x00, 0xff, 0xfe, 0x41], problem: '${file:f.bin} is not text: it is not valid UTF-8 (a binary file?)' },
    'invalid UTF-8 alone': { bytes: [0x61, 0x62, 0xc3, 0x28], problem: '${file:f.bin} is not text: it is not valid UTF-8 (a binary file?)' },
    'a NUL byte in valid UTF-8': { bytes: 'pass\u0000word', problem: '${file:f.bin} is not text: a control character (U+0000) at character 5; only a final newline is allowed' },
    'a tab': { bytes: 'pass\tword\n', problem: '${file:f.bin} is not text: a control character (U+0009) at character 5; only a final newline is allowed' },
    'a newline inside': { bytes: 'line1\nline2\n', problem: '${file:f.bin} is not text: a control character (U+000A) at character 6; only a final newline is allowed' },
    'a byte order mark': { bytes: '\uFEFFS3cret!pass', problem: '${file:f.bin} is not text: a byte order mark (U+FEFF) at character 1; only a final newline is allowed' },
    'a C1 control after non-ASCII text': { bytes: 'mot–de–passe\u0085', problem: '${file:f.bin} is not text: a control character (U+0085) at character 13; only a final newline is allowed' },
    'final newlines (CRLF too) are trimmed': { bytes: 'S3cret–pass\r\n\n', text: 'S3cret–pass' },
  };
  it.each(Object.entries(files))('${file:} with %s', (_n, c) => {
    t = testdir({});
    writeFileSync(path.join(t.dir, 'f.bin'), typeof c.bytes === 'string' ? Buffer.from(c.bytes, 'utf8') : Buffer.from(c.bytes));
    const r = expandString('${file:f.bin}', {}, t.dir);
    expect(r.problems).toEqual(c.problem ? [c.problem] : []);
    if (c.text !== undefined) expect(r.text).toBe(c.text);
  });
});

describe('interpolate', () => {
  const text = [
    'kind: Redis',
    'metadata:',
    '  name: ${env:NAME}',
    'spec:',
    '  admPassword: ${env:PW}',
    '  region: ${env:REGION}',
    '  list: ["${env:MISSING}", plain, 3]',
    '  note: "$${literal}"',
    '',
  ].join('\n');

  function run(env: Record<string, string | undefined>) {
    const diags: Diagnostic[] = [];
    const [doc] = parseManifestText(text, 'r.yaml', diags);
    return interpolate(doc!.value, {
      env,
      baseDir: '/nonexistent',
      sourceMap: doc!.sourceMap,
      plain: (p) => !p.startsWith('/spec/') || p === '/spec/region',
    });
  }

  it('turns interpolated strings into Secrets unless the field is plain', () => {
    const r = run({ NAME: 'orders', PW: 'Sup3r$ecret!!', REGION: 'EB', MISSING: 'm' });
    expect(r.diagnostics).toEqual([]);
    const v = r.value as { metadata: { name: unknown }; spec: Record<string, unknown> };
    expect(v.metadata.name).toBe('orders');
    expect(v.spec.region).toBe('EB');
    expect(v.spec.note).toBe('${literal}');
    expect(isSecret(v.spec.admPassword)).toBe(true);
    expect((v.spec.admPassword as Secret).reveal()).toBe('Sup3r$ecret!!');
    expect((v.spec.list as unknown[])[0]).toBeInstanceOf(Secret);
    expect((v.spec.list as unknown[]).slice(1)).toEqual(['plain', 3]);
    expect(JSON.stringify(v.spec)).not.toContain('Sup3r');
    expect(JSON.stringify(v.spec.admPassword)).toBe('"(sensitive)"');
  });

  it('reports each missing variable at its string, naming it and never a value', () => {
    const r = run({ PW: 'Sup3r$ecret!!' });
    expect(r.diagnostics.every((d) => d.code === 'interpolation')).toBe(true);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'r.yaml:3:9: environment variable NAME is not set',
      'r.yaml:6:11: environment variable REGION is not set',
      'r.yaml:7:10: environment variable MISSING is not set',
    ]);
    expect(JSON.stringify(r.diagnostics)).not.toContain('Sup3r');
  });
});
