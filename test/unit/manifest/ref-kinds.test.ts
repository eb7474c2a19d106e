// checkRefKinds: a `{ref}` whose target kind its field does not allow (schema x-ref-kinds) is an error
// at the ref, naming the allowed kinds and the target.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type SourceRange } from '../../../src/core/diagnostics.js';
import { checkRefKinds, type ResourceEntry } from '../../../src/manifest/references.js';

const at = (file: string, line: number, col = 1): SourceRange => ({ file, start: { line, col } });

function entry(address: string, refs: Array<[pointer: string, target: string, line: number]>): ResourceEntry {
  const [kind, name] = address.split('/') as [string, string];
  const file = `${name}.yaml`;
  return {
    address, kind, name, file, serviceId: 1,
    references: refs.map(([pointer, target, line]) => ({ target, pointer, range: at(file, line, 14) })),
  };
}

const RULES: Record<string, Record<string, string[]>> = {
  LoadBalancer: { '/cluster': ['KubernetesCluster'], '/members/*/resource': ['KubernetesCluster', 'Redis'] },
  Tags: { '/resource': ['KubernetesCluster', 'LoadBalancer', 'PostgreSQL', 'Redis'] },
};

describe('checkRefKinds', () => {
  const cases: Record<string, { reason: string; entries: ResourceEntry[]; want: string[] }> = {
    wrongKind: {
      reason: 'a single allowed kind reads "a KubernetesCluster"',
      entries: [entry('LoadBalancer/web', [['/cluster', 'Redis/orders-cache', 7]])],
      want: ['web.yaml:7:14: cluster must reference a KubernetesCluster, not Redis/orders-cache'],
    },
    listItem: {
      reason: '`*` patterns match list items; several kinds are listed with "or"',
      entries: [entry('LoadBalancer/web', [['/members/1/resource', 'PostgreSQL/db', 9]])],
      want: ['web.yaml:9:14: members.1.resource must reference a KubernetesCluster or Redis, not PostgreSQL/db'],
    },
    governance: {
      reason: 'a Tags document cannot point at another governance document',
      entries: [entry('Tags/t', [['/resource', 'PatchPolicy/p', 4]])],
      want: ['t.yaml:4:14: resource must reference a KubernetesCluster, LoadBalancer, PostgreSQL or Redis, not PatchPolicy/p'],
    },
    allowed: {
      reason: 'an allowed kind is fine',
      entries: [entry('LoadBalancer/web', [['/cluster', 'KubernetesCluster/k', 7], ['/members/0/resource', 'Redis/r', 8]])],
      want: [],
    },
    unrestricted: {
      reason: 'a field without x-ref-kinds, or a kind without rules, takes any kind',
      entries: [entry('LoadBalancer/web', [['/other', 'Redis/r', 7]]), entry('Redis/r', [['/x', 'Tags/t', 3]])],
      want: [],
    },
    deeper: {
      reason: 'a pattern matches only pointers of its own length (a ref nested deeper is another field)',
      entries: [entry('LoadBalancer/web', [['/cluster/inner', 'Redis/r', 7]])],
      want: [],
    },
    malformed: {
      reason: 'a malformed address is left to checkDangling',
      entries: [entry('LoadBalancer/web', [['/cluster', 'nonsense', 7]])],
      want: [],
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const diags = checkRefKinds(c.entries, (kind) => RULES[kind]);
    expect(diags.map(formatDiagnostic), c.reason).toEqual(c.want);
    for (const d of diags) expect(d).toMatchObject({ severity: 'error', code: 'reference' });
  });

  it('reports at the ref value with the address and the pointer of the ref', () => {
    const [d] = checkRefKinds([entry('LoadBalancer/web', [['/cluster', 'Redis/r', 7]])], (k) => RULES[k]);
    expect(d).toMatchObject({ address: 'LoadBalancer/web', path: '/spec/cluster/ref', range: at('web.yaml', 7, 14) });
  });
});
