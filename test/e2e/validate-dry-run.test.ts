// `plan --validate` through the real CLI against the simulator (issue 13 items 9 and 10): writes go
// with `ITCare-DryRun: true` only when declared honoured, a rejected write shows ITCare's 400 message,
// a create's later calls are "not checked", the pre-check reports availability, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, type Harness } from '../support/cli.js';
import { assertPlanDocument, changesOf, parseStream } from '../support/stream.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

describe('plan --validate: dry runs and pre-checks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    // Valid for the schema, refused by ITCare: the network does not exist.
    h.write('bad.yaml', redisYaml({ name: 'badcache' }).replace('spec:\n', 'spec:\n  networkId: 99999\n'));
  });
  afterAll(async () => h?.close());

  const snapshot = () => JSON.stringify(h.sim.state.resources);

  it('without --dry-run-honoured sends no write (the docs name no method that honours the header)', async () => {
    const since = h.sim.requests.length;
    const r = await h.run(['plan', '--validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# dry run: not checked: not sent: the docs do not say that POST /itcare/databases/redis honours ITCare-DryRun');
    expect(h.writes(since)).toEqual([]);
  });

  it('shows the rejected create with its 400 message, accepts the valid one, and changes nothing', async () => {
    const before = snapshot();
    const since = h.sim.requests.length;
    const r = await h.run(['plan', '--validate', '--dry-run-honoured', 'all']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Redis\/badcache[\s\S]*POST \/itcare\/databases\/redis[^\n]*\n\s+# dry run: REJECTED: 400 Error on field 'networkId': network 99999 does not exist/);
    expect(r.stdout).toMatch(/Redis\/orderscache[\s\S]*POST \/itcare\/databases\/redis[^\n]*\n\s+# dry run: accepted/);
    expect(r.stdout).toContain('# dry run: not checked: needs the id that the create above returns: a create cannot be dry-run beyond its first call');
    expect(r.stderr).toContain("Redis/badcache: operation 1: rejected: 400 Error on field 'networkId': network 99999 does not exist");
    const sent = h.sim.requests.slice(since).filter((q) => q.method !== 'GET' && q.path.startsWith('/itcare/'));
    expect(sent.map((q) => `${q.method} ${q.path} ${q.dryRun}`)).toEqual(['POST /itcare/databases/redis true', 'POST /itcare/databases/redis true']);
    expect(snapshot()).toBe(before);
    expect(h.sim.state.resources.some((x) => x.name === 'orderscache' || x.name === 'badcache')).toBe(false);
  });

  it('dry-runs an update and pre-checks it on the live resource, leaving it as it was', async () => {
    h.write('bad.yaml', '');
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const before = snapshot();
    const r = await h.run(['plan', '--validate', '--dry-run-honoured', 'PATCH /itcare/databases/redis/*', '--json', '-o', 'validated.plan']);
    expect(r.code).toBe(0);
    // The JSON stream carries the checks on each planned_change; the saved plan records them too.
    const streamed = changesOf(parseStream(r.stdout)).find((x) => x.address === 'Redis/orderscache');
    expect(streamed.checks).toEqual([{ operation: 1, dryRun: 'accepted', availability: 'available' }]);
    const saved = JSON.parse(readFileSync(join(h.dir, 'validated.plan'), 'utf8')) as unknown;
    assertPlanDocument(saved);
    const plan = saved as { validated: boolean; changes: Array<{ address: string; operations: Array<{ summary: string }>; checks: unknown[] }> };
    expect(plan.validated).toBe(true);
    const c = plan.changes.find((x) => x.address === 'Redis/orderscache')!;
    expect(c.operations[0]!.summary).toContain('resize');
    expect(c.checks).toEqual([{ operation: 1, dryRun: 'accepted', availability: 'available' }]);
    expect(snapshot()).toBe(before);
  });

  it('shows the cause of an operation ITCare lists as unavailable (an action in progress)', async () => {
    const r = h.sim.state.resources.find((x) => x.name === 'orderscache')!;
    const last = h.sim.state.actions.at(-1)!;
    h.sim.state.actions.push({
      ...last, id: 999001, resourceId: r.id, operation: 'backup', process: 'BACKUP', status: 'IN_PROGRESS',
      dueAt: Date.now() + 600_000, completedAt: null, effect: { type: 'merge', patch: {} },
    });
    const since = h.sim.requests.length;
    const out = await h.run(['plan', '--validate']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('# NOT AVAILABLE: action 999001 (BACKUP) is in progress on orderscache');
    expect(out.stdout).toContain('waits for 1 action already in progress (999001)');
    expect(h.writes(since)).toEqual([]);
  });
});
