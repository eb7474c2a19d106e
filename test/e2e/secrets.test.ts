// Secrets never leak: passwords, an interpolated ${file:…} value in a plain field, the OAuth2 client
// secret and the bearer tokens are absent from every output mode (text, JSON, Markdown, events, -v logs,
// errors) and from saved plan files. The harness greps every output for the registered secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

const FILE_SECRET = 'File#Secret-77341x';

describe('secrets never leak', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: { ...SECRETS, FILE_SECRET } });
    h.write('stack.yaml', stackYaml());
    h.write('secrets/redis-password.txt', FILE_SECRET + '\n');
    h.write('redis.yaml', redisYaml().replace(/admPassword: .*/, 'admPassword: ${file:secrets/redis-password.txt}'));
  });
  afterAll(async () => h?.close());

  it('shows the interpolated value as (sensitive) in the plan', async () => {
    const r = await h.run(['plan']);
    expect(r.stdout).toMatch(/admPassword: \(sensitive\)/);
  });

  it.each([
    ['plan', '-v'],
    ['plan', '--json'],
    ['plan', '--markdown'],
    ['plan', '-o', 'saved.json'],
    ['apply', '--auto-approve', '--json', '-v'],
    ['plan', '-v'],
    ['drift', '--format', 'markdown'],
    ['drift', '--format', 'json'],
  ])('%s %s', async (...args) => {
    const r = await h.run(args);
    expect(r.code).toBeLessThanOrEqual(2);
    expect(r.stdout + r.stderr).not.toMatch(/Bearer\s+\S+/);
  });

  it('keeps secrets out of API error messages and verbose logs of a failed apply', async () => {
    h.write('redis.yaml', redisYaml({ tags: { app: 'orders', owner: 'x' } }).replace(/admPassword: .*/, 'admPassword: ${file:secrets/redis-password.txt}'));
    h.sim.faults.rejectNext.push({ method: 'POST', pathPrefix: '/itcare/compute/resources', status: 400, errorMessage: 'tag rejected' });
    h.sim.faults.rejectNext.push({ method: 'PUT', pathPrefix: '/itcare/compute/resources', status: 400, errorMessage: 'tag rejected' });
    const r = await h.run(['apply', '--auto-approve', '-v']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('tag rejected');
  });
});
