// `drift --accept` and `drift --reconcile` through the real CLI against the simulator, after changes
// made out of band by another user: accept writes the live values into manifests with comments and
// flow style kept, prints the diff, refuses interpolated and Stack-default fields, and writes nothing
// to a manifest that changed since the drift read it; reconcile reverses the safe part (tags,
// monitoring) through apply, leaves the resize and acknowledged drift alone, and stops on Ctrl-C;
// under policies, a deny rule stops one reversal while another runs, with the selection flags and
// --json-into.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { SECRETS, redisYaml, stackYaml } from '../support/manifests.js';
import { parseStream, reportOf } from '../support/stream.js';

const USER = 'j.doe@cegedim.com';
const USER_TOKEN = 'jdoe-token-99';

const STACK = `apiVersion: caretaker/v1
kind: Stack
metadata:
  name: orders-accept
spec:
  defaults:
    serviceId: 46922
    region: EB
    area: EB-QA
    networkId: 1234511
    monitoringEnabled: true   # every resource is monitored
  prune: false
`;

const REDIS = `# The orders cache: sized for the checkout peak.
apiVersion: caretaker/v1
kind: Redis
metadata:
  name: orderscache
spec:
  nodeSizing: 2cpu4gb          # reviewed in INC-4411
  diskSize: 40
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: \${env:E2E_REDIS_PASSWORD}
  onCallSupervision: false
  state: running
  tags: { app: orders, team: checkout, owner: "\${public:env:OWNER}" }
  patchParty:
    excluded: false
    patchGroup: "2"
`;

function setup(h: Harness, redis = REDIS): void {
  h.write('stack.yaml', STACK);
  h.write('redis.yaml', redis);
}

/** The same cache with its password written in clear (allowed, if unwise): the printed diff must not show it. */
const LITERAL = 'E2e#Literal4411';
const REDIS_LITERAL = REDIS.replace('${env:E2E_REDIS_PASSWORD}', `"${LITERAL}"`);

