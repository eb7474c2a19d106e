// The plan-on-PR / apply-on-merge pipeline through the real CLI: saved plans recognised by content
// and applied from any directory, --target checked and recorded, plan --prune/--destroy previews,
// the missing-owned note, show, completion, help, EPIPE, and every "Bad input" case of issue 14.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { postgresYaml, REDIS_PASSWORD, redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { parseStream, reportOf } from '../support/stream.js';

/** Names of this test's resources in the simulator (which also holds seeded ones). */
const ours = (h: Harness) => h.sim.state.resources.map((x) => x.name).filter((n) => /^(ordersdb|orderscache|subcache)$/.test(n)).sort();

describe('saved plans, targets and previews', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(dir = 'stacks/orders'): Promise<Harness> {
    const x = await harness({ secrets: SECRETS });
    x.write(`${dir}/stack.yaml`, stackYaml());
    x.write(`${dir}/redis.yaml`, redisYaml());
    x.write(`${dir}/postgresql.yaml`, postgresYaml());
    x.write('plans/.keep', '');
    return x;
  }

  it('applies a plan saved under any name from another directory; an edited manifest makes it stale', async () => {
    h = await setup();
    const ok = await h.run(['plan', '-o', 'plans/orders.tfplan', '--endpoint', h.sim.url, 'stacks/orders']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`caretaker apply plans/orders.tfplan --endpoint ${h.sim.url}`);
    const saved = JSON.parse(readFileSync(join(h.dir, 'plans/orders.tfplan'), 'utf8'));
    expect(saved.manifests).toEqual(['../stacks/orders']);
    expect(Object.keys(saved.manifestDigests).sort()).toEqual(['../stacks/orders/postgresql.yaml', '../stacks/orders/redis.yaml', '../stacks/orders/stack.yaml']);
    expect(JSON.stringify(saved)).not.toContain(REDIS_PASSWORD);
    // An edit that changes no operation (a comment) still makes the plan stale.
    const redis = readFileSync(join(h.dir, 'stacks/orders/redis.yaml'), 'utf8');
    h.write('stacks/orders/redis.yaml', redis + '# reviewed\n');
    const stale = await h.run(['apply', '../plans/orders.tfplan'], { cwd: 'stacks' });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/plan is stale: the manifests changed.*redis\.yaml/);
    expect(h.writes()).toEqual([]);
    h.write('stacks/orders/redis.yaml', redis);
    const r = await h.run(['apply', '../../plans/orders.tfplan'], { cwd: 'stacks/orders' });
    expect(r.code, r.stderr).toBe(0);
    expect(ours(h)).toEqual(['orderscache', 'ordersdb']);
  });

  it('records --target in the plan and applies exactly it; apply and destroy take --target', async () => {
    h = await setup();
    const p = await h.run(['plan', '--target', 'Redis/orderscache', '-o', 'plans/t.json', 'stacks/orders']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('resource targeting is in effect (Redis/orderscache)');
    expect(p.stdout).not.toContain('PostgreSQL/ordersdb');
    expect(JSON.parse(readFileSync(join(h.dir, 'plans/t.json'), 'utf8')).targets).toEqual(['Redis/orderscache']);
    const a = await h.run(['apply', 'plans/t.json']);
    expect(a.code, a.stderr).toBe(0);
    expect(ours(h)).toEqual(['orderscache']);
    const b = await h.run(['apply', '--auto-approve', '--target', 'PostgreSQL/ordersdb', 'stacks/orders']);
    expect(b.code, b.stderr).toBe(0);
    expect(ours(h)).toEqual(['orderscache', 'ordersdb']);
    const d = await h.run(['destroy', '--auto-approve', '--target', 'Redis/orderscache', 'stacks/orders']);
    expect(d.code, d.stderr).toBe(0);
    expect(ours(h)).toEqual(['ordersdb']);
  });

  it('previews prune and destroy, saves them, and notes owned resources missing from the manifests', async () => {
    h = await setup();
    expect((await h.run(['apply', '--auto-approve', 'stacks/orders'])).code).toBe(0);
    const since = h.sim.requests.length;
    h.write('stacks/orders/postgresql.yaml', '');
    const plain = await h.run(['plan', '--detailed-exitcode', 'stacks/orders']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Note: 1 owned resource is missing from the manifests and left alone: PostgreSQL/ordersdb');
    // drift lists the missing owned resource too (its report belongs to the drift report itself);
    // --json is an alias of --format json.
    const drift = await h.run(['drift', 'stacks/orders']);
    expect(drift.stdout).toContain('PostgreSQL/ordersdb');
    const dj = await h.run(['drift', '--json', 'stacks/orders']);
    const df = await h.run(['drift', '--format', 'json', 'stacks/orders']);
    expect(dj.code).toBe(df.code);
    expect({ ...reportOf(parseStream(dj.stdout)), generatedAt: 0 }).toEqual({ ...reportOf(parseStream(df.stdout)), generatedAt: 0 });
    expect(dj.stdout).toContain('PostgreSQL/ordersdb');
    const prune = await h.run(['plan', '--prune', '-o', 'plans/prune.json', 'stacks/orders']);
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toContain('1 to destroy');
    const show = await h.run(['show', '--json', 'plans/prune.json']);
    expect(JSON.parse(readFileSync(join(h.dir, 'plans/prune.json'), 'utf8'))).toMatchObject({ prune: true, summary: { delete: 1 } });
    expect(parseStream(show.stdout).at(-1)).toMatchObject({ type: 'change_summary', changes: { operation: 'plan', delete: 1 } });
    expect((await h.run(['show', '--markdown', 'plans/prune.json'])).stdout).toContain('PostgreSQL/ordersdb');
    expect(h.writes(since)).toEqual([]);
    // The manifests hold no PostgreSQL any more: the blast-radius guard wants the deletion confirmed.
    const guarded = await h.run(['apply', 'plans/prune.json']);
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toMatch(/refusing to prune/);
    expect(h.writes(since)).toEqual([]);
    const applied = await h.run(['apply', '--max-deletes', '1', 'plans/prune.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(ours(h)).toEqual(['orderscache']);
    const destroy = await h.run(['plan', '--destroy', '-o', 'plans/destroy.json', 'stacks/orders']);
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toContain('To destroy exactly this plan: caretaker apply plans/destroy.json');
    expect(ours(h)).toHaveLength(1);
    expect((await h.run(['apply', 'plans/destroy.json'])).code).toBe(0);
    expect(ours(h)).toHaveLength(0);
  });
});

describe('bad input for plans and targets: a clear message, exit 1, nothing written', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('refuses each case before any write', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml({ preventDestroy: true }));
    const cases: Array<{ args: string[]; want: RegExp; prep?: () => void }> = [
      { args: ['apply', 'notes.txt'], want: /notes\.txt/, prep: () => h.write('notes.txt', 'just some text, not a plan\n') },
      {
        args: ['apply', 'future.plan'], want: /formatVersion 2, newer than formatVersion 1/,
        prep: () => h.write('future.plan', JSON.stringify({ formatVersion: 2, stack: 'orders-e2e', changes: [] })),
      },
      { args: ['plan', '--target', 'Redis/nope'], want: /--target "Redis\/nope" matches no resource/ },
      { args: ['plan', '--target', 'foo'], want: /--target "foo" is not a resource address/ },
      { args: ['plan', '--target', 'redis/orderscache'], want: /case-sensitive; did you mean "Redis\/orderscache"/ },
      { args: ['apply', '--auto-approve', '--target', 'Redis/orderscach'], want: /did you mean "Redis\/orderscache"/ },
      { args: ['destroy', '--auto-approve', '--target', 'Nope/x'], want: /matches no resource/ },
      { args: ['plan', '-o', 'missing/dir/plan.json'], want: /directory missing\/dir does not exist/ },
    ];
    for (const c of cases) {
      c.prep?.();
      const r = await h.run(c.args);
      expect(r.code, c.args.join(' ')).toBe(1);
      expect(r.stderr, c.args.join(' ')).toMatch(c.want);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(h.dir, 'missing'))).toBe(false);
    expect(h.writes()).toEqual([]);
    // A path after --target is a path, never a second target.
    const path = await h.run(['plan', '--target', 'Redis/orderscache', '.']);
    expect(path.code, path.stderr).toBe(0);
    // destroy (and its preview) of a preventDestroy resource is refused before any write.
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    const since = h.sim.requests.length;
    for (const args of [['plan', '--destroy'], ['destroy', '--auto-approve']]) {
      const r = await h.run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain('preventDestroy');
    }
    expect(h.writes(since)).toEqual([]);
    // A plan whose manifests were deleted.
    h.write('sub/stack.yaml', stackYaml({ name: 'sub' }));
    h.write('sub/redis.yaml', redisYaml({ name: 'subcache' }));
    h.write('plans/.keep', '');
    expect((await h.run(['plan', '-o', 'plans/sub.plan', 'sub'])).code).toBe(0);
    rmSync(join(h.dir, 'sub'), { recursive: true });
    const gone = await h.run(['apply', 'plans/sub.plan']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/the manifests of plan plans\/sub\.plan are gone: sub/);
    expect(h.writes(since)).toEqual([]);
  }, 300_000);
});

