// The whole life of a stack through the real CLI against the simulator on 127.0.0.1:
// create -> converge -> every update operation -> converge -> destroy, for Redis and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { changesOf, parseStream } from '../support/stream.js';

describe('lifecycle: create, converge, update, destroy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml({ changeReference: 'RFC42' }));
    h.write('redis.yaml', redisYaml());
    h.write('postgresql.yaml', postgresYaml());
  });
  afterAll(async () => h?.close());

  const converged = async () => {
    const r = await h.run(['plan', '--detailed-exitcode']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('No changes.');
    expect(r.code).toBe(0);
  };

  it('validates without touching the network', async () => {
    const before = h.sim.requests.length;
    const r = await h.run(['validate']);
    expect(r.code).toBe(0);
    expect(h.sim.requests.length).toBe(before);
  });

  it('plans two creates and exits 2 with --detailed-exitcode', async () => {
    const r = await h.run(['plan', '--detailed-exitcode']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Plan: 2 to create, 0 to update, 0 to replace, 0 to destroy');
    expect(r.stdout).toContain('POST /itcare/databases/redis');
    expect(r.stdout).toContain('admPassword: (sensitive)');
  });

  it('refuses to apply without a terminal and without --auto-approve, making no write', async () => {
    const since = h.sim.requests.length;
    const r = await h.run(['apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--auto-approve');
    expect(h.writes(since)).toEqual([]);
  });

  it('creates both, tags them with the stack, and converges', async () => {
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Apply complete: 2 succeeded, 0 failed, 0 skipped/);
    await converged();
  });

  it('an apply with nothing to do makes no write call', async () => {
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(h.writes(since)).toEqual([]);
  });

  it('plans and applies every Redis update operation, then converges', async () => {
    h.write('redis.yaml', redisYaml({
      nodeSizing: '4cpu8gb', monitoringEnabled: true, onCallSupervision: true, patchGroup: '3',
      tags: { app: 'orders', owner: 'payments' }, state: 'stopped',
    }));
    const plan = await h.run(['plan']);
    expect(plan.stdout).toContain('resize 2cpu4gb -> 4cpu8gb');
    for (const op of ['"resize"', 'update_monitoring', 'update_patch_party', '"stop"']) {
      expect((await h.run(['plan', '--json'])).stdout).toContain(op);
    }
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    const writes = h.writes(since).map((w) => `${w.method} ${w.path}`);
    expect(writes.filter((w) => w.startsWith('PATCH /itcare/databases/redis/'))).toHaveLength(4);
    expect(writes.some((w) => w.includes('/tags'))).toBe(true);
    await converged();
  });

  it('starts a stopped Redis again', async () => {
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb', onCallSupervision: true, patchGroup: '3', tags: { app: 'orders', owner: 'payments' } }));
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stdout).toContain('start');
    expect(r.code).toBe(0);
    await converged();
  });

  it('upgrades PostgreSQL, enables HA and installs an extension, then converges', async () => {
    h.write('postgresql.yaml', postgresYaml({ postgreVersion: '16', ha: true, extensions: ['pgcrypto', 'citext'] }));
    const plan = await h.run(['plan', '--json']);
    const json = { changes: changesOf(parseStream(plan.stdout)) } as { changes: Array<{ address: string; operations: Array<{ body?: { operation?: string }; irreversible: boolean }> }> };
    const pg = json.changes.find((c) => c.address === 'PostgreSQL/ordersdb')!;
    expect(pg.operations.map((o) => o.body?.operation)).toEqual(['upgrade', 'enable_ha', 'install_extension']);
    expect(pg.operations.filter((o) => o.irreversible).map((o) => o.body?.operation)).toEqual(['upgrade', 'enable_ha']);
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    await converged();
  });

  it('destroys every owned resource and leaves nothing behind', async () => {
    const r = await h.run(['destroy', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Destroy complete: 2 succeeded');
    expect(r.stdout).not.toContain('Apply complete');
    const left = h.sim.state.resources.map((x) => x.name);
    expect(left).not.toContain('orderscache');
    expect(left).not.toContain('ordersdb');
    const plan = await h.run(['plan']);
    expect(plan.stdout).toContain('2 to create');
  });
});
