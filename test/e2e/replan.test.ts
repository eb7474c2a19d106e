// Re-plan after waiting: a run that finds actions already in progress on a resource (left by a killed
// run, or started by a concurrent one) waits for them, re-observes the resource and drops what is
// already live. Before this, the re-run sent the node-add PATCH it computed before the action ended,
// and the cluster grew one node too many.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';

const example = (f: string) => readFileSync(join(ROOT, 'examples', 'application', f), 'utf8');
const GROW: [string, string] = ['{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }'];

async function clusterStack(): Promise<Harness> {
  const h = await harness({ sim: { actionMs: 40 } });
  h.write('stack.yaml', example('stack.yaml'));
  h.write('cluster.yaml', example('cluster.yaml'));
  const first = await h.run(['apply', '--auto-approve']);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  // From here on actions last long enough for a re-run to start while the first one runs.
  h.sim.faults.slowActionMs = 600_000;
  return h;
}

function nodes(h: Harness): number {
  const r = h.sim.state.resources.find((x) => x.name === 'shop-k8s');
  return Array.isArray(r?.attrs.nodes) ? r.attrs.nodes.length : -1;
}

const nodeAdds = (h: Harness) => h.sim.requests.filter((q) => q.method === 'PATCH' && /^\/itcare\/compute\/containers\/kubernetes\/\d+$/.test(q.path));

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

/** Holds the running node-add action until a run started after `since` has planned (read the in-progress actions), then lets it finish. */
async function releaseAfterPlanSeesIt(h: Harness, since: number): Promise<void> {
  await until(() => h.sim.requests.slice(since).some((q) => q.method === 'GET' && q.path === '/itcare/actions' && q.query.statuses === 'IN_PROGRESS'));
  for (const a of h.sim.state.actions) if (a.status === 'IN_PROGRESS') a.dueAt = Date.now();
}

async function convergedWith4Nodes(h: Harness): Promise<void> {
  const plan = await h.run(['plan', '--detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
  expect(nodes(h)).toBe(4);
  expect(h.sim.state.resources.filter((x) => x.name === 'shop-k8s')).toHaveLength(1);
}

describe('re-plan after waiting for actions in progress', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a run killed after "add 1 node" started: the re-run waits and does not add the node again', async () => {
    h = await clusterStack();
    expect(nodes(h)).toBe(3);
    h.write('cluster.yaml', example('cluster.yaml').replace(...GROW));
    const before = nodeAdds(h).length;
    let proc: ChildProcess | undefined;
    const killed = h.run(['apply', '--auto-approve'], { onSpawn: (c) => (proc = c) });
    await until(() => nodeAdds(h).length > before);
    proc!.kill('SIGKILL');
    await killed;
    const since = h.sim.requests.length;
    const run = h.run(['apply', '--auto-approve']);
    await releaseAfterPlanSeesIt(h, since);
    const again = await run;
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(nodeAdds(h).length).toBe(before + 1);
    await convergedWith4Nodes(h);
  });

  it('a second apply started while the first adds the node waits for it and adds nothing', async () => {
    h = await clusterStack();
    h.write('cluster.yaml', example('cluster.yaml').replace(...GROW));
    const before = nodeAdds(h).length;
    const a = h.run(['apply', '--auto-approve']);
    await until(() => nodeAdds(h).length > before);
    const since = h.sim.requests.length;
    const second = h.run(['apply', '--auto-approve']);
    await releaseAfterPlanSeesIt(h, since);
    const b = await second;
    const ra = await a;
    expect(ra.code, ra.stdout + ra.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(nodeAdds(h).length).toBe(before + 1);
    await convergedWith4Nodes(h);
  });
});
