// Messages that say what happened and what to do (issue 24 item 6), through the CLI: downgrades refused
// as downgrades at the field's file:line:col, apply showing exactly what plan showed, a deleted
// resource's drift with who deleted it and when, half of the OAuth2 credentials, a weak secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

const USER_TOKEN = 'ops-token-31-long';

describe('messages that say what happened and what to do', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: 'ops@cegedim.com' } } });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.write('pg.yaml', postgresYaml());
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => h?.close());

  it('a version downgrade is refused as a downgrade, at the field, for every versioned kind', async () => {
    h.write('pg.yaml', postgresYaml({ postgreVersion: '13' }));
    h.write('redis.yaml', redisYaml().replace('redisVersion: "7.2"', 'redisVersion: "6.2"'));
    const since = h.sim.requests.length;
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pg.yaml:8:19: PostgreSQL/ordersdb: cannot downgrade PostgreSQL from 15 to 13 (spec.postgreVersion): ITCare only upgrades a PostgreSQL farm (the upgrade operation)');
    expect(r.stderr).toContain('redis.yaml:8:17: Redis/orderscache: cannot downgrade Redis from 7.2 to 6.2 (spec.redisVersion): ITCare has no Redis version change');
    expect(r.stderr).not.toContain('is not in the values ITCare lists');
    expect(h.writes(since)).toEqual([]);
    h.write('pg.yaml', postgresYaml());
    h.write('redis.yaml', redisYaml());
  });

  it('apply shows the plan exactly as plan shows it (no pre-check chatter)', async () => {
    h.write('redis.yaml', redisYaml({ tags: { app: 'orders', team: 'payments' } }));
    const section = (out: string) => out.slice(out.indexOf('Plan for stack'), out.indexOf('\nPlan: ') + 1);
    const plan = await h.run(['plan']);
    expect(plan.code).toBe(0);
    const apply = await h.run(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(section(apply.stdout)).toBe(section(plan.stdout));
    expect(section(plan.stdout)).toContain('tag team=payments');
    expect(apply.stdout).not.toContain('availability unknown');
  });

  it('a resource deleted out of band: drift says who deleted it and when, from the service history', async () => {
    const id = h.sim.state.resources.find((x) => x.name === 'orderscache')!.id;
    const del = await fetch(`${h.sim.url}/itcare/databases/redis/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${USER_TOKEN}` } });
    expect(del.status).toBeLessThan(300);
    // The delete action ends on the simulator's clock.
    await new Promise((r) => setTimeout(r, 200));
    const r = await h.run(['drift']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('Redis/orderscache in the manifests but not found live; its history in the service says what happened');
    expect(r.stdout).toMatch(/changed: DELETE.* by ops@cegedim\.com, \d{4}-\d\d-\d\d/);
  });

  it('half of the OAuth2 client credentials names the missing half', async () => {
    const r = await h.run(['plan'], { unset: ['ITCARE_CLIENT_SECRET'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: incomplete ITCare credentials: ITCARE_CLIENT_ID is set but ITCARE_CLIENT_SECRET is not; ' +
      'set ITCARE_CLIENT_SECRET too (OAuth2 client credentials need both), or set ITCARE_TOKEN instead\n');
  });

  it('a secret equal to a word of caretaker\'s own messages is refused as too weak, and the message is not rewritten', async () => {
    const r = await h.run(['plan'], { env: { E2E_REDIS_PASSWORD: 'character' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^redis\.yaml:11:16: value too weak to protect: the interpolated value is a plain word that caretaker's own messages use/m);
    // The value is not scrubbed, so caretaker's own words stay whole ("at least 8 characters").
    expect(r.stderr).toContain('at least 8 characters, not a plain word');
    expect(r.stderr).not.toContain('(sensitive)');
  });
});
