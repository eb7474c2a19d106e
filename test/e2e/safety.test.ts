// "Nothing lost, nothing leaked", through the real CLI against the simulator: each reproduction of the
// safety issue (symlinked manifests pruned, ${file:} reading any path, secrets in tags and failed-action
// messages, a Stack endpoint redirecting the token, an empty list answer) fails safe.
import { createServer, type Server } from 'node:http';
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { PG_PASSWORD, postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

let h: Harness;
afterEach(async () => h?.close());

function count(name: string): number {
  return h.sim.state.resources.filter((r) => r.name === name).length;
}

describe('manifest discovery', () => {
  it('follows a symlinked manifest: prune does not delete its resource, and the run says what it read', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml({ prune: true }));
    h.write('redis.yaml', redisYaml({ name: 'symcache1' }));
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    mkdirSync(join(h.dir, 'real'));
    renameSync(join(h.dir, 'redis.yaml'), join(h.dir, 'real', 'redis.yaml.src'));
    symlinkSync(join(h.dir, 'real', 'redis.yaml.src'), join(h.dir, 'redis.yaml'));
    const v = await h.run(['validate']);
    expect(v.stdout).toContain('Read 2 manifest file(s), 2 document(s): stack "orders-e2e", 1 resource(s).');
    const since = h.sim.requests.length;
    const p = await h.run(['plan', '--detailed-exitcode']);
    expect(p.code).toBe(0);
    expect(p.stdout).not.toContain('destroyed');
    const a = await h.run(['apply', '--auto-approve']);
    expect(a.code).toBe(0);
    expect(h.writes(since)).toEqual([]);
    expect(count('symcache1')).toBe(1);
  });

  it('a binary file is one short error with its path, and nothing is sent', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('blob.yaml', '\u0000'.repeat(10) + 'x'.repeat(100_000));
    const since = h.sim.requests.length;
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(3);
    expect(r.stderr).toMatch(/blob\.yaml:1:1: binary file/);
    expect(h.sim.requests.length).toBe(since);
  });
});

describe('${file:…} is confined to the manifest root', () => {
  it.each(['/etc/hostname', '../../../../etc/hostname', '/proc/self/environ'])('%s is refused with file:line:col and no request', async (target) => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('postgresql.yaml', postgresYaml().replace(/admPassword: .*/, `admPassword: \${file:${target}}`));
    const since = h.sim.requests.length;
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/postgresql\.yaml:\d+:\d+: .*(absolute path not allowed|outside the manifest root)/);
    expect(h.sim.requests.length).toBe(since);
  });
});

describe('secrets stay secret', () => {
  it('refuses to store an interpolated secret in a tag anyone can read back', async () => {
    h = await harness({ secrets: { ...SECRETS, TAG_SECRET: 'Rotate#Secret-OLD1' } });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml({ tags: { app: 'orders', apikey: '${env:TAG_SECRET}' } }));
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/redis\.yaml:\d+:\d+: an interpolated value would be stored in tags\.apikey/);
    expect(h.sim.requests.length).toBe(since);
  });

  it('scrubs a password echoed by a failed action from text, JSON and -v output', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('postgresql.yaml', postgresYaml());
    // The message is long: truncation at 300 characters must come after scrubbing.
    const message = `${'x'.repeat(280)} password ${PG_PASSWORD} rejected`;
    h.sim.faults.failActions.push({ resourceName: 'ordersdb', operation: 'create', message, count: 3 });
    for (const args of [['apply', '--auto-approve'], ['apply', '--auto-approve', '--json'], ['apply', '--auto-approve', '-v']]) {
      const r = await h.run(args); // the harness fails the test on any leak, whole or in part
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/password \(sensitive\) rejected|rejected/);
    }
  });

  it('scrubs a password echoed by a synchronous 400 whose message is cut', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('postgresql.yaml', postgresYaml());
    h.sim.faults.rejectNext.push({ method: 'POST', pathPrefix: '/itcare/databases/postgresql', status: 400, errorMessage: `${'y'.repeat(290)}${PG_PASSWORD}` });
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('400 POST /itcare/databases/postgresql');
  });
});

describe('credentials go only where the operator points them', () => {
  let trap: Server | undefined;
  afterEach(() => new Promise<void>((done) => (trap ? trap.close(() => done()) : done())));

  it('refuses a Stack endpoint that differs from ITCARE_ENDPOINT, naming both; the other host gets nothing', async () => {
    const seen: string[] = [];
    trap = createServer((req, res) => {
      seen.push(String(req.headers.authorization ?? 'none'));
      res.end('{}');
    });
    await new Promise<void>((ok) => trap!.listen(0, '127.0.0.1', ok));
    const other = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml().replace('spec:\n', `spec:\n  provider:\n    itcare:\n      endpoint: ${other}\n`));
    h.write('redis.yaml', redisYaml());
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(other);
    expect(r.stderr).toContain(h.env.ITCARE_ENDPOINT);
    expect(seen).toEqual([]);
    const ok = await h.run(['plan'], { env: { ITCARE_ENDPOINT: h.env.ITCARE_ENDPOINT! } });
    expect(ok.code).toBe(1); // still refused: ITCARE_ENDPOINT confirms the simulator, not the Stack's URL
    expect(seen).toEqual([]);
  });

  it('the plan says which endpoint it read', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    const r = await h.run(['plan']);
    expect(r.stdout.split('\n')[0]).toBe(`Using the ITCare API at ${h.env.ITCARE_ENDPOINT}`);
  });
});

describe('answers that are not what the docs say', () => {
  it('an empty 200 to a list is an error naming the call, and nothing is created', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.sim.faults.rejectNext.push({ method: 'GET', pathPrefix: '/itcare/databases', status: 200 });
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GET \/itcare\/databases.*empty answer/);
    expect(h.writes(since)).toEqual([]);
  });
});

describe('the blast-radius guard', () => {
  it('refuses a prune of every resource of a kind the manifests no longer hold, unless --max-deletes allows it', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml({ prune: true }));
    h.write('redis.yaml', redisYaml({ name: 'gonecache' }));
    h.write('postgresql.yaml', postgresYaml());
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    h.write('redis.yaml', '# emptied by a bad merge\n');
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to prune: .*no Redis resource at all/);
    expect(r.stderr).toContain('Redis/gonecache');
    expect(h.writes(since)).toEqual([]);
    expect(count('gonecache')).toBe(1);
    const plan = await h.run(['plan']);
    expect(plan.stdout).toMatch(/Warning: apply will refuse this plan/);
    const allowed = await h.run(['apply', '--auto-approve', '--max-deletes', '1']);
    expect(allowed.code).toBe(0);
    expect(count('gonecache')).toBe(0);
    expect(count('ordersdb')).toBe(1);
  });
});
