// Stale and moved plans explain themselves (issue 24 item 5): which resources' live state changed
// (address, and the field where the plans tell it), which manifest changed and how, and for a moved
// plan where its manifests were looked for and why.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

describe('a saved plan that cannot be applied says why', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function estate(): Promise<Harness> {
    const x = await harness({ secrets: SECRETS });
    x.write('stack.yaml', stackYaml());
    x.write('redis.yaml', redisYaml());
    x.write('pg.yaml', postgresYaml());
    const r = await x.run(['apply', '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    return x;
  }

  it('names the resources whose live state changed, and the field where it is known', async () => {
    h = await estate();
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    expect((await h.run(['plan', '-o', 'plan.json'])).code).toBe(0);
    // Out of band, between plan and apply: the Redis is resized by someone else, and the
    // PostgreSQL's monitoring (which the manifests manage) is turned off.
    const live = (name: string) => h!.sim.state.resources.find((r) => r.name === name)!;
    live('orderscache').sizing = '8cpu16gb';
    live('ordersdb').monitoringEnabled = false;
    const since = h.sim.requests.length;
    const r = await h.run(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: plan is stale: the live state of PostgreSQL/ordersdb (monitoringEnabled) and Redis/orderscache (nodeSizing) changed since the plan was made; run plan again\n');
    expect(h.writes(since)).toEqual([]);
  });

  it('names a resource deleted out of band', async () => {
    h = await estate();
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    expect((await h.run(['plan', '-o', 'plan.json'])).code).toBe(0);
    h.sim.state.resources = h.sim.state.resources.filter((r) => r.name !== 'ordersdb');
    const r = await h.run(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('plan is stale: the live state of PostgreSQL/ordersdb (no longer found live) changed since the plan was made');
  });

  it('names each manifest that changed, and how', async () => {
    h = await estate();
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    expect((await h.run(['plan', '-o', 'plan.json'])).code).toBe(0);
    h.write('redis.yaml', redisYaml({ nodeSizing: '8cpu16gb' }));
    h.write('more.yaml', '');
    rmSync(join(h.dir, 'pg.yaml'));
    const r = await h.run(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('plan is stale: the manifests changed since the plan was made (more.yaml (added), pg.yaml (removed), redis.yaml (edited)); run plan again');
  });

  it('a moved plan says that its manifests are relative to it, and where it looked', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('estate/stack.yaml', stackYaml());
    h.write('estate/redis.yaml', redisYaml());
    expect((await h.run(['plan', '-o', 'plan.json', 'estate'])).code).toBe(0);
    mkdirSync(join(h.dir, 'newcomer', 'elsewhere'), { recursive: true });
    renameSync(join(h.dir, 'plan.json'), join(h.dir, 'newcomer', 'elsewhere', 'plan.json'));
    const r = await h.run(['apply', 'elsewhere/plan.json'], { cwd: 'newcomer' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: the manifests of plan elsewhere/plan.json are gone: elsewhere/estate. A saved plan names its manifests relative to its own folder ' +
      '(elsewhere: estate), so caretaker looked for elsewhere/estate, then in the working directory: estate; ' +
      'apply the plan where it was saved (or from the folder that holds its manifests), or plan again\n');
    // From the folder that holds the manifests, the same moved plan applies.
    const ok = await h.run(['apply', 'newcomer/elsewhere/plan.json']);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
