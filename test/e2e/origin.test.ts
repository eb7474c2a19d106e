// Two manifest sets, one stack name (issue 22 item 8): resources are created with a caretaker-origin tag
// naming the repository and folder of their Stack; the other folder's plan shows them as foreign, and
// apply refuses to update, prune or destroy them unless --allow-foreign-origin (which takes them over).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { changesOf, parseStream } from '../support/stream.js';

describe('two manifest sets with the same stack name', () => {
  let h: Harness;
  const tagsOf = (name: string) => Object.fromEntries(h.sim.state.resources.find((x) => x.name === name)!.tags.map((t) => [t.tagKey, t.tagValue]));
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    // A Git work tree (its config is all caretaker reads) whose origin remote carries a token.
    h.write('repo/.git/config', '[remote "origin"]\n\turl = https://x-access-token:ghs_T0ken@github.com/acme/platform.git\n');
    h.write('repo/eu/stack.yaml', stackYaml({ name: 'orders' }));
    h.write('repo/eu/redis.yaml', redisYaml());
    h.write('repo/us/stack.yaml', stackYaml({ name: 'orders' }));
    h.write('repo/us/redis.yaml', redisYaml({ name: 'sessionscache' }));
  });
  afterAll(async () => h?.close());

  it('create writes the origin tag beside the ownership tag (no credential of the remote in it)', async () => {
    const r = await h.run(['apply', '--auto-approve', 'repo/eu']);
    expect(r.code, r.stderr).toBe(0);
    expect(tagsOf('orderscache')).toMatchObject({ 'caretaker-stack': 'orders', 'caretaker-origin': 'acme/platform:eu' });
    expect(JSON.stringify(h.sim.state.resources)).not.toContain('ghs_T0ken');
    // The origin tag is caretaker's own: never a diff, the plan converges.
    expect((await h.run(['plan', '--detailed-exitcode', 'repo/eu'])).code).toBe(0);
  });

  it('the other folder\'s prune shows the foreign origin and apply refuses it before any write', async () => {
    const plan = await h.run(['plan', '--prune', 'repo/us']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('# created from another manifest set: acme/platform:eu (this one: acme/platform:us); apply refuses it without --allow-foreign-origin');
    const json = await h.run(['plan', '--json', '--prune', 'repo/us']);
    expect(changesOf(parseStream(json.stdout)).find((c) => c.address === 'Redis/orderscache')).toMatchObject({ action: 'delete', foreignOrigin: 'acme/platform:eu' });
    const since = h.sim.requests.length;
    const apply = await h.run(['apply', '--auto-approve', '--prune', 'repo/us']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('refusing to change resources of stack orders that another manifest set manages (two folders use the same stack name?)');
    expect(apply.stderr).toContain('Redis/orderscache (delete) was created from acme/platform:eu, not from this manifest set (acme/platform:us)');
    const destroy = await h.run(['destroy', '--auto-approve', 'repo/us']);
    expect(destroy.code).toBe(1);
    expect(h.writes(since)).toEqual([]);
  });

  it('an update of the other folder\'s resource is refused; --allow-foreign-origin takes it over', async () => {
    h.write('repo/us/cache.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const since = h.sim.requests.length;
    const refused = await h.run(['apply', '--auto-approve', 'repo/us']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Redis/orderscache (update) was created from acme/platform:eu');
    expect(h.writes(since)).toEqual([]);
    const taken = await h.run(['apply', '--auto-approve', '--allow-foreign-origin', 'repo/us']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(tagsOf('orderscache')['caretaker-origin']).toBe('acme/platform:us');
    // Now the first folder is the foreign one.
    const back = await h.run(['apply', '--auto-approve', 'repo/eu']);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('Redis/orderscache (update) was created from acme/platform:us, not from this manifest set (acme/platform:eu)');
  });
});
