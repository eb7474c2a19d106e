import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { loadDesiredState } from '../../../src/engine/desired.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

const registry = createSchemaRegistry();

let t: TestDir | undefined;
afterEach(() => t?.remove());

const STACK = `
apiVersion: caretaker/v1
kind: Stack
metadata:
  name: web-qa
spec:
  defaults:
    serviceId: 46922
    region: EB
    area: EB-QA
`;

/** A valid cluster; `extra` lines are appended to spec (two-space indented). */
const cluster = (name = 'web', extra = '') => `
apiVersion: caretaker/v1
kind: KubernetesCluster
metadata:
  name: ${name}
spec:
  networkId: 1234511
  ingressProvider: NGINX
  nodeSizing: 4cpu16gb
  instanceCount: 3
${extra}`;

async function lines(doc: string): Promise<string[]> {
  t = testdir({ 'stack.yaml': STACK, 'k8s.yaml': doc });
  const r = await loadDesiredState(['.'], { cwd: t.dir, env: {}, registry });
  return r.diagnostics.map(formatDiagnostic);
}

describe('KubernetesCluster schema', () => {
  it('accepts a full cluster with node pools, version, topology and patch party', async () => {
    const extra = [
      '  version: "1.29"',
      '  topology: ha',
      '  ingressProvider: traefik',
      '  monitoringEnabled: true',
      '  onCallSupervision: false',
      '  backupEnabled: false',
      '  nodePools:',
      '    - { az: EB-A, nodeSizing: 4cpu16gb, count: 2 }',
      '    - { az: eb-b, nodeSizing: 8cpu32gb, count: 1 }',
      '  patchParty: { excluded: true, exclusionReason: handled by the platform team }',
      '  tags: { app: web }',
    ].join('\n');
    expect(await lines(cluster('web-front-01', extra).replace('  ingressProvider: NGINX\n', ''))).toEqual([]);
  });

  it('exposes the node pools as an unordered list and the write-only create fields', () => {
    const p = registry.policy('KubernetesCluster');
    expect(p.unordered).toEqual(['/nodePools']);
    expect(p.caseInsensitive).toEqual(['/ingressProvider', '/nodePools/*/az', '/topology']);
    expect(p.writeOnly).toEqual(expect.arrayContaining(['/instanceCount', '/nodeSizing', '/platform', '/backupEnabled', '/region', '/area']));
    expect(p.immutable).toEqual(expect.arrayContaining(['/ingressProvider', '/networkId', '/monitoringAlerting']));
    expect(p.immutable).not.toContain('/version');
    expect(p.immutable).not.toContain('/topology');
  });

  const cases: Record<string, { reason: string; extra?: string; name?: string; replace?: [string, string]; want: string[] }> = {
    InstanceCountOne: {
      reason: 'the create schema says min 2 (001:16644)',
      replace: ['instanceCount: 3', 'instanceCount: 1'],
      want: ['k8s.yaml:9:18: spec.instanceCount: must be >= 2 (got 1)'],
    },
    InstanceCountThirteen: {
      reason: 'the create schema says max 12 (001:16644)',
      replace: ['instanceCount: 3', 'instanceCount: 13'],
      want: ['k8s.yaml:9:18: spec.instanceCount: must be <= 12 (got 13)'],
    },
    UnknownIngress: {
      reason: 'only the documented providers are accepted',
      replace: ['ingressProvider: NGINX', 'ingressProvider: haproxy'],
      want: ['k8s.yaml:7:20: spec.ingressProvider: must be one of NGINX, TRAEFIK, ISTIO (got "haproxy")'],
    },
    UpperCaseName: {
      reason: 'ITCare pattern [a-z0-9\\-]+ (001:16660), although its own example is PCLUSTER01',
      name: 'PCLUSTER01',
      want: ['k8s.yaml:4:9: metadata.name: must be 2 to 60 lowercase letters, digits or dashes, starting and ending with a letter or digit (got "PCLUSTER01")'],
    },
    TrailingDash: {
      reason: 'the name is also a DNS label (*.<name>.ccs.cegedim.cloud, 001:25085)',
      name: 'web-',
      want: ['k8s.yaml:4:9: metadata.name: must be 2 to 60 lowercase letters, digits or dashes, starting and ending with a letter or digit (got "web-")'],
    },
    UnquotedVersion: {
      reason: 'YAML reads 1.30 as the number 1.3: versions must be quoted strings',
      extra: '  version: 1.30',
      want: ['k8s.yaml:10:12: spec.version: must be string (got 1.3)'],
    },
    PatchVersion: {
      reason: 'version is the minor the GET returns',
      extra: '  version: "1.29.3"',
      want: ['k8s.yaml:10:12: spec.version: must be a Kubernetes minor version in quotes, such as "1.29" (got "1.29.3")'],
    },
    PoolCountZero: {
      reason: 'a pool has at least one node (leave the pool out instead)',
      extra: '  nodePools:\n    - { az: EB-A, nodeSizing: 4cpu16gb, count: 0 }',
      want: ['k8s.yaml:11:48: spec.nodePools.0.count: must be >= 1 (got 0)'],
    },
    PoolWithoutAz: {
      reason: 'a pool is identified by (az, nodeSizing)',
      extra: '  nodePools:\n    - { nodeSizing: 4cpu16gb, count: 2 }',
      want: ['k8s.yaml:11:7: spec.nodePools.0.az: required field is missing'],
    },
    PatchGroup: {
      reason: 'patchGroup is only for one-member farms (001:17735); a cluster has 2 nodes or more',
      extra: '  patchParty: { excluded: false, patchGroup: "2" }',
      want: ['k8s.yaml:10:46: spec.patchParty.patchGroup: is only allowed when the farm has one member (ITCare 001:17735); a Kubernetes cluster has at least 2 nodes (got "2")'],
    },
    State: {
      reason: 'Kubernetes has no start/stop (001:17646-17782)',
      extra: '  state: stopped',
      want: ['k8s.yaml:10:3: unknown field "state" in spec'],
    },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    let doc = cluster(c.name, c.extra);
    if (c.replace) doc = doc.replace(c.replace[0], c.replace[1]);
    expect(await lines(doc), c.reason).toEqual(c.want);
  });
});
