import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostics.js';
import { fileOnlySourceMap } from '../../../src/manifest/source-map.js';
import { parseManifestText } from '../../../src/manifest/load.js';

const text = [
  'kind: Redis', //                       line 1
  'spec:', //                             line 2
  '  nodeSizng: 2cpu4gb', //              line 3
  '  tags:', //                           line 4
  '    a/b: "x"', //                      line 5
  '  list:', //                           line 6
  '    - one', //                         line 7
  '    - { ref: Redis/other }', //        line 8
  '  empty:', //                          line 9
  '',
].join('\n');

function sourceMap() {
  const diags: Diagnostic[] = [];
  const [doc] = parseManifestText(text, 'r.yaml', diags);
  expect(diags).toEqual([]);
  return doc!.sourceMap;
}

describe('SourceMap', () => {
  const cases: Record<string, { reason: string; pointer: string; key?: boolean; want: [number, number] }> = {
    ScalarValue: { reason: 'a scalar value starts at its first character', pointer: '/spec/nodeSizng', want: [3, 14] },
    Key: { reason: 'unknown-field errors point at the key', pointer: '/spec/nodeSizng', key: true, want: [3, 3] },
    EscapedKey: { reason: 'keys with a slash are escaped as ~1', pointer: '/spec/tags/a~1b', want: [5, 10] },
    SequenceItem: { reason: 'array items are addressed by index', pointer: '/spec/list/0', want: [7, 7] },
    FlowMapValue: { reason: 'flow mappings have positions too', pointer: '/spec/list/1/ref', want: [8, 14] },
    EmptyValue: { reason: 'a key without a value maps to its key', pointer: '/spec/empty', want: [9, 3] },
    UnknownPointer: { reason: 'an unknown pointer falls back to its nearest ancestor', pointer: '/spec/tags/zz/deep', want: [5, 5] },
    KeyFallback: { reason: 'keyRangeOf falls back to the value range when there is no key', pointer: '/spec/list/0', key: true, want: [7, 7] },
    Root: { reason: 'the root is the document start', pointer: '', want: [1, 1] },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const map = sourceMap();
    const range = c.key ? map.keyRangeOf(c.pointer) : map.rangeOf(c.pointer);
    expect(range?.file, c.reason).toBe('r.yaml');
    expect([range?.start.line, range?.start.col], c.reason).toEqual(c.want);
  });

  it('fileOnlySourceMap maps everything to the start of the file', () => {
    expect(fileOnlySourceMap('x.yaml').rangeOf('/a')).toEqual({ file: 'x.yaml', start: { line: 1, col: 1 } });
  });
});
