import { describe, expect, it } from 'vitest';
import { refusal } from '../../../../../support/refusal.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import type { KubeNode } from '../../../../../../src/providers/itcare/kinds/kubernetes-cluster/nodes.js';
import { fakeHttp } from '../../../../../support/fake-http.js';

const SID = 46922;
const K8S_ID = 500070001;
const BASE = '/itcare/compute/containers/kubernetes';
const PATH = `${BASE}/${K8S_ID}`;
const SELF = `${BASE}/\${ref:self}`;
const k8s = createItcareProvider({ http: fakeHttp() }).handler('KubernetesCluster')!;

const ctx = (over: Partial<OperationContext> = {}): OperationContext => ({ stack: 'web-qa', resolveRef: () => undefined, ...over });
const d = (path: string, value?: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });

const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'KubernetesCluster/web', kind: 'KubernetesCluster', name: 'web',
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, ingressProvider: 'nginx', nodeSizing: '4cpu16gb', instanceCount: 3, ...spec },
});

const node = (id: string, az: string, ingress = false, nodeSizing = '4cpu16gb'): KubeNode => ({ id, name: `pweb${id}`, az, nodeSizing, ingress });
const NODES = [node('11113', 'EB-A', true), node('11114', 'EB-A'), node('11115', 'EB-A'), node('11116', 'EB-B', true)];

const live = (spec: Record<string, unknown> = {}, lookups: Record<string, unknown> = {}): Observation => ({
  exists: true, id: K8S_ID, owner: 'web-qa',
  spec: {
    serviceId: SID, ingressProvider: 'NGINX', version: '1.27', topology: 'STANDARD', monitoringEnabled: true, onCallSupervision: false,
    patchParty: { excluded: false }, tags: {},
    nodePools: [{ az: 'EB-A', nodeSizing: '4cpu16gb', count: 3 }, { az: 'EB-B', nodeSizing: '4cpu16gb', count: 1 }],
    ...spec,
  },
  lookups: { nodes: NODES, supportsHAMode: true, ...lookups },
});

describe('KubernetesCluster createOperations', () => {
  it('posts the create body, then tags, patch party, the pools of other sizings and enable_ha, in that order', () => {
    const spec = {
      version: '1.29', topology: 'HA', platform: 'k8s-rancher', monitoringEnabled: true, onCallSupervision: true, backupEnabled: false,
      tags: { app: 'web' }, patchParty: { excluded: true, exclusionReason: 'platform team' },
      nodePools: [{ az: 'EB-A', nodeSizing: '4cpu16gb', count: 3 }, { az: 'EB-B', nodeSizing: '8cpu32gb', count: 2 }, { az: 'EB-A', nodeSizing: '8cpu32gb', count: 1 }],
    };
    const ops = k8s.createOperations(desired(spec), ctx());
    expect(ops.map((o) => [o.method, o.path, o.summary, o.async, o.irreversible])).toEqual([
      ['POST', BASE, 'create KubernetesCluster web (3 x 4cpu16gb, NGINX)', true, false],
      ['PUT', '/itcare/compute/resources/${ref:self}/tags', 'set tags: caretaker-stack=web-qa, app=web', false, false],
      ['PATCH', SELF, 'patch party: exclude', true, false],
      ['PATCH', SELF, 'add 3 nodes: 1 x 8cpu32gb in EB-A, 2 x 8cpu32gb in EB-B', true, false],
      ['PATCH', SELF, 'enable HA (topology STANDARD -> HA)', true, true],
    ]);
    // ITCare's create fields only: no version (not a create field, 001:16599-16746), topology, nodePools.
    expect(ops[0]!.body).toEqual({
      name: 'web', serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, ingressProvider: 'NGINX', nodeSizing: '4cpu16gb',
      instanceCount: 3, platform: 'k8s-rancher', monitoringEnabled: true, onCallSupervision: true, backupEnabled: false,
    });
    expect(ops[0]).toMatchObject({ role: 'create', serviceId: SID });
    expect(ops.slice(2).map((o) => o.body)).toEqual([
      { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'platform team' } } },
      { operation: 'create_nodes', options: { nodes: [{ nodesNb: 1, nodeSizing: '8cpu32gb', az: 'EB-A' }, { nodesNb: 2, nodeSizing: '8cpu32gb', az: 'EB-B' }] } },
      { operation: 'enable_ha' },
    ]);
  });

  it('plans only the create and the ownership tag for a minimal STANDARD cluster', () => {
    const ops = k8s.createOperations(desired({ topology: 'STANDARD', version: '1.31' }), ctx());
    expect(ops.map((o) => o.summary)).toEqual(['create KubernetesCluster web (3 x 4cpu16gb, NGINX)', 'set tags: caretaker-stack=web-qa']);
  });

  it('refuses node pools without a pool of the create sizing (the initial nodes would all be deleted)', () => {
    const err = refusal(() => k8s.createOperations(desired({ nodePools: [{ az: 'EB-A', nodeSizing: '8cpu32gb', count: 3 }] }), ctx()));
    expect(err.message).toBe(
      'spec.nodePools has no pool of 4cpu16gb, so the 3 4cpu16gb nodes the cluster is created with would all be deleted; add a pool of that sizing (ITCare cannot delete all the nodes of a cluster)',
    );
  });
});

