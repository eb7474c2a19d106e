// Retries that converge in one run (issue 12, item 5): creates lost on the way (reset before the
// server processed them) are sent again in the same apply once the lookup by name finds nothing; a
// create whose answer was dropped after processing is found by name and not sent again; reads hit
// by resets are retried by the HTTP client. One apply converges, with no duplicate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';

const SECRETS = { SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26' };
const example = (f: string) => readFileSync(join(ROOT, 'examples', 'application', f), 'utf8');
const CREATES = /^\/itcare\/databases\/(redis|postgresql)$/;

describe('lost creates are sent again in the same run', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('two creates reset on the way, one answer dropped, reads reset: ONE apply converges with no duplicate', async () => {
    h = await harness({ secrets: SECRETS, sim: { actionMs: 40 } });
    h.write('stack.yaml', example('stack.yaml'));
    h.write('data.yaml', example('data.yaml'));
    const since = h.sim.requests.length;
    // The first two writes (the Redis and PostgreSQL POSTs) are lost before processing; the next
    // processed write has its answer dropped; the first read of the run is reset too.
    Object.assign(h.sim.faults, { resetNextWrites: 2, dropResponseNext: 1, resetNext: 1 });
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/answer lost .* not found by name; sending it again/);
    const log = h.sim.requests.slice(since);
    expect(log.filter((q) => q.fault === 'reset' && q.method === 'POST')).toHaveLength(2);
    expect(log.filter((q) => q.fault === 'dropped')).toHaveLength(1);
    expect(log.filter((q) => q.fault === 'reset' && q.method === 'GET')).toHaveLength(1);
    // Each database was created once: 2 resets + 2 accepted POSTs, one name each.
    expect(log.filter((q) => q.method === 'POST' && CREATES.test(q.path) && q.status >= 200 && q.status < 300)).toHaveLength(2);
    for (const name of ['shopcache', 'shopdb']) expect(h.sim.state.resources.filter((x) => x.name === name)).toHaveLength(1);
    const plan = await h.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });
});
