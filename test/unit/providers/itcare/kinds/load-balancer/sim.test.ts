// LoadBalancer end to end through the library against the simulator on 127.0.0.1: create with members,
// URLs and bot defense, convergence, then in-place changes of every nested list, then a replan that is
// quiet again. The provider and the simulator share no code, so this checks both against each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, summaries, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';

const STACK = stackIn46922('web-qa');
const lb = (members: string, urls: string, bot: string, extra = '') => `apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: web.cegedim.com }
spec:
  healthcheck: http
  portMembers: 80
  profileName: HTTP
  monitoringEnabled: true
  onCallSupervision: false
  tags: { app: web }
  members:
${members}
  urls:
${urls}
  botDefense: ${bot}
${extra}`;

describe('LoadBalancer against the simulator', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
  });
  afterAll(async () => lib?.close());

  const planFor = (doc: string) => lib.planFiles({ 'stack.yaml': STACK, 'lb.yaml': doc });
  it('creates, converges, changes every nested list in place, and converges again', async () => {
    const first = await planFor(lb(
      '    - { name: PEB4APP01, port: 80 }\n    - { name: PEB4APP02, port: 8080, state: disabled }',
      '    - { name: api.cegedim.com, monitoringEnabled: true, onCallSupervision: true }',
      '{ enabled: true, template: strict, whitelist: [10.0.3.40] }',
    ));
    expect(summaries(first.plan)).toEqual([
      'create LoadBalancer web.cegedim.com (HTTP, port 80, 2 members)',
      'set tags: caretaker-stack=web-qa, app=web',
      'add member PEB4APP02:8080',
      'add url api.cegedim.com',
      'set member PEB4APP02 disabled',
      'activate bot defense (template strict)',
      'whitelist 10.0.3.40',
    ]);
    await first.run();

    const same = lb(
      '    - { name: PEB4APP01, port: 80 }\n    - { name: PEB4APP02, port: 8080, state: disabled }',
      '    - { name: api.cegedim.com, monitoringEnabled: true, onCallSupervision: true }',
      '{ enabled: true, template: strict, mode: blocking, whitelist: [10.0.3.40] }',
    );
    expect((await planFor(same)).plan.summary).toMatchObject({ create: 0, update: 0, noop: 1 });

    const changed = await planFor(lb(
      '    - { name: PEB4APP01, port: 8081, state: offline }\n    - { name: PEB4APP03, port: 80 }',
      '    - { name: api.cegedim.com, monitoringEnabled: false }\n    - { name: static.cegedim.com }',
      '{ enabled: true, template: strict, mode: transparent, whitelist: [10.0.3.41] }',
      '  state: stopped\n',
    ));
    expect(changed.plan.changes[0]!.diff.map((d) => d.path)).toEqual([
      '/botDefense/mode', '/botDefense/whitelist/0', '/members/PEB4APP01/port', '/members/PEB4APP01/state',
      '/members/PEB4APP02', '/members/PEB4APP03', '/state', '/urls/api.cegedim.com/monitoringEnabled', '/urls/static.cegedim.com',
    ]);
    expect(summaries(changed.plan)).toEqual([
      'remove member PEB4APP01 (port 80 -> 8081)', 'add member PEB4APP01:8081', 'add member PEB4APP03:80', 'add url static.cegedim.com',
      'set member PEB4APP01 offline', 'update bot defense (template strict, mode transparent)', 'whitelist 10.0.3.41',
      'remove 10.0.3.40 from whitelist', 'update url api.cegedim.com monitoring: disabled, on-call on', 'remove member PEB4APP02', 'stop',
    ]);
    await changed.run();
    const again = await planFor(lb(
      '    - { name: PEB4APP01, port: 8081, state: offline }\n    - { name: PEB4APP03, port: 80 }',
      '    - { name: api.cegedim.com, monitoringEnabled: false }\n    - { name: static.cegedim.com }',
      '{ enabled: true, template: strict, mode: transparent, whitelist: [10.0.3.41] }',
      '  state: stopped\n',
    ));
    expect(again.plan.summary).toMatchObject({ update: 0, noop: 1 });
  });

  it('creates an LB inside a cluster of the manifests, finds it by name afterwards, and converges', async () => {
    const cluster = `apiVersion: caretaker/v1
kind: KubernetesCluster
metadata: { name: web }
spec: { ingressProvider: nginx, nodeSizing: 4cpu16gb, instanceCount: 2 }
`;
    const inCluster = `apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: k8s-web.cegedim.com }
spec:
  healthcheck: http
  portMembers: 443
  profileName: HTTP
  cluster: { ref: KubernetesCluster/web }
  members: [{ name: PEB4APP01, port: 443 }]
`;
    const { plan: p, run } = await lib.planFiles({ 'stack.yaml': STACK, 'web.yaml': cluster, 'lb.yaml': inCluster });
    const change = p.changes.find((c) => c.address === 'LoadBalancer/k8s-web.cegedim.com')!;
    expect(change.dependsOn).toEqual(['KubernetesCluster/web']);
    expect(change.operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /itcare/compute/containers/kubernetes/${ref:KubernetesCluster/web}/loadbalancers',
      'PUT /itcare/compute/resources/${ref:self}/tags',
      'POST /itcare/networking/loadbalancers/${ref:self}/members',
    ]);
    await run();
    const again = (await lib.planFiles()).plan;
    expect(again.changes.map((c) => [c.address, c.action])).toEqual([
      ['KubernetesCluster/web', 'no-op'], ['LoadBalancer/k8s-web.cegedim.com', 'no-op'],
    ]);
  });

  it('destroys the LB with its changeReference', async () => {
    const files = { 'stack.yaml': STACK.replace('spec:\n', 'spec:\n  changeReference: RFC42\n'), 'lb.yaml': lb('    []', '    []', '{ enabled: false }') };
    const { plan: p, run } = await lib.planFiles(files, { mode: 'destroy', targets: ['LoadBalancer/web.cegedim.com'] });
    expect(p.changes.map((c) => [c.action, c.operations.map((o) => [o.method, o.body, o.irreversible])])).toEqual([
      ['delete', [['DELETE', { changeReference: 'RFC42' }, true]]],
    ]);
    await run();
    expect((await lib.planFiles()).plan.summary).toMatchObject({ create: 1 });
  });
});
