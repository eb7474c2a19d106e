// A team on Samsung Cloud Platform alone (issue 21): a CacheStore-only stack plans, applies (from a saved
// plan), drifts and exports with SCP_* variables alone, no ITCARE_* in the child's environment, against a
// simulator that checks every signature over the query in the official SDK's canonical form. And the
// bad inputs: missing keys, an account id a header cannot carry, a skewed clock, a Stack endpoint that
// nothing confirms.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';

const PASSWORD = 'sc3ret!Pass9';
let h: Harness | undefined;
let trap: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise<void>((ok) => (trap ? trap.close(() => ok()) : ok()));
  trap = undefined;
});

const STACK = 'apiVersion: caretaker/v1\nkind: Stack\nmetadata:\n  name: scp-orders\nspec: {}\n';

/** A harness whose child runs see SCP_* and no ITCARE_* at all; the simulator checks the canonical query. */
async function scpOnly(stack = STACK): Promise<{ x: Harness; noItcare: string[] }> {
  const x = await harness({ sim: { scpCanonicalQuery: true }, secrets: { SCP_REDIS_PASSWORD: PASSWORD } });
  h = x;
  x.write('stack.yaml', stack);
  x.write('cachestore.yaml', readFileSync(join(ROOT, 'examples/mixed/cachestore.yaml'), 'utf8'));
  // An upper-case host: signed and sent as configured.
  const endpoint = x.sim.scp.url.replace('127.0.0.1', 'LOCALHOST');
  Object.assign(x.env, { SCP_ENDPOINT: endpoint, SCP_ACCESS_KEY: x.sim.scp.accessKey, SCP_SECRET_KEY: x.sim.scp.secretKey, SCP_ACCOUNT_ID: 'acct-e2e-0001' });
  x.secrets.push(x.sim.scp.secretKey);
  return { x, noItcare: Object.keys(x.env).filter((k) => k.startsWith('ITCARE_')) };
}

const scp = (x: Harness, since = 0) => x.sim.requests.slice(since).filter((r) => r.path.startsWith('/v1/'));
const notScp = (x: Harness, since = 0) => x.sim.requests.slice(since).filter((r) => !r.path.startsWith('/v1/'));

describe('a CacheStore-only stack with SCP_* variables alone', () => {
  it('validates, plans, applies a saved plan, converges, exports and drifts; every request accepted by a canonical-query server', async () => {
    const { x, noItcare } = await scpOnly();
    expect(noItcare.length).toBeGreaterThan(0);
    const v = await x.run(['validate', '.'], { unset: [...noItcare, 'SCP_ENDPOINT', 'SCP_ACCESS_KEY', 'SCP_SECRET_KEY'] });
    expect(v.code).toBe(0);

    const plan = await x.run(['plan', '-o', 'plan.json', '.'], { unset: noItcare });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout.split('\n')[0]).toBe(`Using the SCP Cache Store API at ${x.env.SCP_ENDPOINT}`);
    expect(plan.stdout).not.toMatch(/ITCare/);
    expect(plan.stdout).toContain('create cluster orderscache; instances MASTER: MASTER; tags caretaker-stack=scp-orders, app=orders');

    const shown = await x.run(['show', 'plan.json'], { unset: [...noItcare, 'SCP_ENDPOINT', 'SCP_ACCESS_KEY', 'SCP_SECRET_KEY'] });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('caretaker-stack=scp-orders');

    const applied = await x.run(['apply', 'plan.json'], { unset: noItcare });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/1 succeeded, 0 failed/);
    const cluster = x.sim.state.scp.clusters.find((c) => c.name === 'orderscache')!;
    expect(cluster.tags).toEqual([{ key: 'caretaker-stack', value: 'scp-orders' }, { key: 'app', value: 'orders' }]);
    expect(cluster.instance_groups[0]!.instances.map((i) => i.role_type)).toEqual(['MASTER']);

    expect((await x.run(['plan', '--detailed-exitcode', '.'], { unset: noItcare })).code).toBe(0);
    expect((await x.run(['drift', '.'], { unset: noItcare })).code).toBe(0);

    const exported = await x.run(['export', '--kind', 'CacheStore', '-o', 'exported'], { unset: noItcare });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(readdirSync(join(x.dir, 'exported')).sort()).toEqual(['cachestore-orderscache.yaml', 'stack.yaml']);
    const doc = readFileSync(join(x.dir, 'exported', 'cachestore-orderscache.yaml'), 'utf8');
    expect(doc).toContain('${env:CACHESTORE_ORDERSCACHE_DATABASE_USER_PASSWORD}');
    expect(doc).toContain('ownership not verifiable through this API');
    const again = await x.run(['plan', '--detailed-exitcode', 'exported'], { unset: noItcare, env: { CACHESTORE_ORDERSCACHE_DATABASE_USER_PASSWORD: PASSWORD } });
    expect(again.stdout).toContain('No changes');
    expect(again.code).toBe(0);

    // Out-of-band change: drift reports it (exit 2), still without ITCare.
    cluster.allowable_ip_addresses = ['10.99.0.0/24'];
    const drift = await x.run(['drift', 'stack.yaml', 'cachestore.yaml'], { unset: noItcare });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('allowable_ip_addresses');

    // Over the wire: the simulator rebuilt every query in the SDK's form before checking its signature.
    const requests = scp(x);
    expect(requests.filter((r) => r.status === 401)).toEqual([]);
    expect(requests.some((r) => r.path === '/v1/engine-versions' && r.query.product_image_type === 'Redis OSS Sentinel' && r.status === 200)).toBe(true);
    expect(requests.some((r) => r.path === '/v1/clusters' && r.query.name === 'orderscache' && r.status === 200)).toBe(true);
    expect(notScp(x)).toEqual([]);
  }, 300_000);
});

