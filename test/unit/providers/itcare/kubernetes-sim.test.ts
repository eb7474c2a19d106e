// KubernetesCluster end to end through the library against the simulator on 127.0.0.1: the create plan
// (pools of another sizing and enable_ha as follow-ups), the upgrade the next plan shows (the create body
// has no version), convergence, a pool move that adds before it deletes, and a refused downgrade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../src/core/errors.js';
import type { Provider } from '../../../../src/engine/provider.js';
import { createHttpClient, staticToken } from '../../../../src/http/index.js';
import type { HttpClient } from '../../../../src/http/types.js';
import { apply, loadManifests, plan, type Plan } from '../../../../src/index.js';
import { createItcareProvider } from '../../../../src/providers/itcare/index.js';
import { startSimulator, type RunningSimulator } from '../../../../src/simulator/start.js';
import { testdir, type TestDir } from '../../manifest/testdir.js';

const STACK = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: web-qa }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
`;
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
  let sim: RunningSimulator;
  let http: HttpClient;
  let providers: Map<string, Provider>;
  let dir: TestDir | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ actionMs: 0 });
    http = createHttpClient({ baseUrl: sim.url, auth: staticToken('sim-token') });
    providers = new Map([['itcare', createItcareProvider({ http })]]);
  });
  afterAll(async () => {
    dir?.remove();
    await http?.close();
    await sim?.close();
  });

  const planFor = async (doc: string): Promise<{ p: Plan; run: () => Promise<void> }> => {
    dir?.remove();
    dir = testdir({ 'stack.yaml': STACK, 'web.yaml': doc });
    const { set, registry } = await loadManifests(['.'], { cwd: dir.dir, env: {} });
    const p = await plan(set, registry, { providers });
    const run = async () => {
      const r = await apply(p, set, { providers, sink: () => {}, tracker: { minIntervalMs: 5, maxIntervalMs: 20 } });
      expect(r.failed).toEqual([]);
    };
    return { p, run };
  };
  const summaries = (p: Plan) => p.changes.flatMap((c) => c.operations.map((o) => o.summary));

  it('creates the cluster, then upgrades it on the next plan, then converges', async () => {
    const first = await planFor(cluster('1.30', POOLS));
    expect(summaries(first.p)).toEqual([
      'create KubernetesCluster web (3 x 4cpu16gb, NGINX)',
      'set tags: caretaker-stack=web-qa, app=web',
      'add 1 node: 1 x 8cpu32gb in eb-qa-a',
      'enable HA (topology STANDARD -> HA)',
    ]);
    await first.run();

    // The create body has no version: the cluster starts at the simulator's default and the next plan upgrades it.
    const second = await planFor(cluster('1.30', POOLS));
    expect(second.p.changes[0]!.diff).toEqual([{ op: 'replace', path: '/version', from: '1.29', value: '1.30' }]);
    expect(summaries(second.p)).toEqual(['upgrade Kubernetes 1.29 -> 1.30']);
    await second.run();

    const third = await planFor(cluster('1.30', POOLS));
    expect(third.p.changes.map((c) => c.action)).toEqual(['no-op']);
  });

  it('moves a pool by adding first and deleting the chosen node, then converges', async () => {
    const moved = POOLS.replace('EB-QA-C, nodeSizing: 4cpu16gb, count: 1', 'EB-QA-A, nodeSizing: 2cpu8gb, count: 2');
    const c = sim.state.resources.find((r) => r.name === 'web')!;
    const nodeC = (c.attrs.nodes as { id: number; name: string; az: string }[]).find((n) => n.az === 'EB-QA-C')!;
    const p = await planFor(cluster('1.30', moved));
    expect(summaries(p.p)).toEqual(['add 2 nodes: 2 x 2cpu8gb in EB-QA-A', `delete 1 node: ${nodeC.id} (${nodeC.name})`]);
    await p.run();
    expect((await planFor(cluster('1.30', moved))).p.changes.map((x) => x.action)).toEqual(['no-op']);
  });

  it('refuses a downgrade at plan time', async () => {
    const err = await planFor(cluster('1.29', POOLS)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).message).toContain('cannot downgrade Kubernetes from 1.30 to 1.29: ITCare upgrades only');
  });
});
