// The OpenSearch schema (001:4538-4700): its name and nodePrefix patterns, the odd instanceCount as a
// number or the API's string, the disk range and the password, each case with the reason it is refused.
import { describe, expect, it } from 'vitest';
import { docOf, policyOf, diagnosticsOf } from '../../schema-support.js';

const SPEC = `  nodeSizing: 2cpu4gb
  diskSize: 40
  instanceCount: 3
  clusterVersion: "2.11.1"
  nodePrefix: ORDSRCH
  admPassword: \${env:PW}
`;
const lines = (spec: string, name = 'orders_search') => diagnosticsOf(docOf('OpenSearch', name, spec), { PW: 'Orders#Search2026' });

describe('OpenSearch schema', () => {
  it('accepts the documented body, with instanceCount as a number or as the API\'s string (001:4571)', async () => {
    expect(await lines(SPEC)).toEqual([]);
    expect(await lines(SPEC.replace('instanceCount: 3', 'instanceCount: "51"'))).toEqual([]);
  });

  const ODD = 'must be an odd number from 3 to 51 (ITCare 001:4554)';
  const cases: Record<string, { reason: string; spec?: string; name?: string; want: string[] }> = {
    EvenCount: { reason: '"Must be odd" (001:4554)', spec: SPEC.replace('instanceCount: 3', 'instanceCount: 4'), want: [`doc.yaml:8:18: spec.instanceCount: ${ODD} (got 4)`] },
    EvenString: { reason: 'the API\'s pattern [13579]$ (001:4603)', spec: SPEC.replace('instanceCount: 3', 'instanceCount: "8"'), want: [`doc.yaml:8:18: spec.instanceCount: ${ODD} (got "8")`] },
    One: { reason: '"at least be 3" (001:4554)', spec: SPEC.replace('instanceCount: 3', 'instanceCount: 1'), want: [`doc.yaml:8:18: spec.instanceCount: ${ODD} (got 1)`] },
    FiftyThree: { reason: '"Maximum is 51" (001:4554)', spec: SPEC.replace('instanceCount: 3', 'instanceCount: "53"'), want: [`doc.yaml:8:18: spec.instanceCount: ${ODD} (got "53")`] },
    LowerPrefix: {
      reason: 'nodePrefix is "4 to 60 uppercase characters" (001:4555, pattern 001:4637)',
      spec: SPEC.replace('nodePrefix: ORDSRCH', 'nodePrefix: ordsrch'), want: ['doc.yaml:10:15: spec.nodePrefix: must be 4 to 60 uppercase letters, digits, dots or dashes (ITCare 001:4637) (got "ordsrch")'],
    },
    Disk: { reason: '"at least 40 and maximum 1024" (001:4549)', spec: SPEC.replace('diskSize: 40', 'diskSize: 2048'), want: ['doc.yaml:7:13: spec.diskSize: must be <= 1024 (got 2048)'] },
    Name: {
      reason: 'the schema\'s [a-z0-9_\\-] (001:4616) and the prose\'s 5-60 (001:4546)',
      name: 'Search', want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits, underscores or dashes, and not "cluster" (got "Search")'],
    },
    PatchGroup: {
      reason: 'a patch group "is only allowed when the farm has one member" (001:4968)',
      spec: `${SPEC}  patchParty: { patchGroup: "1" }\n`, want: ['doc.yaml:12:29: spec.patchParty.patchGroup: is only allowed when the farm has one member (ITCare 001:4968); an OpenSearch cluster has at least 3 nodes (got "1")'],
    },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await lines(c.spec ?? SPEC, c.name), c.reason).toEqual(c.want);
  });

  it('changes instanceCount and nodeSizing in place; disk, version, network and alerting are immutable', () => {
    const p = policyOf('OpenSearch');
    expect(p.immutable).toEqual(expect.arrayContaining(['/diskSize', '/clusterVersion', '/networkId', '/monitoringAlerting', '/nodePrefix']));
    expect(p.immutable).not.toContain('/instanceCount');
    expect(p.immutable).not.toContain('/nodeSizing');
    expect(p.writeOnly).toEqual(expect.arrayContaining(['/admPassword', '/nodePrefix', '/region', '/area', '/az']));
  });
});
