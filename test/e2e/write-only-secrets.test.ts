// Reads need no write-only secrets (issue 24 item 1): an unset ${env:…} or a missing ${file:…} in a
// field sent only at create (admPassword) fails a plan only when the plan sends it; plan and drift of
// existing resources run without it and say once what a create would need; validate is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { parseStream } from '../support/stream.js';

const SECRETS = {
  SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26',
};
const unset = Object.keys(SECRETS);

describe('secrets only when they are sent', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application' });
    const r = await h.run(['apply', '--auto-approve', '.']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => h?.close());

  it('a nightly drift job over an exported estate runs with no database password set', async () => {
    const exp = await h.run(['export', '--service', '46922', '-o', 'exp']);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain('REDIS_SHOPCACHE_ADMPASSWORD');
    // None of the export's placeholders is set, nor the fixture's own variables.
    const drift = await h.run(['drift', 'exp'], { unset });
    expect(drift.stdout + drift.stderr).not.toContain('is not set:');
    expect(drift.stdout).toContain('No drift: 11 resources match the manifests.');
    expect(drift.stdout).toMatch(/Note: 4 secrets are not set; this run does not send them, but a create or replace would need them: MARIADB_PMARIADB01_ADMPASSWORD \(MariaDB\/pmariadb01\), POSTGRESQL_SHOPDB_ADMPASSWORD \(PostgreSQL\/shopdb\), REDIS_SHOPCACHE_ADMPASSWORD \(Redis\/shopcache\), SQLSERVER_RHUTSQL20_CUSTOMERPASSWORD \(SQLServer\/rhutsql20\)\n/);
    expect(drift.code).toBe(0);
    const plan = await h.run(['plan', '--detailed-exitcode', 'exp'], { unset });
    expect(plan.stdout).toContain('No changes.');
    expect(plan.stdout.match(/Note: 4 secrets are not set/g)).toHaveLength(1);
    expect(plan.code).toBe(0);
  });

  it('the same manifests in every output mode: the JSON stream carries the note as a log line', async () => {
    const r = await h.run(['drift', '--json', 'exp'], { unset });
    expect(r.code, r.stderr).toBe(0);
    const lines = parseStream(r.stdout);
    expect(lines.filter((l) => l.type === 'log' && String(l['@message']).includes('secrets are not set'))).toHaveLength(1);
    const md = await h.run(['drift', '--format', 'markdown', 'exp'], { unset });
    expect(md.code).toBe(0);
    expect(md.stdout).not.toContain('Note:');
    expect(md.stderr).toContain('Note: 4 secrets are not set');
  });

  it('a create that sends the missing secret is an error at its file:line:col, before any write', async () => {
    h.write('exp/redis-newcache.yaml', `apiVersion: caretaker/v1
kind: Redis
metadata:
  name: newcache
spec:
  serviceId: 46922
  region: EB
  area: EB-QA
  networkId: 1234511
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: \${env:NEWCACHE_PASSWORD}
`);
    for (const command of [['plan'], ['apply', '--auto-approve'], ['plan', '-o', 'new.json']]) {
      const since = h.sim.requests.length;
      const r = await h.run([...command, 'exp'], { unset });
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toContain('exp/redis-newcache.yaml:15:16: environment variable NEWCACHE_PASSWORD is not set: the create of Redis/newcache sends spec.admPassword');
      // Only the one that is sent: the existing resources' missing passwords are no error.
      expect(r.stderr).not.toContain('REDIS_SHOPCACHE_ADMPASSWORD');
      expect(r.stdout).not.toContain('Plan:');
      expect(h.writes(since)).toEqual([]);
    }
    // Targeting the resources that exist leaves the create out: the plan runs.
    const targeted = await h.run(['plan', '--target', 'Redis/shopcache', 'exp'], { unset });
    expect(targeted.code, targeted.stderr).toBe(0);
  });

  it('a variable a CI system sets to "" (a secret it does not have) counts as missing', async () => {
    const r = await h.run(['plan', 'exp'], { unset, env: { NEWCACHE_PASSWORD: '', REDIS_SHOPCACHE_ADMPASSWORD: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exp/redis-newcache.yaml:15:16: environment variable NEWCACHE_PASSWORD is empty: the create of Redis/newcache sends spec.admPassword');
    // Drift sends nothing, so the missing new one is named like the others, never required.
    const drift = await h.run(['drift', 'exp'], { unset, env: { NEWCACHE_PASSWORD: '', REDIS_SHOPCACHE_ADMPASSWORD: '' } });
    expect(drift.code, drift.stderr).not.toBe(1);
    expect(drift.stdout).toContain('NEWCACHE_PASSWORD (empty) (Redis/newcache)');
    expect(drift.stdout).toContain('REDIS_SHOPCACHE_ADMPASSWORD (empty) (Redis/shopcache)');
  });

  it('a missing ${file:…} in a write-only field waits for a create too', async () => {
    h.write('exp/redis-newcache.yaml', '');
    const text = (await import('node:fs')).readFileSync(`${h.dir}/exp/redis-shopcache.yaml`, 'utf8');
    h.write('exp/redis-shopcache.yaml', text.replace('${env:REDIS_SHOPCACHE_ADMPASSWORD}', '${file:secrets/shopcache.txt}'));
    const r = await h.run(['plan', '--detailed-exitcode', 'exp'], { unset });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('${file:secrets/shopcache.txt} (Redis/shopcache)');
  });

  it('validate is unchanged: an unset variable is a warning, a missing file an error', async () => {
    const r = await h.run(['validate', 'exp'], { unset });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exp\/postgresql-shopdb\.yaml:\d+:\d+: warning: environment variable POSTGRESQL_SHOPDB_ADMPASSWORD is not set \(plan and apply need it only when they send this field, at create\)/);
    expect(r.stderr).toMatch(/exp\/redis-shopcache\.yaml:\d+:\d+: file not found: secrets\/shopcache\.txt/);
  });

  it('an unset variable in a field the API returns (a tag) is still an error for plan', async () => {
    const text = (await import('node:fs')).readFileSync(`${h.dir}/exp/redis-shopcache.yaml`, 'utf8');
    h.write('exp/redis-shopcache.yaml', text.replace('${file:secrets/shopcache.txt}', '${env:REDIS_SHOPCACHE_ADMPASSWORD}')
      .replace(/tags:\n/, 'tags:\n    owner: ${public:env:SHOP_OWNER}\n'));
    const r = await h.run(['drift', 'exp'], { unset });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exp\/redis-shopcache\.yaml:\d+:\d+: environment variable SHOP_OWNER is not set/);
  });
});