async function api(h: Harness, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${h.sim.url}${path}`, {
    method, headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
}

async function waitIdle(h: Harness): Promise<void> {
  for (let i = 0; i < 200 && h.sim.state.actions.some((a) => a.status === 'IN_PROGRESS'); i++) {
    await new Promise((r) => setTimeout(r, 20));
    await fetch(`${h.sim.url}/itcare/actions?serviceId=46922`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
  }
}

/** Someone resizes the cache, hands it to another team, renames its owner and turns monitoring off. */
async function outOfBand(h: Harness): Promise<void> {
  const id = h.sim.state.resources.find((r) => r.name === 'orderscache')!.id;
  await api(h, 'PATCH', `/itcare/databases/redis/${id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
  await waitIdle(h);
  await api(h, 'PATCH', `/itcare/databases/redis/${id}`, { operation: 'update_monitoring', options: { state: false } });
  await waitIdle(h);
  await api(h, 'POST', `/itcare/compute/resources/${id}/tags`, { tagKey: 'team', tagValue: 'payments' });
  await api(h, 'POST', `/itcare/compute/resources/${id}/tags`, { tagKey: 'owner', tagValue: 'someone-else' });
}

const ENV = { OWNER: 'ops' };

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

describe('drift --accept', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('writes live values with comments and flow style kept, prints the diff, refuses interpolated and default fields; the next drift is clean for them', async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    setup(h, REDIS_LITERAL);
    expect((await h.run(['apply', '--auto-approve'], { env: ENV })).code).toBe(0);
    await outOfBand(h);
    const since = h.sim.requests.length;
    const r = await h.run(['drift', '--accept'], { env: ENV });
    // The tags hunk shows the lines around it, the password's among them: scrubbed.
    expect(r.stdout).toContain('   admPassword: "(sensitive)"');
    expect(r.stdout + r.stderr).not.toContain(LITERAL);
    expect(h.writes(since)).toEqual([]);
    // monitoringEnabled (from the Stack defaults) and tags.owner (interpolated) remain: exit 2.
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('Accepted 2 live values into 1 manifest file:');
    expect(r.stdout).toContain('--- a/redis.yaml');
    expect(r.stdout).toContain('-  nodeSizing: 2cpu4gb          # reviewed in INC-4411');
    expect(r.stdout).toContain('+  nodeSizing: 4cpu8gb          # reviewed in INC-4411');
    expect(r.stdout).toContain('+  tags: { app: orders, team: payments, owner: "${public:env:OWNER}" }');
    expect(r.stdout).toMatch(/Redis\/orderscache monitoringEnabled: set by the Stack's spec\.defaults/);
    expect(r.stdout).toMatch(/Redis\/orderscache tags\.owner: interpolated/);
    const after = readFileSync(join(h.dir, 'redis.yaml'), 'utf8');
    // Only the two accepted lines changed: the comments, the quoting and the flow map are as written.
    expect(after).toBe(REDIS_LITERAL.replace('nodeSizing: 2cpu4gb ', 'nodeSizing: 4cpu8gb ').replace('team: checkout', 'team: payments'));
    expect(readFileSync(join(h.dir, 'stack.yaml'), 'utf8')).toBe(STACK);

    const again = await h.run(['drift', '--format', 'json'], { env: ENV });
    expect(again.code).toBe(2);
    const fields = again.stdout.split('\n').filter((l) => l.includes('"resource_drift"')).flatMap((l) => JSON.parse(l).resource.fields.map((f: { path: string }) => f.path));
    expect(fields.sort()).toEqual(['spec.monitoringEnabled', 'spec.tags.owner']);
  });

  it('writes nothing to a manifest that changed while the drift was read', async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    setup(h);
    expect((await h.run(['apply', '--auto-approve'], { env: ENV })).code).toBe(0);
    await outOfBand(h);
    // A proxy in front of the API: when the drift reads the history (after the manifests were read), a
    // colleague saves redis.yaml.
    const edited = REDIS.replace('diskSize: 40', 'diskSize: 40   # edited meanwhile');
    let saved = false;
    const proxy: Server = createServer((req, res) => {
      if (!saved && req.url?.includes('/history')) {
        writeFileSync(join(h.dir, 'redis.yaml'), edited);
        saved = true;
      }
      const up = httpRequest(`${h.sim.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const port = (proxy.address() as { port: number }).port;
      const r = await h.run(['drift', '--accept'], { env: { ...ENV, ITCARE_ENDPOINT: `http://127.0.0.1:${port}` } });
      expect(saved).toBe(true);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('Not written: redis.yaml: changed since the drift read it: nothing was written to it; run drift --accept again');
      expect(readFileSync(join(h.dir, 'redis.yaml'), 'utf8')).toBe(edited);
    } finally {
      await new Promise((done) => proxy.close(done));
    }
  });
});

describe('drift --reconcile', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('reverses tags and monitoring through apply, leaves the resize and acknowledged drift alone, exit 2 while drift remains', async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    setup(h);
    expect((await h.run(['apply', '--auto-approve'], { env: ENV })).code).toBe(0);
    await outOfBand(h);
    // The owner tag change is acknowledged: reconcile must not undo it.
    h.write('redis.yaml', `${REDIS}lifecycle:\n  ignoreDrift:\n    - { path: spec.tags.owner, reason: "handed over", until: 2999-12-31 }\n`);
    const since = h.sim.requests.length;
    const r = await h.run(['drift', '--reconcile'], { env: ENV });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const writes = h.writes(since);
    expect(writes.some((w) => w.method === 'PATCH' && /redis\/\d+$/.test(w.path))).toBe(true); // update_monitoring
    expect(writes.some((w) => /\/tags$/.test(w.path))).toBe(true);
    const redis = h.sim.state.resources.find((x) => x.name === 'orderscache')!;
    expect(redis.sizing).toBe('4cpu8gb');
    expect(redis.monitoringEnabled).toBe(true);
    const tags = Object.fromEntries((redis.tags ?? []).map((t: { tagKey: string; tagValue: string }) => [t.tagKey, t.tagValue]));
    expect(tags).toMatchObject({ team: 'checkout', owner: 'someone-else' });
    expect(r.stdout).toContain('Reconciled 1 resource');
    expect(r.stdout).toMatch(/= Redis\/orderscache left alone: nodeSizing: resize 4cpu8gb -> 2cpu4gb is irreversible/);
    // The report is read again afterwards: only the resize remains (the owner tag is acknowledged).
    expect(r.stdout).toContain('nodeSizing: live "4cpu8gb", manifest "2cpu4gb"');
    expect(r.stdout).not.toContain('monitoringEnabled: live false');

    // Nothing safe left: a second run writes nothing.
    const again = h.sim.requests.length;
    const r2 = await h.run(['drift', '--reconcile'], { env: ENV });
    expect(r2.code).toBe(2);
    expect(h.writes(again)).toEqual([]);
    expect(r2.stdout).toContain('Reconcile: nothing could be reconciled safely.');
  });

  it('Ctrl-C during the reconcile: exit 130, history left alone; a re-run converges', async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    setup(h);
    h.write('state/.keep', '');
    expect((await h.run(['apply', '--auto-approve'], { env: ENV })).code).toBe(0);
    await outOfBand(h);
    h.sim.faults.slowActionMs = 1500;
    let child: ChildProcess | undefined;
    const since = h.sim.requests.length;
    const run = h.run(['drift', '--reconcile', '--history', 'state/h.json'], { env: ENV, onSpawn: (c) => (child = c) });
    await until(() => h.writes(since).length > 0);
    child!.kill('SIGINT');
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(r.stderr).toContain('Reconcile interrupted');
    expect(() => readFileSync(join(h.dir, 'state/h.json'))).toThrow();
    h.sim.faults.slowActionMs = undefined;
    // Again, as JSON lines: apply's messages, then the report read again; every line valid.
    const again = await h.run(['drift', '--reconcile', '--json'], { env: ENV });
    expect(again.code, again.stdout + again.stderr).toBe(2);
    const stream = parseStream(again.stdout);
    expect(stream.map((m) => m.type)).toContain('apply_start');
    expect(stream.at(-1)!.type).toBe('drift_summary');
    expect(reportOf(stream).reconcile.applied.map((a: { address: string }) => a.address)).toEqual(['Redis/orderscache']);
    const redis = h.sim.state.resources.find((x) => x.name === 'orderscache')!;
    expect(redis.monitoringEnabled).toBe(true);
    const tags = Object.fromEntries((redis.tags ?? []).map((t: { tagKey: string; tagValue: string }) => [t.tagKey, t.tagValue]));
    expect(tags).toMatchObject({ team: 'checkout', owner: 'ops' });
  });
});

