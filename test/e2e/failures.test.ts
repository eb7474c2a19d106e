// API faults through the real CLI: a 400 on create, an action ending in ERROR, a lost create answer,
// expired tokens and 429 storms. Each fails clearly (or recovers) and a re-run converges with no duplicate.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

async function setup(opts: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = await harness({ secrets: SECRETS, ...opts });
  h.write('stack.yaml', stackYaml());
  h.write('redis.yaml', redisYaml());
  h.write('postgresql.yaml', postgresYaml());
  return h;
}

function count(h: Harness, name: string): number {
  return h.sim.state.resources.filter((r) => r.name === name).length;
}

async function convergesWithoutDuplicates(h: Harness): Promise<void> {
  const again = await h.run(['apply', '--auto-approve']);
  expect(again.code).toBe(0);
  const plan = await h.run(['plan', '--detailed-exitcode']);
  expect(plan.code).toBe(0);
  expect(count(h, 'orderscache')).toBe(1);
  expect(count(h, 'ordersdb')).toBe(1);
}

describe('failures', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('an API 400 on create names method, path, status and message; independent work goes on', async () => {
    h = await setup();
    h.sim.faults.rejectNext.push({ method: 'POST', pathPrefix: '/itcare/databases/redis', status: 400, errorCode: 'INVALID_FIELD_VALUE', errorMessage: 'networkId 1234511 is full' });
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('400 POST /itcare/databases/redis: networkId 1234511 is full');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    expect(count(h, 'ordersdb')).toBe(1);
    expect(count(h, 'orderscache')).toBe(0);
    await convergesWithoutDuplicates(h);
  });

  it('an action that ends in ERROR fails the apply; the re-run converges', async () => {
    h = await setup();
    h.sim.faults.failActions.push({ resourceName: 'orderscache', operation: 'create', message: 'no capacity left in EB-QA', count: 1 });
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('no capacity left in EB-QA');
    await convergesWithoutDuplicates(h);
  });

  it('a create whose answer is lost is found by name, not created twice', async () => {
    h = await setup();
    h.write('postgresql.yaml', '');
    h.sim.faults.dropResponseNext = 1;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(h.sim.requests.filter((q) => q.method === 'POST' && q.path === '/itcare/databases/redis')).toHaveLength(1);
    h.write('postgresql.yaml', postgresYaml());
    await convergesWithoutDuplicates(h);
  });

  it('an apply interrupted mid-way (killed) converges on re-run without duplicates', async () => {
    h = await setup({ sim: { actionMs: 400 } });
    let proc: import('node:child_process').ChildProcess | undefined;
    const run = h.run(['apply', '--auto-approve'], { onSpawn: (c) => (proc = c) });
    // Kill the CLI once the creates were accepted but before their actions finish.
    const deadline = Date.now() + 10_000;
    while (h.sim.requests.filter((q) => q.method === 'POST' && q.path.startsWith('/itcare/databases/')).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    proc!.kill('SIGKILL');
    const killed = await run;
    expect(killed.code).not.toBe(0);
    await convergesWithoutDuplicates(h);
  });

  it('tokens that expire during a run are refreshed (before expiry and after a 401)', async () => {
    h = await setup({ sim: { tokenTtlSeconds: 1, actionMs: 700 } });
    const run = h.run(['apply', '--auto-approve']);
    // Invalidate every issued token once the creates are in flight: the next calls get 401.
    const deadline = Date.now() + 10_000;
    while (!h.sim.requests.some((q) => q.method === 'POST' && q.path.startsWith('/itcare/databases/')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    h.sim.faults.expireTokens();
    const r = await run;
    expect(r.code).toBe(0);
    expect(h.sim.requests.some((q) => q.status === 401)).toBe(true);
    await convergesWithoutDuplicates(h);
  });

  it('a short 429 storm is absorbed by retries honouring Retry-After', async () => {
    h = await setup({ sim: { } });
    h.sim.faults.retryAfterSeconds = 0;
    h.sim.faults.next429 = 3;
    const r = await h.run(['plan']);
    expect(r.code).toBe(0);
    expect(h.sim.requests.filter((q) => q.status === 429)).toHaveLength(3);
  });

  it('a long 429 storm fails clearly with no write and no stack trace', async () => {
    h = await setup();
    h.sim.faults.retryAfterSeconds = 0;
    h.sim.faults.next429 = 1000;
    const r = await h.run(['apply', '--auto-approve'], { env: { CARETAKER_HTTP_MAX_RETRIES: '2' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/429 GET \/itcare\//);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(h.writes()).toEqual([]);
  });
});
