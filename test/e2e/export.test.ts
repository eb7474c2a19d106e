// `caretaker export` through the real CLI against the simulator. The round trip is the test: a service
// populated by applying examples/application (every ITCare kind), exported, then planned: no changes.
// Then the same with the ownership tags removed (observe-only without --adopt, adoption with --adopt),
// Tags documents for a resource of no kind, and the bad input: unknown or empty service, existing files, kind typos.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { harness, type Harness } from '../support/cli.js';
import { parseStream, reportOf } from '../support/stream.js';

const SECRETS = {
  SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26',
  REDIS_SHOPCACHE_ADMPASSWORD: 'Shop#Redis2026', POSTGRESQL_SHOPDB_ADMPASSWORD: 'Shop#Postgres26',
  // The seeded MariaDB farm and SQL Server are exported too: their secrets are placeholders to set.
  MARIADB_PMARIADB01_ADMPASSWORD: 'Seed#Maria2026', SQLSERVER_RHUTSQL20_CUSTOMERPASSWORD: 'Seed#SqlSrv2026',
};

describe('caretaker export', () => {
  let h: Harness;
  const read = (f: string) => readFileSync(join(h.dir, f), 'utf8');
  const planIn = (dir: string, ...extra: string[]) => h.run(['plan', '--detailed-exitcode', ...extra, dir]);

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application' });
    // The seeded Galera farm pmariadb01 has three nodes: its disk, network and placement are read from
    // them (GET mariadb/{id}/nodes, 001:12610-12845).
    const r = await h.run(['apply', '--auto-approve', '.']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => h?.close());

  it('exports every kind of the service, and the plan of the export shows no changes', async () => {
    const r = await h.run(['export', '--service', '46922', '-o', 'exp']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(h.dir, 'exp')).sort();
    expect(files).toEqual([
      'kubernetes-cluster-shop-k8s.yaml', 'load-balancer-backoffice.shop.cegedim.cloud.yaml', 'load-balancer-shop.cegedim.cloud.yaml',
      'mariadb-pmariadb01.yaml', 'patch-policy-service-46922-patching.yaml', 'postgresql-shopdb.yaml', 'redis-shopcache.yaml',
      'sqlserver-rhutsql20.yaml', 'stack.yaml', 'virtual-machine-peb4app01.yaml', 'virtual-machine-peb4app02.yaml', 'virtual-machine-peb4app03.yaml',
    ]);
    // The stack name comes from the ownership tag; secrets are placeholders whose names are printed.
    expect(parse(read('exp/stack.yaml')).metadata.name).toBe('shop-qa');
    expect(r.stdout).toContain('REDIS_SHOPCACHE_ADMPASSWORD');
    expect(read('exp/redis-shopcache.yaml')).toContain('admPassword: ${env:REDIS_SHOPCACHE_ADMPASSWORD}');
    // Stable key order (the schema's) and comments for values that are not read back.
    const redis = read('exp/redis-shopcache.yaml');
    expect(redis.indexOf('nodeSizing')).toBeLessThan(redis.indexOf('redisVersion'));
    expect(read('exp/load-balancer-backoffice.shop.cegedim.cloud.yaml')).toMatch(/healthcheck: http # write-only/);
    const lb = parse(read('exp/load-balancer-shop.cegedim.cloud.yaml'));
    expect(lb.spec.cluster).toEqual({ ref: 'KubernetesCluster/shop-k8s' });
    expect(lb.spec.urls).toEqual([{ name: 'api.shop.cegedim.cloud', monitoringEnabled: true, onCallSupervision: false }]);
    const back = parse(read('exp/load-balancer-backoffice.shop.cegedim.cloud.yaml'));
    expect(back.spec.members.map((m: { name: string }) => m.name)).toEqual(['PEB4APP01', 'PEB4APP02']);
    expect(back.spec.botDefense).toMatchObject({ enabled: true, whitelist: ['10.0.3.40'] });
    expect(read('exp/load-balancer-backoffice.shop.cegedim.cloud.yaml')).toContain("template: standard # ITCare's default template (activate_bot)");
    expect(parse(read('exp/postgresql-shopdb.yaml')).spec.extensions).toEqual({ shopdb: ['pgcrypto', 'uuid-ossp'] });
    expect(parse(read('exp/kubernetes-cluster-shop-k8s.yaml')).spec.nodePools).toHaveLength(3);
    // The seeded VMs, MariaDB and SQL Server are kinds now (issue 25): each document carries its own
    // patch party and tags (the PatchPolicy keeps the other resources), and a required secret as ${env:}.
    const vm = parse(read('exp/virtual-machine-peb4app01.yaml'));
    expect(vm.spec).toMatchObject({ resourceId: '2cpu4gb', patchParty: { excluded: false, patchGroup: '1' }, tags: { app: 'shop', owner: 'team-backoffice' } });
    expect(read('exp/virtual-machine-peb4app01.yaml')).toMatch(/platform: \S+ # write-only/);
    expect(parse(read('exp/sqlserver-rhutsql20.yaml')).spec).toMatchObject({ edition: 'ENT', customerPassword: '${env:SQLSERVER_RHUTSQL20_CUSTOMERPASSWORD}' });
    expect(parse(read('exp/mariadb-pmariadb01.yaml')).spec).toMatchObject({ topology: 'CLUSTER', instanceCount: 3 });
    const policy = parse(read('exp/patch-policy-service-46922-patching.yaml'));
    expect(policy.spec.resources.map((e: { resource: { name?: string } }) => e.resource.name)).not.toContain('PEB4APP01');

    const since = h.sim.requests.length;
    const plan = await planIn('exp');
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    expect(h.writes(since)).toEqual([]);
    // No noise: the exported estate reports no drift either.
    const drift = await h.run(['drift', 'exp']);
    expect(drift.stdout).toContain('No drift: 11 resources match the manifests.');
    expect(drift.code).toBe(0);
  });

  it('no noise: the estate converged by applying examples/application reports no drift, in every format', async () => {
    const files = ['stack.yaml', 'cluster.yaml', 'data.yaml', 'governance.yaml', 'load-balancers.yaml'];
    for (const format of ['text', 'json', 'markdown']) {
      const r = await h.run(['drift', '--format', format, ...files]);
      expect(r.code, `${format}: ${r.stdout}${r.stderr}`).toBe(0);
      if (format === 'json') expect(reportOf(parseStream(r.stdout))).toMatchObject({ drift: false, resources: [], summary: { inSync: 7 } });
      else expect(r.stdout).toContain('No drift: 7 resources match the manifests.');
    }
  });

  it('a seeded service nobody manages exports (its VMs, each with its patch party) and plans and drifts clean', async () => {
    const r = await h.run(['export', '--service', '46924', '-o', 'sandbox']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(h.dir, 'sandbox')).sort()).toEqual(['stack.yaml', 'virtual-machine-peb4sbx01.yaml', 'virtual-machine-peb4sbx02.yaml', 'virtual-machine-peb4sbx03.yaml']);
    expect(parse(read('sandbox/stack.yaml')).metadata.name).toBe('service-46924');
    const plan = await planIn('sandbox');
    expect(plan.stdout).toContain('No changes.');
    const drift = await h.run(['drift', 'sandbox']);
    expect(drift.code).toBe(0);
  });

  it('refuses to overwrite existing files without --force, and overwrites with it', async () => {
    const before = read('exp/stack.yaml');
    h.write('exp/stack.yaml', '# mine\n' + before);
    const r = await h.run(['export', '--service', '46922', '-o', 'exp']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to overwrite 12 existing file(s) (use --force)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(read('exp/stack.yaml')).toBe('# mine\n' + before);
    const forced = await h.run(['export', '--service', '46922', '-o', 'exp', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(read('exp/stack.yaml')).toBe(before);
  });

  it('exports the tags of resources of other kinds as Tags documents when asked, and they plan clean', async () => {
    // A VM is a kind now: its tags are in its own document, never a Tags one.
    const vm = await h.run(['export', '--service', '46922', '--kind', 'Tags', '--name', 'peb4app01*', '-o', 'tags']);
    expect(vm.stderr).toContain('service 46922 has no Tags named peb4app01* to export');
    // A Tomcat application server (a resource type of the docs, 001:2380-2449) is of no kind caretaker manages.
    const base = h.sim.state.resources.find((x) => x.name === 'PEB4APP01')!;
    h.sim.state.resources.push({
      ...structuredClone(base), id: 500079899, name: 'PEB4TOM01', kind: 'tomcat', path: '/compute/tomcat', category: 'APPLICATION_SERVER',
      type: 'TOMCAT', family: 'TOMCAT', technology: 'TOMCAT', tags: [{ tagKey: 'app', tagValue: 'shop' }, { tagKey: 'owner', tagValue: 'team-backoffice' }],
    });
    const r = await h.run(['export', '--service', '46922', '--kind', 'Tags', '--name', 'peb4tom01*', '-o', 'tags']);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(read('tags/tags-peb4tom01-tags.yaml'));
    expect(doc).toMatchObject({ kind: 'Tags', spec: { resource: { name: 'PEB4TOM01' }, tags: { app: 'shop', owner: 'team-backoffice' } } });
    const plan = await planIn('tags');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('without --adopt, untagged resources are observed and not adopted; with --adopt the plan adds the ownership tag', async () => {
    for (const res of h.sim.state.resources) res.tags = res.tags.filter((t) => t.tagKey !== 'caretaker-stack');
    const r = await h.run(['export', '--service', '46922', '--kind', 'Redis', 'PostgreSQL', '--stack', 'adopted', '-o', 'untagged']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 resource(s) have no caretaker-stack tag: written with lifecycle.adopt: false');
    // (a Redis holds data: export also protects it, issue 24; test/e2e/export-protect.test.ts)
    expect(parse(read('untagged/redis-shopcache.yaml')).lifecycle).toEqual({ preventDestroy: true, adopt: false });
    const plan = await planIn('untagged');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.stdout).toContain('Not adopted (lifecycle.adopt: false), so prune and destroy do not see them: PostgreSQL/shopdb, Redis/shopcache.');
    expect((await h.run(['drift', 'untagged'])).code).toBe(0);

    const a = await h.run(['export', '--service', '46922', '--kind', 'Redis', 'PostgreSQL', '--stack', 'adopted', '--adopt', '-o', 'adopt']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('the plan adopts them (adds caretaker-stack=adopted)');
    expect(parse(read('adopt/redis-shopcache.yaml')).lifecycle).toEqual({ preventDestroy: true });
    const adoptPlan = await planIn('adopt');
    expect(adoptPlan.code).toBe(2);
    expect(adoptPlan.stdout).toContain('tags.caretaker-stack');
    expect(adoptPlan.stdout).toContain('Plan: 0 to create, 2 to update');
    const applied = await h.run(['apply', '--auto-approve', 'adopt']);
    expect(applied.code, applied.stderr).toBe(0);
    const again = await planIn('adopt');
    expect(again.stdout).toContain('No changes.');
  });

  it('refuses a service that does not exist, an empty selection and a kind typo, with no file written', async () => {
    const missing = await h.run(['export', '--service', '99999', '-o', 'none']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('service 99999 does not exist');
    const empty = await h.run(['export', '--service', '46924', '--kind', 'Redis', 'PostgreSQL', '-o', 'none']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('service 46924 has no PostgreSQL, Redis to export; nothing was written');
    const since = h.sim.requests.length;
    const typo = await h.run(['export', '--service', '46922', '--kind', 'Redsi', '-o', 'none']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('--kind Redsi: not an exportable kind (did you mean Redis?)');
    expect(h.sim.requests.length).toBe(since);
    expect(existsSync(join(h.dir, 'none'))).toBe(false);
    for (const out of [missing, empty, typo]) expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
