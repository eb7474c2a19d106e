// `caretaker list` (issue 24 item 9): what the stack owns, live (address, kind, name, id, status and
// the endpoints the API returns), as text and as the JSON another stack or tool consumes; owned
// resources the manifests no longer name are marked; `--unowned` shows the manifests' resources that
// exist live without the stack's tag. It only reads, and needs no secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { postgresYaml, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { ofType, parseStream } from '../support/stream.js';

describe('caretaker list', () => {
  let h: Harness;
  const id = (name: string) => h.sim.state.resources.find((r) => r.name === name)!.id;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.write('pg.yaml', postgresYaml());
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => h?.close());

  it('lists what the stack owns with ids, status and endpoints, reading only and with no secret', async () => {
    const since = h.sim.requests.length;
    const r = await h.run(['list'], { unset: Object.keys(SECRETS) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Stack orders-e2e owns 2 live resources:');
    expect(r.stdout).toMatch(/^ {2}ADDRESS +ID +STATUS +ENDPOINTS$/m);
    expect(r.stdout).toMatch(new RegExp(`^  PostgreSQL/ordersdb +${id('ordersdb')} +ACTIVE +ordersdb\\.eb-qa\\.postgresql\\.cegedim\\.cloud:5432, [\\d.]+$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^  Redis/orderscache +${id('orderscache')} +ACTIVE +orderscache\\.eb-qa\\.redis\\.cegedim\\.cloud:6379$`, 'm'));
    expect(h.writes(since)).toEqual([]);
  });

  it('--json: one resource_list line another tool can consume', async () => {
    const r = await h.run(['list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [msg] = ofType(parseStream(r.stdout), 'resource_list');
    expect(msg!.list).toEqual({
      stack: 'orders-e2e',
      resources: [
        { address: 'PostgreSQL/ordersdb', kind: 'PostgreSQL', name: 'ordersdb', id: id('ordersdb'), status: 'ACTIVE', endpoints: [expect.stringContaining('postgresql'), expect.stringMatching(/^[\d.]+$/)], inManifests: true },
        { address: 'Redis/orderscache', kind: 'Redis', name: 'orderscache', id: id('orderscache'), status: 'ACTIVE', endpoints: ['orderscache.eb-qa.redis.cegedim.cloud:6379'], inManifests: true },
      ],
    });
    expect(parseStream(r.stdout).at(-1)!.type).toBe('resource_list');
  });

  it('marks an owned resource the manifests no longer name; --unowned shows what lives untagged', async () => {
    h.write('pg.yaml', '');
    // Someone removed the Redis's ownership tag: the manifests name it, the stack no longer owns it.
    const redis = h.sim.state.resources.find((r) => r.name === 'orderscache')!;
    redis.tags = redis.tags.filter((t) => t.tagKey !== 'caretaker-stack');
    const r = await h.run(['list', '--unowned']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Stack orders-e2e owns 1 live resource:');
    expect(r.stdout).toMatch(/^ {2}PostgreSQL\/ordersdb .*\(in no manifest: prune would delete it\)$/m);
    expect(r.stdout).toContain("Live without this stack's tag (1): the manifests name them, the stack does not own them:");
    expect(r.stdout).toMatch(/^ {2}Redis\/orderscache .*\(untagged: a plan adopts it, unless lifecycle\.adopt is false\)$/m);
    const plain = await h.run(['list']);
    expect(plain.stdout).not.toContain('Redis/orderscache');
    const j = await h.run(['list', '--unowned', '--json']);
    expect(ofType(parseStream(j.stdout), 'resource_list')[0]!.list).toMatchObject({
      resources: [{ address: 'PostgreSQL/ordersdb', inManifests: false }],
      unowned: [{ address: 'Redis/orderscache', inManifests: true }],
    });
  });
});
