// The nightly-job flags of `caretaker drift` through the real CLI against the simulator, with
// out-of-band changes made through the API by another user: --history (new, persistent with its age,
// resolved; corrupt and foreign files), --notify (one POST to a loopback receiver only when the drift
// changed; a receiver that refuses, hangs or redirects is a warning), --metrics (and a failed run),
// --unmanaged (from the lists refresh reads: the requests are counted), attribution of causes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { parseStream, reportOf } from '../support/stream.js';

const USER = 'j.doe@cegedim.com';
const USER_TOKEN = 'jdoe-token-23';
const HOOK_PATH = '/services/T0AAA/B0BBB/hook-secret-Xk29Qw';

interface Receiver {
  url: string;
  posts: Array<{ path: string; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  mode: 'ok' | 'refuse' | 'hang' | 'redirect';
  close(): Promise<void>;
}

/** A loopback stand-in for a Slack incoming webhook. */
async function receiver(): Promise<Receiver> {
  const r = { posts: [], mode: 'ok' } as unknown as Receiver;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (r.mode === 'hang') return; // never answers
      r.posts.push({ path: req.url ?? '', body: JSON.parse(body || 'null') });
      if (r.mode === 'refuse') return void res.writeHead(403, { 'content-type': 'text/plain' }).end('invalid_token');
      if (r.mode === 'redirect') return void res.writeHead(302, { location: `http://127.0.0.1:1${HOOK_PATH}` }).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}${HOOK_PATH}`;
  r.close = () => new Promise((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  return r;
}

describe('drift jobs: history, notify, metrics, unmanaged, attribution', () => {
  let h: Harness;
  let hook: Receiver;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.sim.url}${path}`, {
      method, headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
  };
  const idOf = (name: string) => h.sim.state.resources.find((r) => r.name === name)!.id;
  const waitIdle = async () => {
    for (let i = 0; i < 200 && h.sim.state.actions.some((a) => a.status === 'IN_PROGRESS'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await fetch(`${h.sim.url}/itcare/actions?serviceId=46922`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
    }
  };
  const job = ['drift', '--history', 'state/history.json', '--metrics', 'state/drift.prom', 'stack.yaml', 'redis.yaml'];
  const notifyEnv = () => ({ CARETAKER_NOTIFY_URL: hook.url });
  const metric = (name: string) => {
    const line = readFileSync(join(h.dir, 'state/drift.prom'), 'utf8').split('\n').find((l) => l.startsWith(`${name}{`));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };

  beforeAll(async () => {
    hook = await receiver();
    h = await harness({ secrets: { ...SECRETS, HOOK: HOOK_PATH }, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.write('state/.keep', '');
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
  });
  afterAll(async () => {
    await hook?.close();
    await h?.close();
  });

  it('first run in sync: a history with no drift, metrics at 0, and no notification', async () => {
    const r = await h.run(job, { env: notifyEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('First run of this drift history: 0 drifts recorded.');
    expect(r.stdout).toContain('Notification not sent: the drift did not change since the last run.');
    expect(hook.posts).toEqual([]);
    const history = JSON.parse(readFileSync(join(h.dir, 'state/history.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift-history.schema.json'), 'utf8')));
    expect(validate(history), JSON.stringify(validate.errors)).toBe(true);
    expect(history.items).toEqual([]);
    expect(metric('caretaker_drift_resources')).toBe(0);
    expect(metric('caretaker_drift_errors')).toBe(0);
  });

  it('an out-of-band resize and an unrelated tag: new drift blamed on RESIZE alone, one notification with no value and no URL', async () => {
    await api('PATCH', `/itcare/databases/redis/${idOf('orderscache')}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    await waitIdle();
    // A tag call that leaves the tags as the manifest has them: in the history, but no drift and no cause.
    await api('POST', `/itcare/compute/resources/${idOf('orderscache')}/tags`, { tagKey: 'team', tagValue: 'checkout' });
    expect(h.sim.state.actions.filter((a) => a.resourceId === idOf('orderscache')).map((a) => a.process).slice(-2)).toEqual(['RESIZE', 'ADD_TAG']);
    const r = await h.run([...job, '--format', 'json'], { env: notifyEnv() });
    expect(r.code, r.stderr).toBe(2);
    const report = reportOf(parseStream(r.stdout));
    const redis = report.resources[0];
    expect(redis.fields.map((f: { path: string }) => f.path)).toEqual(['spec.nodeSizing']);
    expect(redis.fields[0].history).toMatchObject({ state: 'new' });
    expect(redis.causes.map((c: { operation: string; fields: string[] }) => [c.operation, c.fields])).toEqual([['RESIZE', ['spec.nodeSizing']]]);
    expect(report.history).toMatchObject({ new: 1, persistent: 0, resolved: [], changed: true });
    expect(hook.posts).toHaveLength(1);
    const msg = hook.posts[0]!.body;
    expect(hook.posts[0]!.path).toBe(HOOK_PATH);
    expect(typeof msg.text).toBe('string');
    expect(msg.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(JSON.stringify(msg)).toContain('Redis/orderscache');
    expect(JSON.stringify(msg)).toContain('nodeSizing');
    // Names only: neither value reaches the chat.
    expect(JSON.stringify(msg)).not.toContain('4cpu8gb');
    expect(JSON.stringify(msg)).not.toContain('2cpu4gb');
    expect(r.stdout + r.stderr).not.toContain('hook-secret');
    expect(metric('caretaker_drift_resources')).toBe(1);
    expect(metric('caretaker_drift_fields')).toBe(1);
  });

  it('the same drift the next night: persistent with its age, quiet (no POST), exit 2; --json-into gets the same report', async () => {
    const r = await h.run([...job, '--json-into', 'state/drift.jsonl'], { env: notifyEnv() });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/nodeSizing: live "4cpu8gb", manifest "2cpu4gb" \[drifted for (less than a minute|\d+ minutes?) \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\]/);
    expect(r.stdout).toContain('Since the last run: 0 new, 1 persistent');
    expect(r.stdout).toContain('Notification not sent: the drift did not change since the last run.');
    expect(hook.posts).toHaveLength(1);
    expect(metric('caretaker_drift_oldest_seconds')).toBeGreaterThanOrEqual(0);
    // The file: valid line by line, the job's notes as log lines before the closing drift_summary, no webhook.
    const text = readFileSync(join(h.dir, 'state/drift.jsonl'), 'utf8');
    const stream = parseStream(text);
    expect(stream.at(-1)!.type).toBe('drift_summary');
    expect(stream.filter((m) => m.type === 'log').map((m) => m['@message'])).toEqual([
      'History saved to state/history.json.', 'Metrics written to state/drift.prom.', 'Notification not sent: the drift did not change since the last run.',
    ]);
    expect(reportOf(stream).history).toMatchObject({ new: 0, persistent: 1, changed: false });
    expect(text).not.toContain('hook-secret');
  });

  it('a webhook that refuses, hangs or redirects is a warning; the exit code stays the drift\'s; the URL is never printed', async () => {
    // A new drift so that there is something to announce each time.
    const tries: Array<[Receiver['mode'], RegExp]> = [
      ['refuse', /the webhook answered 403: invalid_token/],
      ['redirect', /the webhook answered 302, a redirect: caretaker does not follow redirects/],
      ['hang', /no answer from the webhook within 2 s/],
    ];
    for (const [i, [mode, want]] of tries.entries()) {
      hook.mode = mode;
      await api('POST', `/itcare/compute/resources/${idOf('orderscache')}/tags`, { tagKey: 'team', tagValue: `t${i}` });
      const before = hook.posts.length;
      const t0 = Date.now();
      const r = await h.run(job, { env: { ...notifyEnv(), CARETAKER_NOTIFY_TIMEOUT: '2s' } });
      expect(r.code, mode).toBe(2);
      expect(r.stderr, mode).toMatch(want);
      expect(r.stdout + r.stderr).not.toContain(hook.url);
      expect(Date.now() - t0).toBeLessThan(15_000);
      if (mode !== 'hang') expect(hook.posts.length).toBe(before + 1);
      // The redirect target was not asked.
    }
    hook.mode = 'ok';
  }, 40_000);

  it('resolved drift is reported as such, announced once, and the metrics go back to 0', async () => {
    h.write('redis.yaml', redisYaml({ nodeSizing: '4cpu8gb', tags: { app: 'orders', team: 't2' } }));
    const before = hook.posts.length;
    const r = await h.run(job, { env: notifyEnv() });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('Resolved since the last run:');
    expect(r.stdout).toMatch(/Redis\/orderscache nodeSizing no longer drifts \(first seen/);
    expect(hook.posts.length).toBe(before + 1);
    expect(JSON.stringify(hook.posts.at(-1)!.body)).toContain('Resolved');
    expect(metric('caretaker_drift_resources')).toBe(0);
    const quiet = await h.run(job, { env: notifyEnv() });
    expect(quiet.code).toBe(0);
    expect(hook.posts.length).toBe(before + 1);
  });

  it('a corrupt history is a warning and a fresh history; a foreign file is refused before any call and left as it was', async () => {
    writeFileSync(join(h.dir, 'state/history.json'), '{"$schema": "https://caretaker.dev/schemas/drift-his');
    const r = await h.run(job);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: the history file state/history.json is corrupt (not JSON): starting a fresh history');
    expect(JSON.parse(readFileSync(join(h.dir, 'state/history.json'), 'utf8')).stack).toBe('orders-e2e');

    const foreign = '{"name": "package", "version": "1.0.0"}\n';
    writeFileSync(join(h.dir, 'state/other.json'), foreign);
    const since = h.sim.requests.length;
    const f = await h.run(['drift', '--history', 'state/other.json', 'stack.yaml', 'redis.yaml']);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/state\/other\.json is not a caretaker drift history .*refusing to overwrite it/);
    expect(readFileSync(join(h.dir, 'state/other.json'), 'utf8')).toBe(foreign);
    expect(h.sim.requests.length).toBe(since);

    writeFileSync(join(h.dir, 'state/billing.json'), JSON.stringify({ $schema: 'https://caretaker.dev/schemas/drift-history.schema.json', formatVersion: 1, stack: 'billing', updatedAt: '2026-01-01T00:00:00Z', items: [] }));
    const other = await h.run(['drift', '--history', 'state/billing.json', 'stack.yaml', 'redis.yaml']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('belongs to stack billing, not orders-e2e');
  });

  it('a metrics or history path in a missing folder is refused before any call, nothing written', async () => {
    const since = h.sim.requests.length;
    const m = await h.run(['drift', '--metrics', 'nowhere/drift.prom', 'stack.yaml', 'redis.yaml']);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('cannot write the metrics file nowhere/drift.prom: folder nowhere does not exist (create it first)');
    const hi = await h.run(['drift', '--history', 'nowhere/h.json', 'stack.yaml', 'redis.yaml']);
    expect(hi.code).toBe(1);
    expect(hi.stderr).toContain('cannot write the history file nowhere/h.json: folder nowhere does not exist');
    // A history path that cannot be read as a file (a folder in the way).
    const dir = await h.run(['drift', '--history', 'state', 'stack.yaml', 'redis.yaml']);
    expect(dir.code).toBe(1);
    expect(dir.stderr).toContain('cannot write the history file state: it is a directory');
    expect(h.sim.requests.length).toBe(since);
    expect(existsSync(join(h.dir, 'nowhere'))).toBe(false);
  });

  it('--notify without --history, or with a plain-http URL off loopback, is refused without printing the URL; the variable alone warns', async () => {
    const a = await h.run(['drift', '--notify', hook.url, 'stack.yaml', 'redis.yaml']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('--notify needs --history FILE');
    const b = await h.run(['drift', '--history', 'state/history.json', 'stack.yaml', 'redis.yaml'], { env: { CARETAKER_NOTIFY_URL: `http://hooks.example.com${HOOK_PATH}` } });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('must be an https:// URL');
    // The variable alone (set for a whole CI job) does not stop a run without --history: a warning, no POST.
    const posts = hook.posts.length;
    const c = await h.run(['drift', 'stack.yaml', 'redis.yaml'], { env: notifyEnv() });
    expect(c.code).toBe(0);
    expect(c.stderr).toContain('Warning: CARETAKER_NOTIFY_URL is set but --history is not: no notification');
    expect(hook.posts.length).toBe(posts);
    expect(a.stderr + b.stderr + c.stdout + c.stderr).not.toContain('hook-secret');
  });

  it('a failed run writes metrics with errors 1 (and no drift gauges)', async () => {
    const r = await h.run(job, { env: { ITCARE_CLIENT_SECRET: 'wrong-secret-123' } });
    expect(r.code).toBe(1);
    expect(metric('caretaker_drift_errors')).toBe(1);
    expect(metric('caretaker_drift_resources')).toBeUndefined();
    expect(metric('caretaker_drift_last_run_timestamp_seconds')).toBeGreaterThan(1_700_000_000);
  });

  it('--unmanaged lists untagged resources of the service from the lists refresh reads: no request per resource', async () => {
    // Another team's Redis, created by hand (no caretaker-stack tag), in the same service.
    h.write('legacy/stack.yaml', stackYaml({ name: 'legacy' }));
    h.write('legacy/redis.yaml', redisYaml({ name: 'legacycache' }));
    expect((await h.run(['apply', '--auto-approve', 'legacy'])).code).toBe(0);
    const res = await fetch(`${h.sim.url}/itcare/compute/resources/${idOf('legacycache')}/tags`, {
      method: 'DELETE', headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tagKey: 'caretaker-stack', tagValue: 'legacy' }),
    });
    expect(res.status).toBeLessThan(300);

    const plain0 = h.sim.requests.length;
    expect((await h.run(['drift', 'stack.yaml', 'redis.yaml'])).code).toBe(0);
    const plain = h.sim.requests.slice(plain0).filter((q) => q.path.startsWith('/itcare/'));
    const with0 = h.sim.requests.length;
    const r = await h.run(['drift', '--unmanaged', '--format', 'json', 'stack.yaml', 'redis.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const extra = h.sim.requests.slice(with0).filter((q) => q.path.startsWith('/itcare/'));
    const u = reportOf(parseStream(r.stdout)).unmanaged;
    // Beside it, the service's seeded VMs, Galera farm and SQL Server farm: of kinds caretaker manages
    // (issue 25), and owned by no stack.
    expect(u.resources).toEqual([
      { kind: 'MariaDB', name: 'pmariadb01', id: 500057055, serviceId: 46922 },
      { kind: 'Redis', name: 'legacycache', id: idOf('legacycache'), serviceId: 46922 },
      { kind: 'SQLServer', name: 'rhutsql20', id: 500079545, serviceId: 46922 },
      { kind: 'VirtualMachine', name: 'PEB4APP01', id: 500079802, serviceId: 46922 },
      { kind: 'VirtualMachine', name: 'PEB4APP02', id: 500079803, serviceId: 46922 },
      { kind: 'VirtualMachine', name: 'PEB4APP03', id: 500057033, serviceId: 46922 },
    ]);
    expect(u).toMatchObject({ thisStack: 1, otherStacks: 0, total: 7, managedShare: 1 / 7 });
    expect(u.adopt).toEqual([
      'caretaker export --service 46922 --kind MariaDB Redis SQLServer VirtualMachine --name PEB4APP01 PEB4APP02 PEB4APP03 legacycache pmariadb01 rhutsql20 --adopt --stack orders-e2e -o adopt-46922',
    ]);
    // The Redis list of the service is shared; the only extra reads are the load-balancer list of the
    // service (the manifests have no load balancer) and no call at all names a resource id.
    const added = extra.length - plain.length;
    expect(added, JSON.stringify(extra.map((q) => `${q.method} ${q.path}`))).toBeLessThanOrEqual(1);
    expect(extra.filter((q) => /\/\d+(\/|$)/.test(q.path)).length).toBe(plain.filter((q) => /\/\d+(\/|$)/.test(q.path)).length);
  });
});
