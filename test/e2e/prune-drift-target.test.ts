// Pruning, drift detection and targeting through the real CLI: drift exits 0 in sync and 2 on drift,
// --target plans only the named address, and --prune deletes only what this stack owns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

describe('prune, drift and --target', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.write('postgresql.yaml', postgresYaml());
  });
  afterAll(async () => h?.close());

  it('plans only the targeted address', async () => {
    const r = await h.run(['plan', '--target', 'Redis/orderscache']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Redis/orderscache');
    expect(r.stdout).not.toContain('PostgreSQL/ordersdb');
    expect(r.stdout).toContain('1 to create');
  });

  it('drift exits 0 in sync and 2 when the live state differs, in every format', async () => {
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    expect((await h.run(['drift'])).code).toBe(0);
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    for (const format of ['text', 'json', 'markdown']) {
      const r = await h.run(['drift', '--format', format]);
      expect(r.code, format).toBe(2);
      expect(r.stdout, format).toContain('nodeSizing');
    }
    h.write('redis.yaml', redisYaml());
  });

  it('does not delete a resource removed from the manifests unless pruning', async () => {
    // Another stack's database with the same service: pruning must never touch it.
    h.write('other/stack.yaml', stackYaml({ name: 'someone-else' }));
    h.write('other/pg.yaml', postgresYaml({ name: 'theirdb' }));
    expect((await h.run(['apply', '--auto-approve', 'other'])).code).toBe(0);
    h.write('postgresql.yaml', '');
    const plain = await h.run(['plan', '--detailed-exitcode', 'stack.yaml', 'redis.yaml', 'postgresql.yaml']);
    expect(plain.code).toBe(0);
    // The manifests now hold no PostgreSQL at all: the blast-radius guard wants that deletion confirmed.
    const guarded = await h.run(['apply', '--auto-approve', '--prune', 'stack.yaml', 'redis.yaml', 'postgresql.yaml']);
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toMatch(/refusing to prune: .*no PostgreSQL resource at all/);
    const r = await h.run(['apply', '--auto-approve', '--prune', '--max-deletes', '1', 'stack.yaml', 'redis.yaml', 'postgresql.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PostgreSQL/ordersdb');
    const names = h.sim.state.resources.map((x) => x.name);
    expect(names).not.toContain('ordersdb');
    expect(names).toContain('theirdb');
    expect(names).toContain('orderscache');
  });
});