describe('unix manners', () => {
  const CLI = join(ROOT, 'dist', 'cli', 'main.js');

  it('every command help lists its environment variables and at least two examples', () => {
    for (const cmd of ['validate', 'plan', 'apply', 'destroy', 'drift', 'show', 'export', 'list', 'schema', 'completion', 'simulator']) {
      const r = spawnSync(process.execPath, [CLI, cmd, '--help'], { encoding: 'utf8' });
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toContain('Environment variables:');
      expect((r.stdout.split('Examples:')[1] ?? '').match(/^\s+\$ /gm)?.length ?? 0, cmd).toBeGreaterThanOrEqual(2);
    }
  });

  it('prints bash and zsh completion scripts that the shells accept', () => {
    const bash = spawnSync(process.execPath, [CLI, 'completion', 'bash'], { encoding: 'utf8' });
    expect(bash.status).toBe(0);
    // The script asks caretaker itself (issue 24): flags, their values and commands come from __complete.
    expect(bash.stdout).toContain('caretaker __complete -- ');
    const asked = spawnSync(process.execPath, [CLI, '__complete', '--', 'plan', '--ta'], { encoding: 'utf8' });
    expect(asked.stdout.split('\n')).toContain('--target');
    expect(spawnSync('bash', ['-n'], { input: bash.stdout }).status).toBe(0);
    const zsh = spawnSync(process.execPath, [CLI, 'completion', 'zsh'], { encoding: 'utf8' });
    expect(zsh.stdout).toMatch(/^#compdef caretaker/);
    const bad = spawnSync(process.execPath, [CLI, 'completion', 'fish'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bash or zsh');
  });

  it('ends quietly with the command exit code when stdout is closed (EPIPE)', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" schema Redis | true; echo "rc=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('rc=0');
    expect(r.stderr).not.toMatch(/EPIPE|at /);
  });
});
