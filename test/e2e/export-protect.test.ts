// Export protects stateful kinds (issue 24 item 4): databases and storage (kinds whose handler says
// `stateful`) are exported with `lifecycle.preventDestroy: true` and a comment saying why; export says
// so; `plan --destroy` of the export refuses to delete them; `--no-protect` leaves the line out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { harness, type Harness } from '../support/cli.js';
import { parseStream } from '../support/stream.js';

const SECRETS = {
  SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26',
  REDIS_SHOPCACHE_ADMPASSWORD: 'Shop#Redis2026', POSTGRESQL_SHOPDB_ADMPASSWORD: 'Shop#Postgres26',
};

describe('export protects what holds data', () => {
  let h: Harness;
  const read = (f: string) => readFileSync(join(h.dir, f), 'utf8');
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application' });
    const r = await h.run(['apply', '--auto-approve', '.']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => h?.close());

  it('writes lifecycle.preventDestroy: true on the databases, with a comment, and says so', async () => {
    const r = await h.run(['export', '--service', '46922', '-o', 'exp']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("7 resource(s) hold data (databases, brokers, storage, virtual machines' disks): written with lifecycle.preventDestroy: true, " +
      'so no plan deletes or replaces them (remove the line, or export with --no-protect, to allow that): MariaDB/pmariadb01, PostgreSQL/shopdb, ' +
      'Redis/shopcache, SQLServer/rhutsql20, VirtualMachine/PEB4APP01, VirtualMachine/PEB4APP02, VirtualMachine/PEB4APP03.');
    for (const f of ['exp/redis-shopcache.yaml', 'exp/postgresql-shopdb.yaml']) {
      expect(parse(read(f)).lifecycle, f).toEqual({ preventDestroy: true });
      expect(read(f), f).toMatch(/^lifecycle:\n {2}preventDestroy: true # holds data: a plan that would delete or replace it fails; remove this line \(or export with --no-protect\) to allow that\n/m);
    }
    // A seeded VM nobody tags is protected too, and not adopted.
    expect(parse(read('exp/virtual-machine-peb4app01.yaml')).lifecycle).toEqual({ preventDestroy: true, adopt: false });
    // What holds no data is not protected.
    for (const f of ['exp/kubernetes-cluster-shop-k8s.yaml', 'exp/load-balancer-shop.cegedim.cloud.yaml']) expect(parse(read(f)).lifecycle, f).toBeUndefined();
    const plan = await h.run(['plan', '--detailed-exitcode', 'exp']);
    expect(plan.stdout).toContain('No changes.');
  });

  it('plan --destroy of the export refuses to delete the databases', async () => {
    const since = h.sim.requests.length;
    const r = await h.run(['plan', '--destroy', 'exp']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/preventDestroy/);
    expect(r.stdout + r.stderr).toContain('Redis/shopcache');
    expect(h.writes(since)).toEqual([]);
  });

  it('--no-protect leaves the line out; the JSON summary lists what was protected', async () => {
    const r = await h.run(['export', '--service', '46922', '--kind', 'Redis', '--no-protect', '-o', 'bare']);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(read('bare/redis-shopcache.yaml')).lifecycle).toBeUndefined();
    expect(r.stdout).not.toContain('hold data');
    const j = await h.run(['export', '--service', '46922', '--kind', 'Redis', 'PostgreSQL', '--json', '-o', 'json']);
    expect(j.code, j.stderr).toBe(0);
    expect(parseStream(j.stdout).at(-1)).toMatchObject({ type: 'export_complete', export: { protected: ['PostgreSQL/shopdb', 'Redis/shopcache'] } });
  });
});