describe('bad input', () => {
  it('missing SCP keys for a set that has CacheStores: one error naming the variables, before any request', async () => {
    const { x, noItcare } = await scpOnly();
    const r = await x.run(['plan', '.'], { unset: [...noItcare, 'SCP_ACCESS_KEY', 'SCP_SECRET_KEY'] });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error: no Samsung Cloud Platform settings (the manifests hold SCP resources): set SCP_ACCESS_KEY, SCP_SECRET_KEY (or use --simulator)');
    expect(x.sim.requests).toEqual([]);
  }, 60_000);

  it('an SCP_ACCOUNT_ID with characters a header cannot carry: a clear error, nothing sent', async () => {
    const { x, noItcare } = await scpOnly();
    const r = await x.run(['plan', '.'], { unset: noItcare, env: { SCP_ACCOUNT_ID: 'acct\té' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SCP_ACCOUNT_ID cannot be sent as the Scp-AccountId header: character 5 \(U\+0009\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(x.sim.requests).toEqual([]);
  }, 60_000);

  it('a clock the simulator finds skewed: the 401 names the cause', async () => {
    const { x, noItcare } = await scpOnly();
    // The child's clock runs 20 minutes ahead (NODE_OPTIONS --import, no space in the module).
    const r = await x.run(['plan', '.'], { unset: noItcare, env: { NODE_OPTIONS: '--import=data:text/javascript,Date.now=(n=>()=>n()+1200000)(Date.now)' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/401 GET \/v1\/\S+: request signature rejected: Scp-Timestamp is 20 min( \d+ s)? ahead of the server clock \(allowed ±15 min\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('a Stack endpoint that no SCP_ENDPOINT confirms is refused, naming it and the variable; the keys go nowhere', async () => {
    const seen: string[] = [];
    trap = createServer((req, res) => {
      seen.push(String(req.headers['scp-accesskey'] ?? 'none'));
      res.end('{}');
    });
    await new Promise<void>((ok) => trap!.listen(0, '127.0.0.1', ok));
    const other = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    const { x, noItcare } = await scpOnly(STACK.replace('spec: {}', `spec:\n  provider:\n    scp:\n      endpoint: ${other}`));
    const unset = await x.run(['plan', '.'], { unset: [...noItcare, 'SCP_ENDPOINT'] });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain(`the Stack's spec.provider.scp.endpoint is ${other} but SCP_ENDPOINT is not set`);
    expect(unset.stderr).toContain(`set SCP_ENDPOINT=${other}`);
    const differs = await x.run(['plan', '.'], { unset: noItcare });
    expect(differs.code).toBe(1);
    expect(differs.stderr).toContain(`is ${other} but the SCP keys are sent only to ${x.env.SCP_ENDPOINT} (SCP_ENDPOINT)`);
    expect(seen).toEqual([]);
    expect(x.sim.requests).toEqual([]);
  }, 60_000);
});
