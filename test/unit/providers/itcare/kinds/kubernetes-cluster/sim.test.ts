// KubernetesCluster end to end through the library against the simulator on 127.0.0.1: the create plan
// (pools of another sizing and enable_ha as follow-ups), the upgrade planned after the create from the
// created cluster (the create body has no version) within the same apply, convergence, a pool move that
// adds before it deletes, and a refused downgrade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, summaries, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';
import { RefusedError } from '../../../../../../src/core/errors.js';

const STACK = stackIn46922('web-qa');
const cluster = (version: string, pools: string) => `apiVersion: caretaker/v1
kind: KubernetesCluster
metadata: { name: web }
spec:
  ingressProvider: nginx
  nodeSizing: 4cpu16gb
  instanceCount: 3
  version: "${version}"
  topology: HA
  tags: { app: web }
  nodePools:
${pools}`;
const POOLS = `    - { az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }
    - { az: EB-QA-B, nodeSizing: 4cpu16gb, count: 1 }
    - { az: EB-QA-C, nodeSizing: 4cpu16gb, count: 1 }
    - { az: eb-qa-a, nodeSizing: 8cpu32gb, count: 1 }
`;

describe('KubernetesCluster against the simulator', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
  });
  afterAll(async () => lib?.close());

  const planFor = (doc: string) => lib.planFiles({ 'stack.yaml': STACK, 'web.yaml': doc });
  it('creates the cluster and upgrades it in the same apply (issue 20: it used to take a second apply), then converges', async () => {
    const first = await planFor(cluster('1.30', POOLS));
    expect(summaries(first.plan)).toEqual([
      'create KubernetesCluster web (3 x 4cpu16gb, NGINX)',
      'set tags: caretaker-stack=web-qa, app=web',
      'add 1 node: 1 x 8cpu32gb in eb-qa-a',
      'enable HA (topology STANDARD -> HA)',
    ]);
    const since = lib.sim.requests.length;
    await first.run();

    // The create body has no version: the cluster starts at the simulator's default (1.29), and the apply
    // plans the upgrade from the created cluster as observed, before the follow-ups of the plan.
    const patches = lib.sim.requests.slice(since).filter((r) => r.method === 'PATCH').length;
    expect(patches).toBe(3); // create_nodes, upgrade, enable_ha
    const c = lib.sim.state.resources.find((r) => r.name === 'web')!;
    expect([c.version, c.topology]).toEqual(['1.30', 'HA']);
    const second = await planFor(cluster('1.30', POOLS));
    expect(second.plan.changes.map((x) => x.action)).toEqual(['no-op']);
  });

  it('moves a pool by adding first and deleting the chosen node, then converges', async () => {
    const moved = POOLS.replace('EB-QA-C, nodeSizing: 4cpu16gb, count: 1', 'EB-QA-A, nodeSizing: 2cpu8gb, count: 2');
    const c = lib.sim.state.resources.find((r) => r.name === 'web')!;
    const nodeC = (c.attrs.nodes as { id: number; name: string; az: string }[]).find((n) => n.az === 'EB-QA-C')!;
    const p = await planFor(cluster('1.30', moved));
    expect(summaries(p.plan)).toEqual(['add 2 nodes: 2 x 2cpu8gb in EB-QA-A', `delete 1 node: ${nodeC.id} (${nodeC.name})`]);
    await p.run();
    expect((await planFor(cluster('1.30', moved))).plan.changes.map((x) => x.action)).toEqual(['no-op']);
  });

  it('refuses a downgrade at plan time', async () => {
    const err = await planFor(cluster('1.29', POOLS)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).message).toContain('cannot downgrade Kubernetes from 1.30 to 1.29: ITCare upgrades only');
  });
});
