// The realistic application stack of examples/application through the real CLI against the simulator:
// from scratch to converged, every field that has an operation edited (each edit converges), a
// Kubernetes downgrade refused before any write, and a destroy in reverse dependency order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { changesOf, parseStream } from '../support/stream.js';

const SECRETS = { SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26' };
const example = (f: string) => readFileSync(join(ROOT, 'examples', 'application', f), 'utf8');

describe('application stack: cluster, load balancers, Redis, PostgreSQL, tags, patch policy', () => {
  let h: Harness;
  const files = { cluster: example('cluster.yaml'), lbs: example('load-balancers.yaml'), data: example('data.yaml'), gov: example('governance.yaml') };
  /** Rewrites one example file with string replacements (each must match). */
  const edit = (name: keyof typeof files, file: string, ...pairs: Array<[string, string]>) => {
    for (const [from, to] of pairs) {
      if (!files[name].includes(from)) throw new Error(`fixture edit: "${from}" not found in ${file}`);
      files[name] = files[name].replace(from, to);
    }
    h.write(file, files[name]);
  };
  const applyAndConverge = async (expectInPlan: string[]) => {
    const plan = await h.run(['plan']);
    for (const s of expectInPlan) expect(plan.stdout, s).toContain(s);
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stdout + r.stderr).toMatch(/Apply complete: \d+ succeeded, 0 failed, 0 skipped/);
    expect(r.code).toBe(0);
    const again = await h.run(['plan', '--detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  };

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application' });
  });
  afterAll(async () => h?.close());

  it('lists every kind with `caretaker schema`', async () => {
    const r = await h.run(['schema']);
    for (const k of ['KubernetesCluster', 'LoadBalancer', 'PatchPolicy', 'PostgreSQL', 'Redis', 'Stack', 'Tags']) expect(r.stdout).toContain(k);
  });

  it('applies from scratch, the LB after its cluster, and converges', async () => {
    await applyAndConverge(['POST /itcare/compute/containers/kubernetes/{id of KubernetesCluster/shop-k8s}/loadbalancers']);
    const posts = h.sim.requests.filter((q) => q.method === 'POST').map((q) => q.path);
    const cluster = posts.indexOf('/itcare/compute/containers/kubernetes');
    const lb = posts.findIndex((p) => /^\/itcare\/compute\/containers\/kubernetes\/\d+\/loadbalancers$/.test(p));
    expect(cluster).toBeGreaterThanOrEqual(0);
    expect(lb).toBeGreaterThan(cluster);
  });

  it('grows a node pool, upgrades 1.29 -> 1.31 in two steps, enables HA, changes monitoring and tags', async () => {
    edit('cluster', 'cluster.yaml',
      ['{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }'],
      ['version: "1.29"', 'version: "1.31"'], ['topology: STANDARD', 'topology: HA'],
      ['onCallSupervision: false', 'onCallSupervision: true'], ['tier: platform', 'tier: core'],
    );
    const json = { changes: changesOf(parseStream((await h.run(['plan', '--json'])).stdout)) } as { changes: Array<{ address: string; operations: Array<{ body?: { operation?: string; options?: { version?: string } } }> }> };
    const ops = json.changes.find((c) => c.address === 'KubernetesCluster/shop-k8s')!.operations.map((o) => o.body?.operation ?? 'tags');
    expect(ops.filter((o) => o === 'upgrade')).toHaveLength(2);
    expect(ops.slice(0, 1)).toEqual(['create_nodes']);
    await applyAndConverge(['upgrade Kubernetes 1.29 -> 1.30', 'upgrade Kubernetes 1.30 -> 1.31', 'enable HA']);
  });

  it('shrinks the pool, naming the node deleted', async () => {
    edit('cluster', 'cluster.yaml', ['{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }']);
    const plan = await h.run(['plan']);
    expect(plan.stdout).toMatch(/delete 1 node: \d+ \(/);
    expect(plan.stdout).toMatch(/\d{9} \(/); // the node id and its name are in the plan
    await applyAndConverge([]);
  });

  it('refuses a Kubernetes downgrade at plan time, naming both versions, with no write', async () => {
    const before = files.cluster;
    edit('cluster', 'cluster.yaml', ['version: "1.31"', 'version: "1.29"']);
    const since = h.sim.requests.length;
    for (const cmd of [['plan'], ['apply', '--auto-approve']]) {
      const r = await h.run(cmd);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/1\.31/);
      expect(r.stderr).toMatch(/1\.29/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(h.writes(since)).toEqual([]);
    files.cluster = before;
    h.write('cluster.yaml', before);
  });

  it('edits URLs, LB monitoring, state and tags of the cluster load balancer', async () => {
    edit('lbs', 'load-balancers.yaml',
      ['    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: false }',
        '    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: true }\n    - { name: static.shop.cegedim.cloud, monitoringEnabled: false }'],
      ['  onCallSupervision: false\n  urls:', '  onCallSupervision: true\n  urls:'],
      ['  tags:\n    app: shop\n---', '  state: stopped\n  tags:\n    app: shop\n    edge: "true"\n---'],
    );
    await applyAndConverge(['add url static.shop.cegedim.cloud']);
    edit('lbs', 'load-balancers.yaml', ['\n    - { name: static.shop.cegedim.cloud, monitoringEnabled: false }', ''], ['  state: stopped\n', '  state: running\n']);
    await applyAndConverge(['static.shop.cegedim.cloud']);
  });

  it('edits pool members (state, port, add, remove) and bot defense of the VM load balancer', async () => {
    edit('lbs', 'load-balancers.yaml',
      ['    - { name: PEB4APP02, port: 80, state: enabled }', '    - { name: PEB4APP02, port: 8080, state: disabled }'],
      ['    template: standard', '    template: strict'], ['    whitelist: [10.0.3.40]', '    whitelist: [10.0.3.41]'],
    );
    await applyAndConverge(['PEB4APP02']);
    edit('lbs', 'load-balancers.yaml', ['    - { name: PEB4APP01, port: 80 }\n', ''],
      ['  botDefense:\n    enabled: true\n    template: strict\n    mode: blocking\n    whitelist: [10.0.3.41]\n', '  botDefense:\n    enabled: false\n']);
    await applyAndConverge(['PEB4APP01']);
  });

  it('accepts pool members given by resource id alone: same member, or a new one', async () => {
    edit('lbs', 'load-balancers.yaml', ['    - { name: PEB4APP02, port: 8080, state: disabled }', '    - { id: 500079803, port: 8080, state: disabled }']);
    const same = await h.run(['plan', '--detailed-exitcode']);
    expect(same.stdout).toContain('No changes.');
    edit('lbs', 'load-balancers.yaml', ['    - { id: 500079803, port: 8080, state: disabled }', '    - { id: 500079803, port: 8080, state: disabled }\n    - { id: 500057033, port: 80 }']);
    await applyAndConverge(['add member 500057033:80']);
  });

  it('edits Redis, PostgreSQL, the Tags document and the patch policy', async () => {
    edit('data', 'data.yaml', ['  nodeSizing: 2cpu4gb\n  diskSize: 40', '  nodeSizing: 4cpu8gb\n  diskSize: 40'], ['postgreVersion: "15"', 'postgreVersion: "16"']);
    edit('gov', 'governance.yaml', ['    owner: team-backoffice', '    owner: team-shop'], ['      patchGroup: "2"', '      patchGroup: "3"']);
    await applyAndConverge(['resize 2cpu4gb -> 4cpu8gb', 'upgrade PostgreSQL 15 -> 16']);
  });

  it('refuses to destroy a preventDestroy resource, then destroys in reverse dependency order', async () => {
    const refused = await h.run(['destroy', '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('preventDestroy');
    edit('data', 'data.yaml', ['lifecycle:\n  preventDestroy: true\n', '']);
    const since = h.sim.requests.length;
    const r = await h.run(['destroy', '--auto-approve']);
    expect(r.code).toBe(0);
    const deletes = h.writes(since).filter((w) => w.method === 'DELETE').map((w) => w.path);
    const lbDelete = deletes.findIndex((p) => p.startsWith('/itcare/networking/loadbalancers/'));
    const clusterDelete = deletes.findIndex((p) => /^\/itcare\/compute\/containers\/kubernetes\/\d+$/.test(p));
    expect(lbDelete).toBeGreaterThanOrEqual(0);
    expect(clusterDelete).toBeGreaterThan(lbDelete);
    const names = h.sim.state.resources.map((x) => x.name);
    for (const gone of ['shop-k8s', 'shop.cegedim.cloud', 'backoffice.shop.cegedim.cloud', 'shopcache', 'shopdb']) expect(names).not.toContain(gone);
    // Governance kinds never delete what they govern.
    expect(names).toContain('PEB4APP01');
  });
});
