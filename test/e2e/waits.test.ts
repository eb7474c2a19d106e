// Bounded waits (issue 12 item 4) through the real CLI: --action-timeout and its variable, a bad
// duration, and an action ending with a status the docs do not list (CANCELED) ending the wait.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

async function setup(): Promise<Harness> {
  const h = await harness({ secrets: SECRETS });
  h.write('stack.yaml', stackYaml());
  h.write('redis.yaml', redisYaml());
  return h;
}

describe('bounded waits', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('--action-timeout gives up on a stuck action, saying it may still finish; the variable does the same', async () => {
    h = await setup();
    h.sim.faults.slowActionMs = 600_000;
    const t0 = Date.now();
    const r = await h.run(['apply', '--auto-approve', '--action-timeout', '1s']);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Redis\/orderscache: action \d+ still IN_PROGRESS after \d+s \(the action timeout is 1s\); it may still finish on the server/);
    expect(r.stdout).toContain('Failed (1):');
    const env = await h.run(['apply', '--auto-approve'], { env: { CARETAKER_ACTION_TIMEOUT: '1500ms' } });
    expect(env.code).toBe(1);
    expect(env.stdout).toContain('the action timeout is 2s');
  });

  it('refuses a duration that is not one, naming the flag or the variable', async () => {
    h = await setup();
    const flag = await h.run(['apply', '--auto-approve', '--request-timeout', 'soon']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe('Error: --request-timeout must be a positive duration such as 90s, 10m or 1h (got "soon")\n');
    const env = await h.run(['apply', '--auto-approve'], { env: { CARETAKER_ACTION_TIMEOUT: '0' } });
    expect(env.stderr).toBe('Error: CARETAKER_ACTION_TIMEOUT must be a positive duration such as 90s, 10m or 1h (got "0")\n');
    expect(h.writes()).toEqual([]);
  });

  it('an action that ends CANCELED fails its change at once with the status in the message', async () => {
    h = await setup();
    h.sim.faults.failActions.push({ resourceName: 'orderscache', operation: 'create', status: 'CANCELED', message: 'canceled by an operator', count: 1 });
    const r = await h.run(['apply', '--auto-approve', '--action-timeout', '20s']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Redis\/orderscache: action \d+ failed \(status CANCELED\): canceled by an operator/);
    const again = await h.run(['apply', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(h.sim.state.resources.filter((x) => x.name === 'orderscache')).toHaveLength(1);
  });
});
