// The KubernetesCluster export against the simulator: node pools as observe reads them, and the
// create-only fields from the live nodes (nodeSizing: the most common sizing; instanceCount: the node
// count, clamped to 2..12; region, area), each with a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

const CLUSTER = `apiVersion: caretaker/v1
kind: KubernetesCluster
metadata: { name: web }
spec:
  ingressProvider: NGINX
  nodeSizing: 4cpu16gb
  instanceCount: 3
  nodePools:
    - { az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }
    - { az: EB-QA-B, nodeSizing: 4cpu16gb, count: 1 }
    - { az: EB-QA-C, nodeSizing: 4cpu16gb, count: 1 }
    - { az: EB-QA-A, nodeSizing: 8cpu32gb, count: 1 }
`;

describe('KubernetesCluster export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await (await lib.planFiles({ 'stack.yaml': stackIn46922('web-qa'), 'web.yaml': CLUSTER })).run();
  });
  afterAll(async () => lib?.close());

  it('reads the pools and fills the create-only fields from the live nodes, with notes', async () => {
    const { rules, resources } = await exportOf(lib, 'KubernetesCluster');
    expect(rules).toEqual({ fileStem: 'kubernetes-cluster' });
    expect(resources.map((r) => r.name)).toEqual(['web']);
    const [r] = resources;
    expect(r).toMatchObject({ kind: 'KubernetesCluster', owner: 'web-qa', spec: { ingressProvider: 'NGINX', nodeSizing: '4cpu16gb', instanceCount: 4, region: 'EB', area: 'EB-QA' } });
    expect(r!.spec.nodePools).toHaveLength(4);
    expect(r!.notes).toEqual({
      'spec.region': writeOnly("read from the nodes' region"),
      'spec.area': writeOnly("read from the nodes' area"),
      'spec.nodeSizing': writeOnly('the most common live node sizing').replace('create;', 'create (create-time sizing);'),
      'spec.instanceCount': writeOnly('the live node count; nodePools manages the nodes').replace('create;', 'create (create-time node count, 2..12);'),
    });
  });
});
