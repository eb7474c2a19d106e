// The three duplicate-making reproductions of issue 12, through the real CLI and the simulator. In
// each, a run plans while the node-add action of an earlier (killed, concurrent or answer-less) call
// is still IN_PROGRESS: the live cluster still has 3 nodes, because ITCare adds the nodes when the
// action ends (the simulator applies the create_nodes effect at completion, ITCARE-API §2, the
// "apply the state change at completion" rule). Before the re-plan after waiting, such a run waited,
// then sent the node-add PATCH it had computed from 3 nodes: the cluster ended with 5 nodes.
//
// To reproduce the timing every time, each new action is held IN_PROGRESS until some run has
// read the cluster's nodes after the action was submitted (that run therefore planned from 3 nodes
// and a pending action), then it finishes at once. A hold never lasts more than HOLD_MAX_MS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';

const example = (f: string) => readFileSync(join(ROOT, 'examples', 'application', f), 'utf8');
const GROW: [string, string] = ['{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }'];
const HOLD_MAX_MS = 8_000;
const NODES_READ = /^\/itcare\/compute\/containers\/kubernetes\/\d+\/nodes$/;

async function clusterStack(): Promise<Harness> {
  const h = await harness({ sim: { actionMs: 40 } });
  h.write('stack.yaml', example('stack.yaml'));
  h.write('cluster.yaml', example('cluster.yaml'));
  const first = await h.run(['apply', '--auto-approve']);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  // From here on actions last until the holder lets them finish.
  h.sim.faults.slowActionMs = 600_000;
  return h;
}

interface Holder {
  stop(): void;
  /** From now on, an answered request matching `re` lets the held actions finish. */
  releaseOn(re: RegExp): void;
}

/**
 * Holds every IN_PROGRESS action until a request matching `release` is answered after the action was
 * first seen (the answer is fixed when its log entry gets a status), or `maxMs` passed.
 */
function holdActions(h: Harness, release: RegExp | undefined, maxMs = HOLD_MAX_MS): Holder {
  const seen = new Map<number, { index: number; at: number }>();
  const holder: Holder = {
    stop: () => clearInterval(timer),
    releaseOn(re) {
      release = re;
      for (const mark of seen.values()) mark.index = h.sim.requests.length;
    },
  };
  const timer = setInterval(() => {
    for (const a of h.sim.state.actions) {
      if (a.status !== 'IN_PROGRESS') continue;
      const mark = seen.get(a.id);
      if (!mark) {
        seen.set(a.id, { index: h.sim.requests.length, at: Date.now() });
        continue;
      }
      const re = release;
      const read = re !== undefined && h.sim.requests.slice(mark.index).some((q) => q.method === 'GET' && re.test(q.path) && q.status === 200);
      if (read || Date.now() - mark.at > maxMs) a.dueAt = Date.now();
    }
  }, 5);
  return holder;
}

function nodes(h: Harness): number {
  const r = h.sim.state.resources.find((x) => x.name === 'shop-k8s');
  return Array.isArray(r?.attrs.nodes) ? r.attrs.nodes.length : -1;
}

const nodeAdds = (h: Harness) => h.sim.requests.filter((q) => q.method === 'PATCH' && /^\/itcare\/compute\/containers\/kubernetes\/\d+$/.test(q.path));

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

async function convergedWith4Nodes(h: Harness, before: number): Promise<void> {
  for (const a of h.sim.state.actions) if (a.status === 'IN_PROGRESS') a.dueAt = Date.now();
  expect(nodes(h)).toBe(4);
  expect(nodeAdds(h).filter((q) => q.status < 400)).toHaveLength(before + 1);
  expect(h.sim.state.resources.filter((x) => x.name === 'shop-k8s')).toHaveLength(1);
  const plan = await h.run(['plan', '--detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
}

describe('re-plan after waiting: the duplicate-making reproductions of issue 12', () => {
  let h: Harness;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    await h?.close();
  });

  it('kill 0.5 s after "add 1 node" started, apply again: the node is added once', async () => {
    h = await clusterStack();
    expect(nodes(h)).toBe(3);
    h.write('cluster.yaml', example('cluster.yaml').replace(...GROW));
    const before = nodeAdds(h).length;
    stop = holdActions(h, NODES_READ).stop;
    let proc: ChildProcess | undefined;
    const killed = h.run(['apply', '--auto-approve'], { onSpawn: (c) => (proc = c) });
    await until(() => nodeAdds(h).slice(before).some((q) => q.status === 202 || q.status === 200));
    await new Promise((r) => setTimeout(r, 500));
    proc!.kill('SIGKILL');
    await killed;
    expect(nodes(h)).toBe(3); // the action is still running: the node is not there yet
    const again = await h.run(['apply', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/waits for 1 action/);
    await convergedWith4Nodes(h, before);
  });

  it('two applies together: the second refuses, naming the running action; with --wait it waits and adds nothing', async () => {
    h = await clusterStack();
    h.write('cluster.yaml', example('cluster.yaml').replace(...GROW));
    const before = nodeAdds(h).length;
    // The first run's action is held while the second run plans and is refused.
    const holder = holdActions(h, undefined, 30_000);
    stop = holder.stop;
    const a = h.run(['apply', '--auto-approve']);
    await until(() => nodeAdds(h).slice(before).some((q) => q.status === 202 || q.status === 200));
    const refused = await h.run(['apply', '--auto-approve']);
    holder.releaseOn(NODES_READ);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/another run.*action \d+.*shop-k8s/is);
    expect(refused.stderr).toContain('--wait');
    const waited = await h.run(['apply', '--auto-approve', '--wait']);
    expect(waited.stdout).toMatch(/waits for 1 action/);
    const ra = await a;
    expect(ra.code, ra.stdout + ra.stderr).toBe(0);
    expect(waited.code, waited.stdout + waited.stderr).toBe(0);
    await convergedWith4Nodes(h, before);
  });

  it('the answer of the node-add call is lost: the same apply converges and the node is added once', async () => {
    h = await clusterStack();
    h.write('cluster.yaml', example('cluster.yaml').replace(...GROW));
    const before = nodeAdds(h).length;
    stop = holdActions(h, NODES_READ).stop;
    h.sim.faults.dropResponseNext = 1; // the node-add PATCH is the only write of this apply
    const first = await h.run(['apply', '--auto-approve']);
    expect(nodeAdds(h).slice(before).some((q) => q.fault === 'dropped')).toBe(true);
    // The reproduction applies again (before the fix this run added a 5th node); the fix
    // converges in the first apply already.
    const again = await h.run(['apply', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await convergedWith4Nodes(h, before);
    expect(first.code, first.stdout + first.stderr).toBe(0);
  });
});