describe('drift --reconcile with the selection flags', () => {
  let h: Harness;
  afterEach(async () => h?.close());
  const idOf = (name: string) => h.sim.state.resources.find((r) => r.name === name)!.id;
  const monitoringOf = (name: string) => h.sim.state.resources.find((r) => r.name === name)!.monitoringEnabled;
  const writesTo = (since: number, name: string) => h.writes(since).filter((w) => w.path.includes(`/${idOf(name)}`));

  it('--exclude with --reconcile: the excluded resource is neither reported nor touched; --target takes a pattern', async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    h.write('stack/stack.yaml', stackYaml({ name: 'orders-select' }));
    h.write('stack/orders.yaml', redisYaml({ name: 'orderscache' }));
    h.write('stack/sessions.yaml', redisYaml({ name: 'sessioncache' }));
    expect((await h.run(['apply', '--auto-approve', 'stack'])).code).toBe(0);
    for (const name of ['orderscache', 'sessioncache']) {
      await api(h, 'PATCH', `/itcare/databases/redis/${idOf(name)}`, { operation: 'update_monitoring', options: { state: false } });
      await waitIdle(h);
    }
    const since = h.sim.requests.length;
    const r = await h.run(['drift', '--reconcile', '--exclude', 'Redis/orderscache', 'stack']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(writesTo(since, 'orderscache')).toEqual([]);
    expect(monitoringOf('orderscache')).toBe(false);
    expect(monitoringOf('sessioncache')).toBe(true);
    expect(r.stdout).not.toContain('Redis/orderscache');

    const t = h.sim.requests.length;
    const r2 = await h.run(['drift', '--reconcile', '--target', 'Redis/orders*', 'stack']);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(writesTo(t, 'orderscache').length).toBeGreaterThan(0);
    expect(monitoringOf('orderscache')).toBe(true);
  });
});

