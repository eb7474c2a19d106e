// The drift report through the real CLI: an out-of-band resize and tag change made through the
// simulator's API by another user appear with field detail, the author and the time (exit 2); an
// acknowledged drift exits 0 until its date and 2 after it; owned resources missing from the
// manifests and managed ones missing live are listed; wrong credentials are one login error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { parseStream, reportOf } from '../support/stream.js';

const USER = 'j.doe@cegedim.com';
const USER_TOKEN = 'jdoe-token-77';

describe('drift report: who and when, acknowledged drift, missing resources', () => {
  let h: Harness;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.sim.url}${path}`, {
      method, headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.status === 204 ? undefined : res.json();
  };
  const redisId = () => h.sim.state.resources.find((r) => r.name === 'orderscache')!.id;
  const waitIdle = async () => {
    for (let i = 0; i < 100 && h.sim.state.actions.some((a) => a.status === 'IN_PROGRESS'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await fetch(`${h.sim.url}/itcare/actions?serviceId=46922`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
    }
  };

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
  });
  afterAll(async () => h?.close());

  it('reports nothing for a converged estate', async () => {
    const r = await h.run(['drift']);
    expect(r.stdout).toContain('No drift: 1 resource matches the manifests.');
    expect(r.code).toBe(0);
  });

  it('shows an out-of-band resize and tag change with field detail, author and time, exit 2', async () => {
    await api('PATCH', `/itcare/databases/redis/${redisId()}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    await waitIdle();
    await api('POST', `/itcare/compute/resources/${redisId()}/tags`, { tagKey: 'team', tagValue: 'payments' });
    const text = await h.run(['drift']);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('nodeSizing: live "4cpu8gb", manifest "2cpu4gb"');
    expect(text.stdout).toMatch(/changed: RESIZE .* by j\.doe@cegedim\.com, \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(text.stdout).toMatch(/changed: ADD_TAG \(Add tag team on .*\) by j\.doe@cegedim\.com/);
    // caretaker's own earlier calls (create, tags) are not causes.
    expect(text.stdout).not.toContain('by caretaker-sim');

    const json = await h.run(['drift', '--format', 'json']);
    expect(json.code).toBe(2);
    const report = reportOf(parseStream(json.stdout));
    expect(report).toMatchObject({ formatVersion: 1, stack: 'orders-e2e', drift: true, summary: { drifted: 1, inSync: 0 } });
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift-report.schema.json'), 'utf8')));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const redis = report.resources[0];
    expect(redis.fields).toContainEqual({ path: 'spec.nodeSizing', pointer: '/nodeSizing', change: 'changed', live: '4cpu8gb', manifest: '2cpu4gb' });
    expect(redis.causes.map((c: { by: string }) => c.by)).toEqual([USER, USER]);

    const md = await h.run(['drift', '--format', 'markdown']);
    expect(md.code).toBe(2);
    expect(md.stdout.indexOf('**Drift in stack orders-e2e')).toBeLessThan(md.stdout.indexOf('<details>'));
    expect(md.stdout).toContain('Changed by:');
  });

  it('an acknowledged drift exits 0 until its date and 2 after it, and says so', async () => {
    const ack = (until: string) => `lifecycle:\n  ignoreDrift:\n    - { path: spec.nodeSizing, reason: "resized for Black Friday", until: ${until} }\n    - { path: spec.tags, reason: "payments team owns it now", until: ${until} }\n`;
    h.write('redis.yaml', redisYaml() + ack('2999-12-31'));
    const ok = await h.run(['drift']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('acknowledged until 2999-12-31: resized for Black Friday');
    // plan still plans the change.
    const plan = await h.run(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('resize');

    h.write('redis.yaml', redisYaml() + ack('2020-01-31'));
    const late = await h.run(['drift']);
    expect(late.code).toBe(2);
    expect(late.stdout).toContain('acknowledgement EXPIRED on 2020-01-31: resized for Black Friday');
    expect(late.stdout).toContain('an acknowledgement expired');
  });

  it('refuses an ignoreDrift path that is not a spec field and an until that is not a date, at file:line:col', async () => {
    h.write('bad/stack.yaml', stackYaml());
    h.write('bad/redis.yaml', redisYaml() + 'lifecycle:\n  ignoreDrift:\n    - { path: spec.nodeSizng, reason: x, until: 2026-12-31 }\n    - { path: spec.diskSize, reason: x, until: next-week }\n');
    const since = h.sim.requests.length;
    const r = await h.run(['drift', 'bad']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/redis\.yaml:\d+:\d+: .*lifecycle\.ignoreDrift path: unknown field "nodeSizng" in spec; did you mean "nodeSizing"\?/);
    expect(r.stderr).toMatch(/redis\.yaml:\d+:\d+: .*until: must be a date such as 2026-12-31/);
    expect(h.sim.requests.length).toBe(since);
  });

  it('lists owned resources missing from the manifests and managed ones missing live', async () => {
    h.write('redis.yaml', redisYaml());
    h.write('extra/stack.yaml', stackYaml());
    h.write('extra/other.yaml', redisYaml({ name: 'ghostcache' }));
    const r = await h.run(['drift', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Redis/ghostcache in the manifests but not found live');
    expect(r.stdout).toContain('Redis/orderscache owned by stack orders-e2e (tag caretaker-stack) but in no manifest');
  });

  it('wrong credentials: one clear login error, exit 1', async () => {
    const r = await h.run(['drift', 'stack.yaml', 'redis.yaml'], { env: { ITCARE_CLIENT_SECRET: 'wrong-secret-123' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/401|credentials|token/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
