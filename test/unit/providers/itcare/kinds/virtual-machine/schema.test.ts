// The VirtualMachine schema (001:3100-3330): the create body's names (resourceId is the sizing,
// platform the image), the host name rule, the numeric patch group, each case with its reason.
import { describe, expect, it } from 'vitest';
import { docOf, policyOf, diagnosticsOf } from '../../schema-support.js';

const SPEC = `  platform: deb12
  resourceId: 2cpu4gb
`;
const lines = (spec: string, name = 'PEB4APP11') => diagnosticsOf(docOf('VirtualMachine', name, spec));

describe('VirtualMachine schema', () => {
  it('accepts the documented minimum (001:3107-3115) with the stack defaults, and a numeric patch group (001:3910)', async () => {
    expect(await lines(SPEC)).toEqual([]);
    expect(await lines(`${SPEC}  patchParty: { excluded: false, patchGroup: 3 }\n  volumes: [{ id: data, sizeGb: 50 }]\n`)).toEqual([]);
  });

  const cases: Record<string, { reason: string; spec?: string; name?: string; want: string[] }> = {
    NoPlatform: { reason: 'platform is Required (001:3226)', spec: '  resourceId: 2cpu4gb\n', want: ['doc.yaml:5:1: spec.platform: required field is missing'] },
    Sizing: {
      reason: 'resourceId is the sizing, e.g. 1cpu2gb (001:3248)',
      spec: SPEC.replace('resourceId: 2cpu4gb', 'resourceId: medium'), want: ['doc.yaml:7:15: spec.resourceId: must look like 2cpu4gb (got "medium")'],
    },
    HostName: {
      reason: 'the name is the hostname (001:3204): no underscore or dot',
      name: 'peb4_app.01', want: ['doc.yaml:4:9: metadata.name: must be a host name: 1 to 63 letters, digits or dashes, starting with a letter or a digit (got "peb4_app.01")'],
    },
    PatchGroup: {
      reason: 'there are 3 groups (001:3908)',
      spec: `${SPEC}  patchParty: { patchGroup: 4 }\n`, want: ['doc.yaml:8:29: spec.patchParty.patchGroup: must be one of 1, 2, 3 (got 4)'],
    },
    ExcludedWithoutReason: {
      reason: '"an explanation must be given" to exclude an instance (001:3895)',
      spec: `${SPEC}  patchParty: { excluded: true }\n`, want: ['doc.yaml:8:3: spec.patchParty.exclusionReason: required field is missing (when excluded is true)'],
    },
    Volume: {
      reason: 'a volume is its id and size in GB',
      spec: `${SPEC}  volumes: [{ id: data }]\n`, want: ['doc.yaml:8:13: spec.volumes.0.sizeGb: required field is missing'],
    },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await lines(c.spec ?? SPEC, c.name), c.reason).toEqual(c.want);
  });

  it('changes sizing, monitoring and alerting, backup and replication in place; on-call and placement are immutable', () => {
    const p = policyOf('VirtualMachine');
    expect(p.immutable).toEqual(expect.arrayContaining(['/onCallSupervision', '/availabilityZone', '/networkId', '/platform', '/volumes']));
    for (const f of ['/resourceId', '/monitoringAlerting', '/backupEnabled', '/replicationEnabled', '/monitoringEnabled']) expect(p.immutable).not.toContain(f);
    expect(p.writeOnly).toEqual(expect.arrayContaining(['/platform', '/region', '/area', '/noBackupProdReason', '/noReplicationProdReason']));
    expect(p.writeOnly).not.toContain('/backupEnabled');
  });
});
