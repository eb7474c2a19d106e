// Ctrl-C during apply (issue 12 item 3), through the real CLI against the simulator on the
// application example: the first SIGINT sends nothing new, waits for what is in flight and reports;
// a second one stops waiting at once with the same report. Both exit 130, and a re-run converges
// with no duplicate.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';

const SECRETS = { SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26' };
const NAMES = ['shop-k8s', 'shop.cegedim.cloud', 'backoffice.shop.cegedim.cloud', 'shopcache', 'shopdb'];

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

/** Starts `apply --auto-approve`, keeping the child and its stdout so far. */
function startApply(h: Harness) {
  let child: ChildProcess | undefined;
  let out = '';
  const done = h.run(['apply', '--auto-approve'], {
    onSpawn: (c) => {
      child = c;
      c.stdout!.on('data', (d) => (out += d));
    },
  });
  return { done, child: () => child!, out: () => out };
}

async function convergesWithoutDuplicates(h: Harness): Promise<void> {
  const again = await h.run(['apply', '--auto-approve']);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  const plan = await h.run(['plan', '--detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
  for (const name of NAMES) expect(h.sim.state.resources.filter((r) => r.name === name), name).toHaveLength(1);
}

const clusterCreate = (h: Harness) => h.sim.requests.some((q) => q.method === 'POST' && q.path === '/itcare/compute/containers/kubernetes');

describe('apply interrupted by a signal', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('first SIGINT: starts nothing new, waits for the creates in flight, reports them, exits 130; a re-run converges', async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application', sim: { actionMs: 40 } });
    h.sim.faults.slowActionMs = 700;
    const a = startApply(h);
    await until(() => clusterCreate(h));
    a.child().kill('SIGINT');
    const r = await a.done;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(r.stdout).toMatch(/Interrupted \(SIGINT\): no new call will be sent; waiting for what is already sent/);
    expect(r.stdout).toMatch(/ {2}waiting: KubernetesCluster\/shop-k8s: .* \(action \d+\)/);
    expect(r.stdout).toMatch(/Apply interrupted \(SIGINT\): \d+ succeeded, 0 failed/);
    expect(r.stdout).toContain('Finished: ');
    expect(r.stdout).toContain('KubernetesCluster/shop-k8s');
    // The load balancer in front of the cluster depends on it: never sent.
    expect(r.stdout).toMatch(/Not started: .*LoadBalancer\/shop\.cegedim\.cloud/);
    expect(r.stdout).toContain('To resume, run the same command again');
    expect(h.sim.requests.some((q) => q.method === 'POST' && /kubernetes\/\d+\/loadbalancers$/.test(q.path))).toBe(false);
    // It waited: nothing this run started is still running on the server.
    expect(h.sim.state.actions.filter((x) => x.status === 'IN_PROGRESS' && x.dueAt > Date.now() + 1000)).toEqual([]);
    h.sim.faults.slowActionMs = undefined;
    await convergesWithoutDuplicates(h);
  });

  it('second SIGINT: stops waiting at once, names the actions still running on the server, exits 130; a re-run converges', async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application', sim: { actionMs: 40 } });
    h.sim.faults.slowActionMs = 600_000;
    const a = startApply(h);
    await until(() => clusterCreate(h) && /action \d+/.test(a.out()));
    a.child().kill('SIGINT');
    await until(() => a.out().includes('Interrupted (SIGINT)'));
    const t0 = Date.now();
    a.child().kill('SIGINT');
    const r = await a.done;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(r.stdout).toMatch(/Apply interrupted \(SIGINT, stopped waiting\)/);
    const running = h.sim.state.actions.filter((x) => x.status === 'IN_PROGRESS').map((x) => String(x.id));
    expect(running.length).toBeGreaterThan(0);
    const block = r.stdout.slice(r.stdout.indexOf('Still running on the server:'));
    for (const id of running) expect(block).toContain(`(action ${id})`);
    expect(block).toContain('To resume, run the same command again');
    // The actions finish on the server; the re-run waits for what is left and converges.
    h.sim.faults.slowActionMs = undefined;
    for (const x of h.sim.state.actions) if (x.status === 'IN_PROGRESS') x.dueAt = Date.now();
    await convergesWithoutDuplicates(h);
  });
});