describe('KubernetesCluster updateOperations: node pools', () => {
  const pools = (...p: [string, number, string?][]) => p.map(([az, count, nodeSizing = '4cpu16gb']) => ({ az, nodeSizing, count }));

  it('grows pools with ONE create_nodes grouped per zone and sizing', () => {
    const ops = k8s.updateOperations(desired({ nodePools: pools(['EB-A', 4], ['EB-B', 3], ['EB-C', 1, '8cpu32gb']) }), live(), [d('/nodePools')], ctx());
    expect(ops).toEqual([{
      method: 'PATCH', path: PATH, async: true, irreversible: false, role: 'update', serviceId: SID,
      body: { operation: 'create_nodes', options: { nodes: [
        { nodesNb: 1, nodeSizing: '4cpu16gb', az: 'EB-A' }, { nodesNb: 2, nodeSizing: '4cpu16gb', az: 'EB-B' }, { nodesNb: 1, nodeSizing: '8cpu32gb', az: 'EB-C' },
      ] } },
      summary: 'add 4 nodes: 1 x 4cpu16gb in EB-A, 2 x 4cpu16gb in EB-B, 1 x 8cpu32gb in EB-C',
    }]);
  });

  it('shrinks with delete_nodes of string ids, non-ingress and highest id first, named in the summary', () => {
    const ops = k8s.updateOperations(desired({ nodePools: pools(['EB-A', 1], ['EB-B', 1]) }), live(), [d('/nodePools/0/count', 1)], ctx());
    expect(ops).toEqual([{
      method: 'PATCH', path: PATH, async: true, irreversible: true, role: 'update', serviceId: SID,
      body: { operation: 'delete_nodes', options: { nodes: ['11114', '11115'] } },
      summary: 'delete 2 nodes: 11114 (pweb11114), 11115 (pweb11115)',
    }]);
  });

  it('adds before it deletes when pools move, so capacity never dips', () => {
    const ops = k8s.updateOperations(desired({ nodePools: pools(['EB-A', 1], ['EB-B', 1], ['EB-C', 2, '8cpu32gb']) }), live(), [d('/nodePools')], ctx());
    expect(ops.map((o) => o.summary)).toEqual(['add 2 nodes: 2 x 8cpu32gb in EB-C', 'delete 2 nodes: 11114 (pweb11114), 11115 (pweb11115)']);
  });

  it('refuses a plan that deletes every ingress node, before any call', () => {
    const err = refusal(() => k8s.updateOperations(desired({ nodePools: pools(['EB-C', 4]) }), live(), [d('/nodePools')], ctx()));
    expect(err.message).toContain('would delete every existing node');
    const onlyB = live({}, { nodes: [node('1', 'EB-A', true), node('2', 'EB-B'), node('3', 'EB-C', true)] });
    expect(refusal(() => k8s.updateOperations(desired({ nodePools: pools(['EB-B', 1]) }), onlyB, [d('/nodePools')], ctx())).message)
      .toBe('spec.nodePools would delete every ingress node (1 (pweb1), 3 (pweb3)); ITCare refuses to delete all ingress nodes');
  });
});

