// KubernetesCluster end to end through the library against the simulator on 127.0.0.1: the create plan
// (pools of another sizing and enable_ha as follow-ups), the upgrade the next plan shows (the create body
// has no version), convergence, a pool move that adds before it deletes, and a refused downgrade.
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
  it('creates the cluster, then upgrades it on the next plan, then converges', async () => {
    const first = await planFor(cluster('1.30', POOLS));
    expect(summaries(first.plan)).toEqual([
      'create KubernetesCluster web (3 x 4cpu16gb, NGINX)',
      'set tags: caretaker-stack=web-qa, app=web',
      'add 1 node: 1 x 8cpu32gb in eb-qa-a',
      'enable HA (topology STANDARD -> HA)',
    ]);
    await first.run();

    // The create body has no version: the cluster starts at the simulator's default and the next plan upgrades it.
    const second = await planFor(cluster('1.30', POOLS));
    expect(second.plan.changes[0]!.diff).toEqual([{ op: 'replace', path: '/version', from: '1.29', value: '1.30' }]);
    expect(summaries(second.plan)).toEqual(['upgrade Kubernetes 1.29 -> 1.30']);
    await second.run();

    const third = await planFor(cluster('1.30', POOLS));
    expect(third.plan.changes.map((c) => c.action)).toEqual(['no-op']);
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
    expect((err as RefusedError).message).toContain('cannot downgrade Kubernetes from 1.30 to 1.29 (spec.version): ITCare upgrades only');
  });
});
