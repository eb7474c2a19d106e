// Saved plans: `plan -o FILE` then `apply FILE` applies exactly that plan; a plan made stale by a
// change of the live state or of the manifests is refused and applies nothing. No secret in the file.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { REDIS_PASSWORD, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

describe('saved plans', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(): Promise<Harness> {
    const x = await harness({ secrets: SECRETS });
    x.write('stack.yaml', stackYaml());
    x.write('redis.yaml', redisYaml());
    return x;
  }

  it('applies a saved plan exactly, without a prompt, and the file holds no secret', async () => {
    h = await setup();
    h.write('out/.keep', ''); // -o never creates directories
    const p = await h.run(['plan', '-o', 'out/plan.json']);
    expect(p.code).toBe(0);
    const text = readFileSync(join(h.dir, 'out/plan.json'), 'utf8');
    expect(text).not.toContain(REDIS_PASSWORD);
    expect(JSON.parse(text)).toMatchObject({ formatVersion: 1, stack: 'orders-e2e', summary: { create: 1 } });
    const r = await h.run(['apply', 'out/plan.json']);
    expect(r.code).toBe(0);
    expect((await h.run(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('refuses a plan made stale by a live change, and writes nothing', async () => {
    h = await setup();
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    expect((await h.run(['plan', '-o', 'plan.json'])).code).toBe(0);
    // Someone changes the live resource between plan and apply.
    h.write('other.yaml', '');
    h.write('redis.yaml', redisYaml({ monitoringEnabled: false }));
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const since = h.sim.requests.length;
    const r = await h.run(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('plan is stale');
    expect(h.writes(since)).toEqual([]);
  });

  it('applies a plan moved to another directory (a CI artifact downloaded elsewhere) from the manifests\' directory', async () => {
    h = await setup();
    expect((await h.run(['plan', '-o', 'plan.json'])).code).toBe(0);
    h.write('reviewed/.keep', '');
    renameSync(join(h.dir, 'plan.json'), join(h.dir, 'reviewed/plan.json'));
    const r = await h.run(['apply', 'reviewed/plan.json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await h.run(['plan', '--detailed-exitcode'])).code).toBe(0);
    // Moved, and then a manifest edited: still stale, nothing written.
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    expect((await h.run(['plan', '-o', 'next.json'])).code).toBe(0);
    renameSync(join(h.dir, 'next.json'), join(h.dir, 'reviewed/next.json'));
    h.write('redis.yaml', redisYaml({ monitoringEnabled: false }));
    const since = h.sim.requests.length;
    const stale = await h.run(['apply', 'reviewed/next.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('plan is stale');
    expect(h.writes(since)).toEqual([]);
  });

  it('refuses a plan whose manifests changed since', async () => {
    h = await setup();
    expect((await h.run(['plan', '-o', 'plan.json'])).code).toBe(0);
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const r = await h.run(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('plan is stale');
    expect(h.writes()).toEqual([]);
  });
});
