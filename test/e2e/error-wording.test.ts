// Errors that name the cause once (issue 12 item 6), through the real CLI: host and port of a refused
// connection, one login failure naming the token URL, the host of a token URL that does not resolve,
// a busy simulator port, an empty folder, the failure recap at the end of an apply, "Destroy complete".
import { createServer, type Server } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

async function setup(): Promise<Harness> {
  const h = await harness({ secrets: SECRETS });
  h.write('stack.yaml', stackYaml());
  h.write('redis.yaml', redisYaml());
  h.write('postgresql.yaml', postgresYaml());
  return h;
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Internal error/);

describe('errors name their cause once', () => {
  let h: Harness;
  let server: Server | undefined;
  afterEach(async () => {
    await h?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  it('a refused connection names the host and port', async () => {
    h = await setup();
    const r = await h.run(['plan'], { env: { ITCARE_ENDPOINT: 'http://127.0.0.1:1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connection refused (ECONNREFUSED) at 127.0.0.1:1');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noStack(r.stderr);
  });

  it('a wrong OAuth secret is one login failure at the token URL, not one error per resource', async () => {
    h = await setup();
    const r = await h.run(['plan'], { env: { ITCARE_CLIENT_SECRET: 'not-the-secret' } });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Error: login failed at the token URL ${h.sim.tokenUrl.replace(/[.?*+^$()[\]{}|\\/]/g, '\\$&')}: 401 POST `));
    expect(lines[0]).toContain('check ITCARE_CLIENT_ID and ITCARE_CLIENT_SECRET');
    expect(r.stderr).not.toContain('cannot observe');
    expect(r.stderr.match(/login failed/g)).toHaveLength(1);
  });

  it('a token URL whose host does not resolve names the host', async () => {
    h = await setup();
    const r = await h.run(['plan'], { env: { ITCARE_TOKEN_URL: 'https://no-such-host.invalid/auth/token' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: login failed at the token URL https:\/\/no-such-host\.invalid\/auth\/token: POST \/auth\/token: host (not found|name lookup failed) \((ENOTFOUND|EAI_AGAIN)\): no-such-host\.invalid\n$/);
  });

  it('`caretaker simulator --port <busy>` says the port is busy, without a stack trace', async () => {
    h = await harness();
    server = createServer();
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const r = await h.run(['simulator', '--port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: port ${port} on 127.0.0.1 is busy (another process listens on it): choose another --port, or omit --port for a free one\n`);
    noStack(r.stdout + r.stderr);
  });

  it('`validate empty/` says there are no *.yaml files there', async () => {
    h = await harness();
    mkdirSync(join(h.dir, 'empty'));
    const r = await h.run(['validate', 'empty/']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('no *.yaml files in empty/');
    expect(r.stdout + r.stderr).not.toContain('no Stack document');
  });

  it('a failed apply ends with every failure, its resource and ITCare\'s message; destroy ends "Destroy complete"', async () => {
    h = await setup();
    h.sim.faults.rejectNext.push({ method: 'POST', pathPrefix: '/itcare/databases/redis', status: 400, errorCode: 'INVALID_FIELD_VALUE', errorMessage: 'networkId 1234511 is full' });
    h.sim.faults.failActions.push({ resourceName: 'ordersdb', operation: 'create', message: 'no capacity left in EB-QA-A', count: 1 });
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    const tail = r.stdout.slice(r.stdout.lastIndexOf('Apply complete:'));
    expect(tail).toMatch(/^Apply complete: 0 succeeded, 2 failed, \d+ skipped/);
    expect(tail).toContain('Failed (2):\n');
    expect(tail).toContain('  PostgreSQL/ordersdb: action ');
    expect(tail).toContain('no capacity left in EB-QA-A');
    expect(tail).toContain('  Redis/orderscache: 400 POST /itcare/databases/redis: networkId 1234511 is full');
    const ok = await h.run(['apply', '--auto-approve']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Apply complete: \d+ succeeded, 0 failed, 0 skipped/);
    expect(ok.stdout).not.toContain('Failed (');
    const d = await h.run(['destroy', '--auto-approve']);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toMatch(/\nDestroy complete: 2 succeeded, 0 failed, 0 skipped; .*\n$/);
    expect(d.stdout).not.toContain('Apply complete');
  });
});
