// CacheStore (provider scp) through the built CLI against the simulator's SCP side: a mixed
// ITCare + SCP stack created, re-planned clean, every in-place change, terminate; and the bad inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';

const SECRETS = { ORDERS_REDIS_PASSWORD: 'Abcdefgh1234!x', SCP_REDIS_PASSWORD: 'sc3ret!Pass9' };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function mixed(): Promise<Harness> {
  h = await harness({ fixture: 'examples/mixed', secrets: SECRETS });
  Object.assign(h.env, { SCP_ENDPOINT: h.sim.scp.url, SCP_ACCESS_KEY: h.sim.scp.accessKey, SCP_SECRET_KEY: h.sim.scp.secretKey });
  h.secrets.push(h.sim.scp.secretKey);
  return h;
}
const scpWrites = (x: Harness, since = 0) =>
  x.sim.requests.slice(since).filter((r) => r.path.startsWith('/v1/') && r.method !== 'GET');
const cache = () => readFileSync(join(ROOT, 'examples/mixed/cachestore.yaml'), 'utf8');

describe('CacheStore end to end', () => {
  it('creates a mixed stack, converges, makes every in-place change, then terminates', async () => {
    const x = await mixed();
    const first = await x.run(['apply', '--auto-approve', '.']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/2 succeeded, 0 failed/);
    expect((await x.run(['plan', '--detailed-exitcode', '.'])).code).toBe(0);

    const changed = cache()
      .replace('redis1v1m2', 'redis1v2m4')
      .replace('[10.20.0.0/24]', '[10.30.0.0/24]')
      .replace('retention_period_day: "7"', 'retention_period_day: "14"')
      .replace('starting_day_of_week: SUN', 'starting_day_of_week: MON')
      .replace('size_gb: 64', 'size_gb: 128')
      .replace('allkeys-lru', 'volatile-lru')
      .replace('state: running', 'state: stopped');
    x.write('cachestore.yaml', changed);
    const plan = await x.run(['plan', '.']);
    const order = ['security-group-rules', '/backups', '/maintenance', '/instance-groups/', '/block-storage-groups/', '/parameters', '/stop'];
    const at = order.map((p) => plan.stdout.indexOf(p));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(plan.stdout).toContain('+[10.30.0.0/24] -[10.20.0.0/24]');
    const since = x.sim.requests.length;
    const upd = await x.run(['apply', '--auto-approve', '.']);
    expect(upd.code).toBe(0);
    expect(scpWrites(x, since).map((r) => r.method + ' ' + r.path.replace(/[0-9a-f]{32}/g, 'ID'))).toEqual([
      'POST /v1/clusters/ID/security-group-rules',
      'POST /v1/clusters/ID/backups',
      'POST /v1/clusters/ID/maintenance',
      'POST /v1/instance-groups/ID/resize',
      'POST /v1/block-storage-groups/ID/resize',
      'PUT /v1/clusters/ID/parameters',
      'POST /v1/clusters/ID/stop',
    ]);
    expect((await x.run(['plan', '--detailed-exitcode', '.'])).code).toBe(0);

    // unset backup and maintenance, start again
    x.write('cachestore.yaml', changed.replace(/backup_option: \{[^}]*\}/, 'backup_option: null').replace(/maintenance_option: \{[^}]*\}/, 'maintenance_option: null').replace('state: stopped', 'state: running'));
    const s2 = x.sim.requests.length;
    expect((await x.run(['apply', '--auto-approve', '.'])).code).toBe(0);
    expect(scpWrites(x, s2).map((r) => r.method + ' ' + r.path.replace(/[0-9a-f]{32}/g, 'ID'))).toEqual([
      'POST /v1/clusters/ID/start',
      'DELETE /v1/clusters/ID/backups',
      'DELETE /v1/clusters/ID/maintenance',
    ]);
    expect((await x.run(['plan', '--detailed-exitcode', '.'])).code).toBe(0);

    // a shrink is refused at plan time
    x.write('cachestore.yaml', changed.replace('size_gb: 128', 'size_gb: 64').replace('state: stopped', 'state: running'));
    const shrink = await x.run(['plan', '.']);
    expect(shrink.code).toBe(1);
    expect(shrink.stdout + shrink.stderr).toMatch(/cannot shrink from 128 to 64 GB/);

    // terminate through destroy
    const s3 = x.sim.requests.length;
    const gone = await x.run(['destroy', '--auto-approve', '.']);
    expect(gone.stdout).toContain('ownership not verifiable through this API');
    expect(gone.code).toBe(0);
    expect(scpWrites(x, s3).map((r) => r.method + ' ' + r.path.replace(/[0-9a-f]{32}/g, 'ID'))).toEqual(['DELETE /v1/clusters/ID']);
  }, 400_000);

  it('refuses an unknown engine version or server type with the valid values, applying nothing', async () => {
    const x = await mixed();
    x.write('cachestore.yaml', cache().replace('"7.2.4"', '"9.9.9"'));
    const r = await x.run(['apply', '--auto-approve', '.']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/engine_version 9\.9\.9 is not offered; valid values: .*7\.2\.4/);
    x.write('cachestore.yaml', cache().replace('redis1v1m2', 'nosuchtype'));
    const t = await x.run(['apply', '--auto-approve', '.']);
    expect(t.code).toBe(1);
    expect(t.stdout + t.stderr).toMatch(/server_type_name nosuchtype .* valid values: .*redis1v1m2/);
    expect(scpWrites(x)).toEqual([]);
    expect(x.writes()).toEqual([]);
  }, 60_000);

  it('reports a bad port or size_gb at file:line:col before any request', async () => {
    const x = await mixed();
    x.write('cachestore.yaml', cache().replace('database_port: 6378', 'database_port: 80').replace('size_gb: 64', 'size_gb: 60'));
    const r = await x.run(['plan', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cachestore\.yaml:\d+:\d+.*database_port/);
    expect(r.stderr).toMatch(/cachestore\.yaml:\d+:\d+.*multiple of 8/);
    expect(x.sim.requests.length).toBe(0);
  }, 60_000);

  it('names the missing SCP variables', async () => {
    const x = await mixed();
    const r = await x.run(['plan', '.'], { unset: ['SCP_ACCESS_KEY', 'SCP_SECRET_KEY'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SCP_ACCESS_KEY, SCP_SECRET_KEY/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('a signature the API rejects is one clear 401 message', async () => {
    const x = await mixed();
    const r = await x.run(['plan', '.'], { env: { SCP_SECRET_KEY: 'wrong-secret-key-123' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/401 GET \/v1\/\S+: request signature rejected/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('wrong-secret-key-123');
  }, 60_000);

  it('a request that ends FAILED names the cluster, finishes independent work and exits 1', async () => {
    const x = await mixed();
    x.sim.scp.faults.failActions.push({ resourceName: 'orderscache', operation: 'create', message: 'no capacity' });
    const r = await x.run(['apply', '--auto-approve', '.']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/orderscache.*FAILED|FAILED.*orderscache/);
    expect(r.stdout + r.stderr).toMatch(/1 succeeded, 1 failed/);
  }, 60_000);
});