describe('drift --reconcile under policies', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  // Line 8 holds the deny, line 11 the warning (the source named in the messages).
  const NIGHT_RULES = `apiVersion: caretaker/v1
kind: Policy
metadata:
  name: night-rules
spec:
  rules:
    - name: monitoring-by-hand
      deny: change.diff.exists(d, d.path == "/monitoringEnabled")
      message: monitoring is switched by the on-call team
    - name: tags-heads-up
      warn: change.diff.exists(d, d.path.startsWith("/tags/"))
      message: tags are reset to the manifest
`;
  const idOf = (name: string) => h.sim.state.resources.find((r) => r.name === name)!.id;
  const tagsOf = (name: string) => Object.fromEntries((h.sim.state.resources.find((r) => r.name === name)!.tags ?? [])
    .map((t: { tagKey: string; tagValue: string }) => [t.tagKey, t.tagValue]));
  const monitoringOf = (name: string) => h.sim.state.resources.find((r) => r.name === name)!.monitoringEnabled;
  const writesTo = (since: number, name: string) => h.writes(since).filter((w) => w.path.includes(`/${idOf(name)}`));

  it('a deny rule stops one reversal while another runs: reported with the rule and message, warnings printed, no override', async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    h.write('stack/stack.yaml', stackYaml({ name: 'orders-night' }));
    h.write('stack/orders.yaml', redisYaml({ name: 'orderscache' }));
    h.write('stack/sessions.yaml', redisYaml({ name: 'sessioncache' }));
    h.write('org/night.yaml', NIGHT_RULES);
    expect((await h.run(['apply', '--auto-approve', 'stack'])).code).toBe(0);
    // Out of band: monitoring off on the orders cache, the sessions cache handed to another team.
    await api(h, 'PATCH', `/itcare/databases/redis/${idOf('orderscache')}`, { operation: 'update_monitoring', options: { state: false } });
    await waitIdle(h);
    await api(h, 'POST', `/itcare/compute/resources/${idOf('sessioncache')}/tags`, { tagKey: 'team', tagValue: 'payments' });

    // Policies are read only to reconcile: --policy alone is refused before any request.
    const before = h.sim.requests.length;
    const alone = await h.run(['drift', '--policy', 'org/night.yaml', 'stack']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--policy needs --reconcile');
    // A rule that does not compile: a file:line:col error, exit 1, no request.
    h.write('org/broken.yaml', NIGHT_RULES.replace('d.path == "/monitoringEnabled"', 'd.path == monitoring'));
    const broken = await h.run(['drift', '--reconcile', '--policy', 'org/broken.yaml', 'stack']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/org\/broken\.yaml:8:\d+: .*monitoring-by-hand.*does not compile/);
    // No override: reconcile is not `apply PLANFILE`, and drift has no such flag.
    const override = await h.run(['drift', '--reconcile', '--policy', 'org/night.yaml', '--override', 'monitoring-by-hand', '--reason', 'x', 'stack']);
    expect(override.code).toBe(1);
    expect(override.stderr).toContain("unknown option '--override'");
    expect(h.sim.requests.length).toBe(before);

    const since = h.sim.requests.length;
    const r = await h.run(['drift', '--reconcile', '--policy', 'org/night.yaml', '--json-into', 'drift.jsonl', 'stack']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    // The denied reversal made no call; the other one ran.
    expect(writesTo(since, 'orderscache')).toEqual([]);
    expect(writesTo(since, 'sessioncache').length).toBeGreaterThan(0);
    expect(monitoringOf('orderscache')).toBe(false);
    expect(tagsOf('sessioncache')).toMatchObject({ team: 'checkout' });
    expect(r.stdout).toContain('Reconciled 1 resource');
    expect(r.stdout).toContain('= Redis/orderscache left alone: denied by policy rule monitoring-by-hand (night-rules, org/night.yaml:8): monitoring is switched by the on-call team');
    expect(r.stdout).toContain('Policy: warning: tags-heads-up (night-rules, org/night.yaml:11): Redis/sessioncache: tags are reset to the manifest');
    // The report read again: only the denied drift remains.
    expect(r.stdout).toContain('monitoringEnabled');
    expect(r.stdout).not.toMatch(/Redis\/sessioncache.*drifted/);
    // --json-into: the same report in the stream, valid line by line, with the policy results.
    const stream = parseStream(readFileSync(join(h.dir, 'drift.jsonl'), 'utf8'));
    expect(stream.at(-1)!.type).toBe('drift_summary');
    const rc = reportOf(stream).reconcile;
    expect(rc.applied.map((a: { address: string }) => a.address)).toEqual(['Redis/sessioncache']);
    expect(rc.policyResults).toEqual([
      expect.objectContaining({ rule: 'monitoring-by-hand', effect: 'deny', address: 'Redis/orderscache' }),
      expect.objectContaining({ rule: 'tags-heads-up', effect: 'warn', address: 'Redis/sessioncache' }),
    ]);

    // The same rule as a Policy document of the manifest set holds too (no --policy needed).
    h.write('stack/night.yaml', NIGHT_RULES);
    const set = h.sim.requests.length;
    const fromSet = await h.run(['drift', '--reconcile', 'stack']);
    expect(fromSet.code).toBe(2);
    expect(writesTo(set, 'orderscache')).toEqual([]);
    expect(fromSet.stdout).toContain('left alone: denied by policy rule monitoring-by-hand (night-rules, stack/night.yaml:8)');
    h.write('stack/night.yaml', '');

    // Without the rule, the same reconcile reverses the monitoring: the deny was what held it.
    const free = h.sim.requests.length;
    const r2 = await h.run(['drift', '--reconcile', 'stack']);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(writesTo(free, 'orderscache').length).toBeGreaterThan(0);
    expect(monitoringOf('orderscache')).toBe(true);
  });
});