describe('KubernetesCluster updateOperations: version, topology, monitoring, patch party', () => {
  it('upgrades 1.27 -> 1.29 in two ordered, irreversible steps', () => {
    const ops = k8s.updateOperations(desired({ version: '1.29' }), live(), [d('/version', '1.29')], ctx({ changeReference: 'RFC1' }));
    expect(ops.map((o) => [o.path, o.body, o.summary, o.async, o.irreversible])).toEqual([
      [PATH, { operation: 'upgrade', options: { version: '1.28' } }, 'upgrade Kubernetes 1.27 -> 1.28 (step 1 of 2)', true, true],
      [PATH, { operation: 'upgrade', options: { version: '1.29' } }, 'upgrade Kubernetes 1.28 -> 1.29 (step 2 of 2)', true, true],
    ]);
  });

  it('refuses a downgrade, naming both versions', () => {
    const err = refusal(() => k8s.updateOperations(desired({ version: '1.27' }), live({ version: '1.29' }), [d('/version', '1.27')], ctx()));
    expect(err.message).toBe('cannot downgrade Kubernetes from 1.29 to 1.27 (spec.version): ITCare upgrades only, one minor version at a time');
    expect(err.field).toBe('/version');
    expect(err.address).toBe('KubernetesCluster/web');
  });

  const refused: Record<string, { reason: string; spec: Record<string, unknown>; live: Observation; diff: FieldDiff[]; message: string }> = {
    UnknownLiveVersion: {
      reason: 'without a live version the steps are unknown', spec: { version: '1.29' }, live: live({ version: undefined }), diff: [d('/version', '1.29', 'add')],
      message: 'ITCare reports no version for this cluster (none), so the upgrade steps to 1.29 are unknown',
    },
    TooManySteps: {
      reason: 'a typo is not a wish', spec: { version: '1.290' }, live: live(), diff: [d('/version', '1.290')],
      message: 'upgrading Kubernetes from 1.27 to 1.290 takes 263 steps; more than 10 looks like a typo',
    },
    HaToStandard: {
      reason: 'enable_ha cannot be undone', spec: { topology: 'STANDARD' }, live: live({ topology: 'HA' }), diff: [d('/topology', 'STANDARD')],
      message: 'cannot change topology from HA to STANDARD; ITCare only converts STANDARD to HA (enable_ha, which cannot be undone)',
    },
    NoHaSupport: {
      reason: 'supportsHAMode false', spec: { topology: 'HA' }, live: live({}, { supportsHAMode: false }), diff: [d('/topology', 'HA')],
      message: 'ITCare reports supportsHAMode: false for this cluster, so enable_ha is not possible',
    },
  };
  it.each(Object.entries(refused))('refuses %s', (_n, c) => {
    expect(refusal(() => k8s.updateOperations(desired(c.spec), c.live, c.diff, ctx())).message, c.reason).toBe(c.message);
  });

  it('enables HA with an option-less, irreversible enable_ha', () => {
    const ops = k8s.updateOperations(desired({ topology: 'ha' }), live(), [d('/topology', 'ha')], ctx());
    expect(ops).toEqual([{
      method: 'PATCH', path: PATH, body: { operation: 'enable_ha' }, async: true, irreversible: true, role: 'update', serviceId: SID,
      summary: 'enable HA (topology STANDARD -> HA)',
    }]);
  });

  it('updates monitoring and the patch party with the shared PaaS operations', () => {
    const ops = k8s.updateOperations(
      desired({ onCallSupervision: true, patchParty: { excluded: true, exclusionReason: 'platform team' } }), live(),
      [d('/onCallSupervision', true), d('/patchParty/excluded', true), d('/patchParty/exclusionReason', 'platform team', 'add')], ctx(),
    );
    expect(ops.map((o) => [o.body, o.summary])).toEqual([
      [{ operation: 'update_monitoring', options: { state: true, on_call: true } }, 'update monitoring: enabled, on-call on'],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'platform team' } } }, 'patch party: exclude'],
    ]);
  });

  it('never sends the live patch group back when including the cluster (one-member farms only, 001:17735)', () => {
    const excluded = live({ patchParty: { excluded: true, patchGroup: '2', exclusionReason: 'x' } });
    const ops = k8s.updateOperations(desired({ patchParty: { excluded: false } }), excluded, [d('/patchParty/excluded', false)], ctx());
    expect(ops.map((o) => o.body)).toEqual([{ operation: 'update_patch_party', options: { patchParty: { excluded: false } } }]);
  });

  it('orders one change: nodes, upgrades, enable_ha, monitoring, tags', () => {
    const spec = { nodePools: [{ az: 'EB-A', nodeSizing: '4cpu16gb', count: 4 }, { az: 'EB-B', nodeSizing: '4cpu16gb', count: 1 }], version: '1.28', topology: 'HA', monitoringEnabled: false, tags: { app: 'web' } };
    const diff = [d('/monitoringEnabled', false), d('/nodePools/0/count', 4), d('/tags/app', 'web', 'add'), d('/topology', 'HA'), d('/version', '1.28')];
    expect(k8s.updateOperations(desired(spec), live(), diff, ctx()).map((o) => o.summary)).toEqual([
      'add 1 node: 1 x 4cpu16gb in EB-A', 'upgrade Kubernetes 1.27 -> 1.28', 'enable HA (topology STANDARD -> HA)', 'update monitoring: disabled, on-call off', 'tag app=web',
    ]);
  });

  it('leaves replacement fields to the engine and refuses what no operation changes', () => {
    expect(k8s.updateOperations(desired(), live(), [{ op: 'replace', path: '/ingressProvider', value: 'TRAEFIK', forcesReplace: true }], ctx())).toEqual([]);
    expect(refusal(() => k8s.updateOperations(desired({ state: 'stopped' }), live(), [d('/state', 'stopped')], ctx())).message).toContain('spec.state');
  });
});

describe('KubernetesCluster deleteOperations', () => {
  it('deletes with the change reference as body, sent as application/vnd.cegedim-it.v1+json', async () => {
    const [op] = k8s.deleteOperations('KubernetesCluster/web', live(), ctx({ changeReference: 'RFC1234' }));
    expect(op).toEqual({
      method: 'DELETE', path: PATH, body: { changeReference: 'RFC1234' }, async: true, irreversible: true, role: 'delete', serviceId: SID,
      summary: 'delete KubernetesCluster web',
    });
    const http = fakeHttp({ [`DELETE ${PATH}`]: { status: 202, body: { id: 9001, status: 'IN_PROGRESS' } } });
    const res = await createItcareProvider({ http }).execute(op!);
    expect(http.calls[0]).toMatchObject({ method: 'DELETE', path: PATH, contentType: 'application/vnd.cegedim-it.v1+json', body: { changeReference: 'RFC1234' } });
    expect(res.actions.map((a) => a.id)).toEqual(['9001']);
  });

  it('sends no body without a change reference', () => {
    expect(k8s.deleteOperations('KubernetesCluster/web', live(), ctx())[0]).not.toHaveProperty('body');
  });
});
