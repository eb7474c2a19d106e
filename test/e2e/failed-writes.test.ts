// Failures are failures (issue 24 item 3): a write answered with an error after the HTTP layer's
// retries fails its change with the HTTP error (method, path, status, the API's message), is counted
// in the summary and makes apply exit 1; the next apply converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { changesOf, ofType, parseStream } from '../support/stream.js';

describe('a write that failed after its retries', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
  });
  afterAll(async () => h?.close());

  it('fails its change with the HTTP error, before anything else; exit 1; the next apply converges', async () => {
    // The tag PUT of the new Redis is answered 500 on its first try and both retries.
    for (let i = 0; i < 3; i++) h.sim.faults.rejectNext.push({ method: 'PUT', pathPrefix: '/itcare/compute/resources', status: 500, errorMessage: 'tag service unavailable' });
    const since = h.sim.requests.length;
    const r = await h.run(['apply', '--auto-approve'], { env: { CARETAKER_HTTP_MAX_RETRIES: '2' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const id = h.sim.state.resources.find((x) => x.name === 'orderscache')!.id;
    const failure = `500 PUT /itcare/compute/resources/${id}/tags: tag service unavailable`;
    expect(r.stdout).toContain(`set tags: caretaker-stack=orders-e2e, app=orders, team=checkout: failed: ${failure}`);
    expect(r.stdout).toContain('Apply complete: 0 succeeded, 1 failed, 0 skipped');
    expect(r.stdout).toMatch(new RegExp(`Failed \\(1\\):\\n\\s+Redis/orderscache: ${failure.replace(/[/.]/g, '\\$&')}`));
    expect(r.stdout + r.stderr).not.toMatch(/changed while caretaker waited|run plan again/);
    // Sent three times by the HTTP layer, never again by the executor.
    expect(h.writes(since).filter((w) => w.method === 'PUT')).toHaveLength(3);

    const again = await h.run(['apply', '--auto-approve', '--json']);
    expect(again.code, again.stdout).toBe(0);
    expect(changesOf(parseStream(again.stdout)).map((c) => c.action)).toEqual(['update']);
    const plan = await h.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('the JSON stream carries the failure as apply_errored and in the closing summary', async () => {
    h.write('redis.yaml', redisYaml({ tags: { app: 'orders', team: 'payments' } }));
    // The tag change is a DELETE then a POST; the DELETE is answered 503 three times.
    for (let i = 0; i < 3; i++) h.sim.faults.rejectNext.push({ method: 'DELETE', pathPrefix: '/itcare/compute/resources', status: 503, errorMessage: 'maintenance' });
    const r = await h.run(['apply', '--auto-approve', '--json'], { env: { CARETAKER_HTTP_MAX_RETRIES: '2' } });
    expect(r.code).toBe(1);
    const stream = parseStream(r.stdout);
    expect(JSON.stringify(ofType(stream, 'apply_errored'))).toContain('503 DELETE /itcare/compute/resources/');
    expect(stream.at(-1)).toMatchObject({ type: 'change_summary' });
    expect(JSON.stringify(stream.at(-1))).toMatch(/"failed":1/);
  });
});
