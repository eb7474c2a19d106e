// Issue 20, through the CLI: no manifest key removes a resource (so no prune deletes it), a binary
// `${file:}` and an id beyond 2^53 are refused before any call, and a secret the API echoes back
// encoded (base64, hex, URL-encoded, `\u`-escaped) or cut short never reaches any output. The harness
// greps every output and file for every registered secret in each of those forms and for any 12
// consecutive characters of one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, harness, type Harness } from '../support/cli.js';
import { PG_PASSWORD, postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('hostile manifests', () => {
  it('refuses `__proto__` under a resource\'s metadata, so an apply --prune deletes nothing', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml({ prune: true }));
    h.write('redis.yaml', redisYaml());
    h.write('postgresql.yaml', postgresYaml());
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    // Before: validate said "1 resource(s)" and the next apply --prune deleted Redis/orderscache.
    h.write('redis.yaml', redisYaml().replace('  name: orderscache\n', '  name: orderscache\n  __proto__: {}\n'));
    const v = await h.run(['validate']);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('redis.yaml:5:3: key "__proto__" is not allowed');
    const since = h.sim.requests.length;
    const a = await h.run(['apply', '--auto-approve']);
    expect(a.code).toBe(1);
    expect(h.sim.requests.length).toBe(since);
    expect(h.sim.state.resources.some((r) => r.name === 'orderscache')).toBe(true);
  });

  it('refuses a binary ${file:} at the interpolation, naming the file, before any call', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('secrets/pw.bin', '');
    writeFileSync(join(h.dir, 'secrets', 'pw.bin'), Buffer.from([0x45, 0x32, 0x00, 0xff, 0x41, 0x0a]));
    h.write('redis.yaml', redisYaml().replace(/admPassword: .*/, 'admPassword: ${file:secrets/pw.bin}'));
    const since = h.sim.requests.length;
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/redis\.yaml:\d+:\d+: \$\{file:secrets\/pw\.bin\} is not text: it is not valid UTF-8/);
    expect(h.sim.requests.length).toBe(since);
  });

  it('refuses a 20-digit serviceId before any call (it was sent as services=1e+20)', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml().replace('serviceId: 46922', 'serviceId: 12345678901234567890'));
    h.write('redis.yaml', redisYaml());
    const since = h.sim.requests.length;
    const r = await h.run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stack\.yaml:\d+:\d+: spec\.serviceId: must be a whole number from 1 to 9007199254740991/);
    expect(h.sim.requests.length).toBe(since);
  });
});

describe('secrets echoed back in another form', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const echoes = {
    base64: `password ${b64(PG_PASSWORD)} rejected`,
    'base64 of Basic id:secret': `credentials ${b64(`caretaker-sim:${CLIENT_SECRET}`)} rejected`,
    hex: `password ${Buffer.from(PG_PASSWORD).toString('hex')} rejected`,
    'URL-encoded': `password=${encodeURIComponent(PG_PASSWORD)} rejected`,
    '\\u-escaped, as text inside the message': `password "${PG_PASSWORD.replace(/[#]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}" rejected`,
    'cut to its first 60 %': `secret ${CLIENT_SECRET.slice(0, Math.ceil(CLIENT_SECRET.length * 0.6))}… rejected`,
    'as its 12 middle characters': `password …${PG_PASSWORD.slice(2, 14)}… rejected`,
  };
  it.each(Object.entries(echoes))('scrubs a failed action\'s message holding it %s, in text, --json and -v', async (_form, message) => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('postgresql.yaml', postgresYaml());
    h.sim.faults.failActions.push({ resourceName: 'ordersdb', operation: 'create', message, count: 3 });
    for (const args of [['apply', '--auto-approve'], ['apply', '--auto-approve', '--json'], ['apply', '--auto-approve', '-v']]) {
      const r = await h.run(args); // the harness fails the test on any leak, in any form
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('rejected');
    }
  });

  it('scrubs a synchronous 400 that echoes the request body base64-encoded in a long message', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('postgresql.yaml', postgresYaml());
    h.sim.faults.rejectNext.push({ method: 'POST', pathPrefix: '/itcare/databases/postgresql', status: 400, errorMessage: `body ${b64(`{"name":"ordersdb","admPassword":"${PG_PASSWORD}"}`)} ${'y'.repeat(280)}` });
    const r = await h.run(['apply', '--auto-approve', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('400 POST /itcare/databases/postgresql');
  });
});
