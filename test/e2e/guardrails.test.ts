// Issue 22 through the real CLI against the simulator: policies (deny, warn, override honoured only by
// apply PLANFILE, every bad input before any request), selection (globs, exclusions with their
// dependents, files), release, typed interpolation, --json-into and --gitlab-report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, REDIS_PASSWORD, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { changesOf, ofType, parseStream } from '../support/stream.js';

const ORG_POLICY = `apiVersion: caretaker/v1
kind: Policy
metadata:
  name: org-rules
spec:
  rules:
    - name: irreversible-needs-override
      deny: change.irreversible
      message: irreversible calls need a reviewer's override
    - name: many-creates
      warn: plan.create > 1
      message: several creates at once
`;

/** A PostgreSQL without its own tags, and a Tags document for it: the Tags document depends on it. */
const pgTagged = () => postgresYaml().replace('  tags:\n    app: orders\n', '');
const pgTags = `apiVersion: caretaker/v1
kind: Tags
metadata:
  name: ordersdb-tags
spec:
  resource: { ref: PostgreSQL/ordersdb }
  tags: { app: orders, team: data }
`;

describe('policies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack/stack.yaml', stackYaml());
    h.write('stack/redis.yaml', redisYaml());
    h.write('org/platform.yaml', ORG_POLICY);
    h.write('plans/.keep', '');
  });
  afterAll(async () => h?.close());

  it('a warning is shown; a create-only plan passes; the first apply goes through', async () => {
    h.write('stack/postgresql.yaml', postgresYaml());
    const p = await h.run(['plan', '--policy', 'org/platform.yaml', 'stack']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('Policy: warning: many-creates (org-rules, org/platform.yaml:11): several creates at once');
    const a = await h.run(['apply', '--auto-approve', '--policy', 'org/platform.yaml', 'stack']);
    expect(a.code, a.stderr).toBe(0);
  });

  it('a denial: plan shows the plan and exits 1; apply (flag or CARETAKER_POLICY) refuses before any write', async () => {
    h.write('stack/redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const since = h.sim.requests.length;
    const p = await h.run(['plan', '--markdown', '--policy', 'org/platform.yaml', 'stack']);
    expect(p.code).toBe(1);
    expect(p.stdout.indexOf('**Denied by the policies** (1 denial)')).toBeLessThan(p.stdout.indexOf('**Plan:'));
    expect(p.stderr).toMatch(/Error: the policies deny this plan .*\nrule irreversible-needs-override \(org-rules, org\/platform.yaml:8\): Redis\/orderscache: irreversible calls need a reviewer's override/);
    const json = await h.run(['plan', '--json', '--policy', 'org/platform.yaml', 'stack']);
    expect(json.code).toBe(1);
    const msgs = parseStream(json.stdout);
    expect(ofType(msgs, 'policy_result')).toEqual([expect.objectContaining({
      '@level': 'error', policy_result: expect.objectContaining({ rule: 'irreversible-needs-override', effect: 'deny', address: 'Redis/orderscache', overridden: false }),
    })]);
    for (const run of [
      ['apply', '--auto-approve', '--policy', 'org/platform.yaml', 'stack'],
      ['apply', '--auto-approve', 'stack'],
    ]) {
      const a = await h.run(run, { env: { CARETAKER_POLICY: 'org/platform.yaml' } });
      expect(a.code, run.join(' ')).toBe(1);
      expect(a.stderr).toContain('the policies deny this plan; nothing was changed');
    }
    expect(h.writes(since)).toEqual([]);
  });

  it('plan --override records the reason and who; only apply PLANFILE honours it', async () => {
    const made = await h.run(['plan', '--policy', 'org/platform.yaml', '--override', 'irreversible-needs-override', '--reason', 'resize agreed with the DBA team', '-o', 'plans/resize.json', 'stack'],
      { env: { CARETAKER_ACTOR: 'alice@example.com' } });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('Override: rule irreversible-needs-override overridden by alice@example.com: resize agreed with the DBA team');
    const saved = JSON.parse(readFileSync(join(h.dir, 'plans/resize.json'), 'utf8'));
    expect(saved.overrides).toEqual([{ rule: 'irreversible-needs-override', reason: 'resize agreed with the DBA team', actor: 'alice@example.com', at: saved.createdAt }]);
    expect(saved.policyResults).toEqual([expect.objectContaining({ rule: 'irreversible-needs-override', overridden: true })]);
    // A fresh apply never takes an override (it has no --override flag at all).
    const fresh = await h.run(['apply', '--auto-approve', '--policy', 'org/platform.yaml', '--override', 'irreversible-needs-override', 'stack']);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/unknown option '--override'/);
    // The saved plan applies, with or without the policy file at hand (its results travel with it).
    const since = h.sim.requests.length;
    const applied = await h.run(['apply', 'plans/resize.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.writes(since).map((w) => w.method)).toEqual(['PATCH']);
  });

  it('a secret pasted into --reason reaches neither the output nor the saved plan (the harness greps both)', async () => {
    const r = await h.run(['plan', '--policy', 'org/platform.yaml', '--override', 'irreversible-needs-override', '--reason', `pw ${REDIS_PASSWORD} rotated`, '-o', 'plans/secret.json', 'stack']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(h.dir, 'plans/secret.json'), 'utf8')).overrides[0].reason).toBe('pw (sensitive) rotated');
  });

  it('a saved plan whose denial was not overridden is refused by apply, even without the policy file', async () => {
    h.write('stack/redis.yaml', redisYaml({ nodeSizing: '8cpu16gb' }));
    expect((await h.run(['plan', '--policy', 'org/platform.yaml', '-o', 'plans/denied.json', 'stack'])).code).toBe(1);
    const since = h.sim.requests.length;
    const a = await h.run(['apply', 'plans/denied.json']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('the policies deny this plan; nothing was changed');
    expect(h.writes(since)).toEqual([]);
    h.write('stack/redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
  });

  it('a Policy document of the manifest set applies like a --policy file', async () => {
    h.write('stack/policy.yaml', ORG_POLICY.replace('org-rules', 'set-rules').replace('irreversible-needs-override', 'no-irreversible').replace('many-creates', 'creates'));
    h.write('stack/redis.yaml', redisYaml({ nodeSizing: '8cpu16gb' }));
    const p = await h.run(['plan', 'stack']);
    expect(p.code).toBe(1);
    expect(p.stdout).toContain('Policy: DENIED: no-irreversible (set-rules, stack/policy.yaml:8): Redis/orderscache');
    h.write('stack/policy.yaml', '');
    h.write('stack/redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
  });

  const bad: Record<string, { reason: string; files?: Record<string, string>; args: string[]; want: RegExp }> = {
    NotYaml: { reason: 'a policy file that is not YAML', files: { 'org/bad.yaml': 'apiVersion: caretaker/v1\nkind: [Policy\n' }, args: ['--policy', 'org/bad.yaml'], want: /org\/bad.yaml:3:1: yaml: / },
    Neither: {
      reason: 'a rule with neither deny nor warn', files: { 'org/bad.yaml': ORG_POLICY.replace('      warn: plan.create > 1\n', '') }, args: ['--policy', 'org/bad.yaml'],
      want: /org\/bad.yaml:10:7: rule "many-creates" has neither deny nor warn: give exactly one of them/,
    },
    Both: {
      reason: 'a rule with both', files: { 'org/bad.yaml': ORG_POLICY.replace('      warn: plan.create > 1\n', '      warn: plan.create > 1\n      deny: plan.create > 9\n') }, args: ['--policy', 'org/bad.yaml'],
      want: /org\/bad.yaml:10:7: rule "many-creates" has both deny and warn/,
    },
    UnknownVariable: {
      reason: 'an expression naming an unknown variable', files: { 'org/bad.yaml': ORG_POLICY.replace('plan.create > 1', 'plan.create > limit') }, args: ['--policy', 'org/bad.yaml'],
      want: /org\/bad.yaml:11:27: rule "many-creates": warn does not compile: unknown variable: limit/,
    },
    OverrideUnknown: {
      reason: 'an --override of a rule that does not exist', args: ['--policy', 'org/platform.yaml', '--override', 'irreversible-need-override', '--reason', 'x'],
      want: /--override "irreversible-need-override": no rule of the policies has this name; did you mean "irreversible-needs-override"\?/,
    },
    OverrideNoReason: { reason: 'an --override without --reason', args: ['--policy', 'org/platform.yaml', '--override', 'irreversible-needs-override'], want: /--override needs --reason TEXT/ },
    MissingFile: { reason: 'a policy file that does not exist', args: ['--policy', 'org/nope.yaml'], want: /no such file or directory: org\/nope.yaml/ },
  };
  it.each(Object.entries(bad))('bad input: %s', async (_n, c) => {
    for (const [f, text] of Object.entries(c.files ?? {})) h.write(f, text);
    const since = h.sim.requests.length;
    const r = await h.run(['plan', ...c.args, 'stack']);
    expect(r.code, c.reason).toBe(1);
    expect(r.stderr, c.reason).toMatch(c.want);
    expect(r.stderr, c.reason).not.toMatch(/at .*\.js:\d+/);
    expect(h.sim.requests.length, `${c.reason}: no request`).toBe(since);
  });
});

describe('selection, release, typed interpolation, --json-into and --gitlab-report', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml().replace('serviceId: 46922', 'serviceId: ${public:env:SERVICE_ID}'));
    h.write('redis.yaml', redisYaml());
    h.write('sessions.yaml', redisYaml({ name: 'sessionscache' }));
    h.write('postgresql.yaml', pgTagged());
    h.write('tags.yaml', pgTags);
    h.write('sel/targets.txt', '# the caches\nRedis/*   # both of them\n');
    h.write('sel/excludes.txt', '\n# not the sessions\nRedis/sessions*\n');
  });
  afterAll(async () => h?.close());
  const env = { SERVICE_ID: '46922' };

  it('typed interpolation: the Stack default serviceId comes from ${public:env:SERVICE_ID}', async () => {
    const p = await h.run(['plan', '--json'], { env });
    expect(p.code, p.stderr).toBe(0);
    expect(changesOf(parseStream(p.stdout)).find((c) => c.address === 'Redis/orderscache')!.operations[0].body.serviceId).toBe(46922);
    const bad = await h.run(['validate'], { env: { SERVICE_ID: 'qa' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('stack.yaml:7:16: defaults.serviceId wants an integer, and the value of environment variable SERVICE_ID is not one');
  });

  it('--exclude takes what depends on it along, and the plan says so; globs and files select', async () => {
    const x = await h.run(['plan', '--exclude', 'PostgreSQL/*'], { env });
    expect(x.code, x.stderr).toBe(0);
    expect(x.stdout).toContain('Excluded (--exclude PostgreSQL/*): 2 changes left out: PostgreSQL/ordersdb (create), Tags/ordersdb-tags (create; depends on excluded PostgreSQL/ordersdb).');
    expect(x.stdout).toContain('Plan: 2 to create');
    const files = await h.run(['plan', '--json', '--target-file', 'sel/targets.txt', '--exclude-file', 'sel/excludes.txt'], { env });
    expect(files.code, files.stderr).toBe(0);
    expect(changesOf(parseStream(files.stdout)).map((c) => c.address)).toEqual(['Redis/orderscache']);
    const glob = await h.run(['plan', '--json', '--target', '*/orders*'], { env });
    expect(changesOf(parseStream(glob.stdout)).map((c) => c.address)).toEqual(['PostgreSQL/ordersdb', 'Redis/orderscache', 'Tags/ordersdb-tags']);
  });

  const badSelection: Record<string, { reason: string; args: string[]; want: RegExp }> = {
    NoMatch: { reason: 'a pattern that matches nothing, with a did-you-mean', args: ['--exclude', 'Rediss/*'], want: /--exclude "Rediss\/\*" matches no resource of the manifests .*; did you mean "Redis\/\*"\?/ },
    ExcludesAll: { reason: 'an exclusion that removes every resource', args: ['--exclude', '*/*'], want: /remove every resource of the manifests: nothing is left to plan/ },
    MissingFile: { reason: 'a target file that does not exist', args: ['--target-file', 'sel/nope.txt'], want: /cannot read --target-file sel\/nope.txt: ENOENT/ },
    JsonAndInto: { reason: '--json and --json-into together', args: ['--json', '--json-into', 'out.jsonl'], want: /--json-into writes the JSON stream to a file/ },
    IntoNoDir: { reason: '--json-into a directory that does not exist', args: ['--json-into', 'nowhere/out.jsonl'], want: /cannot write --json-into nowhere\/out.jsonl: ENOENT/ },
  };
  it.each(Object.entries(badSelection))('bad input: %s', async (_n, c) => {
    const since = h.sim.requests.length;
    const r = await h.run(['plan', ...c.args], { env });
    expect(r.code, c.reason).toBe(1);
    expect(r.stderr, c.reason).toMatch(c.want);
    expect(h.sim.requests.length, `${c.reason}: no request`).toBe(since);
  });

  it('an exclusion that removes every change is refused before any write; saved plans record the selection', async () => {
    h.write('plans/.keep', '');
    const saved = await h.run(['plan', '--exclude', 'Redis/sessions*', '--target', 'Redis/*', '-o', 'plans/sel.json'], { env });
    expect(saved.code, saved.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(h.dir, 'plans/sel.json'), 'utf8'));
    expect([doc.targets, doc.excludes, doc.changes.map((c: { address: string }) => c.address)]).toEqual([['Redis/*'], ['Redis/sessions*'], ['Redis/orderscache']]);
    const since = h.sim.requests.length;
    expect((await h.run(['apply', '--exclude', 'Redis/*', 'plans/sel.json'], { env })).stderr).toContain('--exclude cannot be combined with a saved plan');
    const applied = await h.run(['apply', 'plans/sel.json'], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.writes(since).filter((w) => w.method === 'POST' && w.path === '/itcare/databases/redis')).toHaveLength(1);
    // Excluding every resource that still has a change (the cache exists now) is refused.
    const all = await h.run(['apply', '--auto-approve', '--exclude', 'PostgreSQL/*', '--exclude', 'Redis/sessionscache'], { env });
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/the exclusions \(PostgreSQL\/\*, Redis\/sessionscache\) remove every change of the plan/);
  });

  it('--json-into: the terminal keeps the human plan, the file gets the stream --json prints; --gitlab-report', async () => {
    const r = await h.run(['plan', '--json-into', 'plan.jsonl', '--gitlab-report', 'gitlab.json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('caretaker will perform the following actions:');
    const into = parseStream(readFileSync(join(h.dir, 'plan.jsonl'), 'utf8'), 'plan.jsonl');
    const json = parseStream((await h.run(['plan', '--json'], { env })).stdout);
    const shape = (m: ReturnType<typeof parseStream>) => m.map((x) => ({ ...x, '@timestamp': '' }));
    expect(shape(into)).toEqual(shape(json));
    expect(JSON.parse(readFileSync(join(h.dir, 'gitlab.json'), 'utf8'))).toEqual({ create: 3, update: 0, delete: 0 });
    h.write('plans/.keep', '');
    expect((await h.run(['plan', '-o', 'plans/into.json'], { env })).code).toBe(0);
    const show = await h.run(['show', '--markdown', '--json-into', 'show.jsonl', 'plans/into.json'], { env });
    expect(show.stdout).toMatch(/^### caretaker plan for `orders-e2e`/);
    expect(parseStream(readFileSync(join(h.dir, 'show.jsonl'), 'utf8')).at(-1)).toMatchObject({ type: 'change_summary', changes: { create: 3 } });
    const drift = await h.run(['drift', '--json-into', 'drift.jsonl'], { env });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('in the manifests but not found live');
    expect(ofType(parseStream(readFileSync(join(h.dir, 'drift.jsonl'), 'utf8')), 'drift_summary')).toHaveLength(1);
    const v = await h.run(['validate', '--json-into', 'validate.jsonl'], { env });
    expect(v.stdout).toContain('Success:');
    expect(parseStream(readFileSync(join(h.dir, 'validate.jsonl'), 'utf8')).at(-1)!.type).toBe('validate_complete');
  });

  it('apply --json-into streams the apply; release removes the ownership tag only, and prune and destroy leave the resource', async () => {
    const a = await h.run(['apply', '--auto-approve', '--json-into', 'apply.jsonl'], { env });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('Apply complete');
    expect(parseStream(readFileSync(join(h.dir, 'apply.jsonl'), 'utf8')).at(-1)).toMatchObject({ type: 'change_summary', changes: { operation: 'apply', create: 3 } });
    h.write('sessions.yaml', redisYaml({ name: 'sessionscache', nodeSizing: '8cpu16gb' }) + 'lifecycle:\n  release: true\n');
    const plan = await h.run(['plan', '--detailed-exitcode'], { env });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('. Redis/sessionscache will be released (no longer managed; the resource is kept)');
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 0 to destroy, 1 to release, 3 unchanged.');
    const since = h.sim.requests.length;
    const rel = await h.run(['apply', '--auto-approve', '--json-into', 'release.jsonl'], { env });
    expect(rel.code, rel.stderr).toBe(0);
    const id = h.sim.state.resources.find((x) => x.name === 'sessionscache')!.id;
    expect(h.writes(since).map((w) => [w.method, w.path])).toEqual([['DELETE', `/itcare/compute/resources/${id}/tags`]]);
    expect(h.sim.state.resources.find((x) => x.name === 'sessionscache')!.tags).toEqual(expect.not.arrayContaining([expect.objectContaining({ tagKey: 'caretaker-stack' })]));
    expect(parseStream(readFileSync(join(h.dir, 'release.jsonl'), 'utf8')).at(-1)).toMatchObject({ changes: { release: 1 } });
    const again = await h.run(['plan', '--detailed-exitcode'], { env });
    expect(again.code, again.stdout).toBe(0);
    // The document may go now: prune and destroy never see the released cache.
    h.write('sessions.yaml', '');
    const before = h.sim.requests.length;
    const pruned = await h.run(['apply', '--auto-approve', '--prune'], { env });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(h.writes(before)).toEqual([]);
    const destroyed = await h.run(['destroy', '--auto-approve', '--max-deletes', '5'], { env });
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(h.sim.state.resources.some((x) => x.name === 'sessionscache')).toBe(true);
    expect(h.sim.state.resources.some((x) => x.name === 'orderscache')).toBe(false);
  });
});
