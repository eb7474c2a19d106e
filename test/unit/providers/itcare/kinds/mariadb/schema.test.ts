// The MariaDB schema (001:12123-12300): the create body's names, patterns and ranges, each case with
// the reason it is refused, reported at file:line:col before any request.
import { describe, expect, it } from 'vitest';
import { docOf, policyOf, diagnosticsOf } from '../../schema-support.js';

const SPEC = `  nodeSizing: 2cpu4gb
  diskSize: 40
  instanceCount: 1
  topology: SINGLE
  version: "10.6"
  admPassword: \${env:PW}
`;
const ENV = { PW: 'Orders#Maria2026' };
const lines = (spec: string, name = 'orders-maria') => diagnosticsOf(docOf('MariaDB', name, spec), ENV);

describe('MariaDB schema', () => {
  it('accepts the documented create body with the stack defaults', async () => {
    expect(await lines(SPEC)).toEqual([]);
    expect(await lines(SPEC.replace('instanceCount: 1\n  topology: SINGLE', 'instanceCount: 3\n  topology: cluster'))).toEqual([]);
  });

  const cases: Record<string, { reason: string; spec?: string; name?: string; env?: string; want: string[] }> = {
    ShortName: {
      reason: 'the prose says 5-60 characters (001:12132), the schema 4-60 (001:12209): both hold',
      name: 'mari', want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits or dashes, and not "cluster" (got "mari")'],
    },
    ClusterName: {
      reason: "\"It must not be the keyword 'cluster'\" (001:12132)",
      name: 'cluster', want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits or dashes, and not "cluster" (got "cluster")'],
    },
    UpperCaseName: {
      reason: 'lowercase only, although the sample is Test123 (001:12155)',
      name: 'Orders-Maria', want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits or dashes, and not "cluster" (got "Orders-Maria")'],
    },
    DiskTooSmall: {
      reason: '"at least 40 and maximum 1024" GB (001:12134)',
      spec: SPEC.replace('diskSize: 40', 'diskSize: 30'), want: ['doc.yaml:7:13: spec.diskSize: must be >= 40 (got 30)'],
    },
    FourInstances: {
      reason: '"Minimum 1 and maximum 3" (001:12139)',
      spec: SPEC.replace('instanceCount: 1\n  topology: SINGLE', 'instanceCount: 4\n  topology: CLUSTER'),
      want: [
        'doc.yaml:8:18: spec.instanceCount: must be 3 for topology CLUSTER (a Galera cluster of 3 nodes, ITCare 001:978) (got 4) (when topology is CLUSTER)',
        'doc.yaml:8:18: spec.instanceCount: must be <= 3 (got 4)',
      ],
    },
    SingleOfTwo: {
      reason: 'a SINGLE topology is a standalone instance (001:976)',
      spec: SPEC.replace('instanceCount: 1', 'instanceCount: 2'),
      want: ['doc.yaml:8:18: spec.instanceCount: must be 1 for topology SINGLE (a standalone instance, ITCare 001:976) (got 2) (when topology is SINGLE)'],
    },
    Topology: {
      reason: '"Either single or cluster" (001:12140)',
      spec: SPEC.replace('topology: SINGLE', 'topology: galera'), want: ['doc.yaml:9:13: spec.topology: must be one of SINGLE, CLUSTER (got "galera")'],
    },
    Password: {
      reason: 'the admin password pattern (001:12170) wants a special character; the message never shows the value',
      env: 'Orders2026Maria', want: ['doc.yaml:11:16: spec.admPassword: does not meet the password rule: 12 to 20 characters with at least one lowercase letter, one uppercase letter, one digit and one special character among !@#&()–{}:;\',?/*~$^+=<> (the dash is U+2013, not \'-\')'],
    },
    GaleraPatchGroup: {
      reason: 'a patch group "is only allowed when the farm has one member" (001:12542)',
      spec: `${SPEC.replace('instanceCount: 1\n  topology: SINGLE', 'instanceCount: 3\n  topology: CLUSTER')}  patchParty: { patchGroup: "2" }\n`,
      want: ['doc.yaml:12:29: spec.patchParty.patchGroup: is only allowed when the farm has one member (ITCare 001:12542); a Galera cluster has 3 (got "2") (when topology is CLUSTER)'],
    },
    Sizing: {
      reason: 'a sizing reads like 2cpu4gb (001:12133)',
      spec: SPEC.replace('nodeSizing: 2cpu4gb', 'nodeSizing: large'), want: ['doc.yaml:6:15: spec.nodeSizing: must look like 2cpu4gb (got "large")'],
    },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const got = await diagnosticsOf(docOf('MariaDB', c.name ?? 'orders-maria', c.spec ?? SPEC), { PW: c.env ?? ENV.PW });
    expect(got, c.reason).toEqual(c.want);
  });

  it('compares topology without case, never the write-only create fields, and replaces on an immutable one', () => {
    const p = policyOf('MariaDB');
    expect(p.caseInsensitive).toEqual(['/topology']);
    expect(p.writeOnly).toEqual(expect.arrayContaining(['/admPassword', '/region', '/area', '/az', '/platform']));
    expect(p.immutable).toEqual(expect.arrayContaining(['/diskSize', '/instanceCount', '/topology', '/version', '/networkId', '/monitoringAlerting']));
    expect(p.immutable).not.toContain('/nodeSizing');
    expect(p.sensitive).toEqual(['/admPassword']);
  });
});
