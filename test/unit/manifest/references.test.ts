import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type SourceRange } from '../../../src/core/diagnostics.js';
import { Secret } from '../../../src/core/secret.js';
import { checkCycles, checkDangling, checkDuplicates, findReferences, type ResourceEntry } from '../../../src/manifest/references.js';
import { suggest } from '../../../src/schema/suggest.js';

const at = (file: string, line: number, col = 1): SourceRange => ({ file, start: { line, col } });

function entry(address: string, refs: Array<[string, number]> = [], extra: Partial<ResourceEntry> = {}): ResourceEntry {
  const [kind, name] = address.split('/') as [string, string];
  const file = `${name}.yaml`;
  return {
    address, kind, name, file, range: at(file, 4, 9), serviceId: 1,
    references: refs.map(([target, line], i) => ({ target, pointer: `/r${i}`, range: at(file, line, 10) })),
    ...extra,
  };
}

describe('findReferences', () => {
  it('finds every object whose only key is ref, with its pointer inside the spec', () => {
    const spec = {
      cluster: { ref: 'KubernetesCluster/web' },
      notRef: { ref: 'X/y', other: 1 },
      list: [{ resource: { ref: 'Redis/a' } }, 'x'],
      'a/b': { ref: 'Redis/b' },
      hidden: { ref: new Secret('Redis/c') },
    };
    expect(findReferences(spec)).toEqual([
      { target: 'KubernetesCluster/web', pointer: '/cluster' },
      { target: 'Redis/a', pointer: '/list/0/resource' },
      { target: 'Redis/b', pointer: '/a~1b' },
      { target: '', pointer: '/hidden' },
    ]);
  });

  it('finds a ref beside other fields only where the schema declares a ref field (a pool member {ref, port})', () => {
    const spec = {
      members: [{ ref: 'VirtualMachine/PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 80 }, { ref: new Secret('VirtualMachine/x'), port: 81 }],
      other: { ref: 'X/y', port: 1 },
    };
    expect(findReferences(spec, '', ['/members/*'])).toEqual([
      { target: 'VirtualMachine/PEB4APP01', pointer: '/members/0' },
      { target: '', pointer: '/members/2' },
    ]);
    expect(findReferences(spec)).toEqual([]);
  });
});

describe('checkDangling', () => {
  it('reports a reference to no resource of the set, with did-you-mean, at the ref', () => {
    const set = [entry('Redis/orderscache'), entry('Tags/t', [['Redis/orderscahe', 6], ['Redis/zzzzzzzzzz', 7], ['nonsense', 8]])];
    const diags = checkDangling(set, suggest);
    expect(diags.every((d) => d.code === 'reference' && d.address === 'Tags/t')).toBe(true);
    expect(diags.map(formatDiagnostic)).toEqual([
      't.yaml:6:10: reference to Redis/orderscahe: no such resource in the manifests; did you mean "Redis/orderscache"?',
      't.yaml:7:10: reference to Redis/zzzzzzzzzz: no such resource in the manifests',
      't.yaml:8:10: ref must be a literal "Kind/name" address, e.g. Redis/orders-cache',
    ]);
  });
});

describe('checkCycles', () => {
  it('reports a cycle once, listing it, at its first edge', () => {
    const set = [entry('A/a', [['B/b', 5]]), entry('B/b', [['C/c', 6]]), entry('C/c', [['A/a', 7]]), entry('D/d', [['A/a', 8]])];
    expect(checkCycles(set).map(formatDiagnostic)).toEqual(['a.yaml:5:10: reference cycle: A/a -> B/b -> C/c -> A/a']);
  });

  it('reports a self-reference', () => {
    expect(checkCycles([entry('A/a', [['A/a', 9]])]).map(formatDiagnostic)).toEqual(['a.yaml:9:10: reference cycle: A/a -> A/a']);
  });

  it('accepts a graph without cycles and ignores dangling edges', () => {
    expect(checkCycles([entry('A/a', [['B/b', 5], ['X/x', 6]]), entry('B/b')])).toEqual([]);
  });
});

describe('checkDuplicates', () => {
  it('reports the later of two same identities, naming the first', () => {
    const first = entry('Redis/orderscache', [], { file: 'a.yaml', range: at('a.yaml', 4, 9) });
    const second = entry('Redis/orderscache', [], { file: 'b.yaml', range: at('b.yaml', 12, 9) });
    const other = entry('Redis/orderscache', [], { file: 'c.yaml', range: at('c.yaml', 2, 9), serviceId: 2 });
    const diags = checkDuplicates([first, second, other]);
    expect(diags.every((d) => d.code === 'duplicate')).toBe(true);
    expect(diags.map(formatDiagnostic)).toEqual([
      'b.yaml:12:9: duplicate resource Redis/orderscache: same kind, serviceId and name as the one at a.yaml:4',
      'c.yaml:2:9: duplicate address Redis/orderscache: already used at a.yaml:4 (names must be unique per kind in a stack)',
    ]);
  });
});
