// Every local write checked and atomic (issue 24 item 2), through the CLI. CI runs as root, which no
// chmod stops, so a write is made to fail the way a read-only checkout makes it fail for a user: the
// working directory's `.caretaker` is a file, so nothing can be written under it (ENOTDIR).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

const QUICKSTART = { ORDERS_REDIS_PASSWORD: 'Orders#Redis2026', ORDERS_PG_PASSWORD: 'Orders#Postgres26' };
const noTrace = (r: { stdout: string; stderr: string }) => expect(r.stdout + r.stderr).not.toMatch(/Internal error|\n\s+at /);
const tmpFiles = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));

describe('local writes that fail say so, in one line, and change nothing', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('apply --simulator whose state cannot be saved exits 1 before any write; plan still reads', async () => {
    h = await harness({ secrets: QUICKSTART, fixture: 'examples/quickstart' });
    h.write('.caretaker', 'not a folder\n');
    const r = await h.run(['apply', '--simulator', '--auto-approve', '.']);
    noTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: the simulator cannot save its state, so nothing would be kept: cannot write .caretaker/simulator.json: .caretaker is a file, not a folder\n');
    expect(r.stdout).not.toMatch(/Apply complete|Plan:|failed:/);
    // A plan writes nothing: it runs in the same folder.
    const plan = await h.run(['plan', '--simulator', '.']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 2 to create');
    expect(tmpFiles(h.dir)).toEqual([]);
  });

  it('drift --reconcile --simulator applies, so it refuses as apply does; a report-only drift still reads', async () => {
    h = await harness({ secrets: QUICKSTART, fixture: 'examples/quickstart' });
    h.write('.caretaker', 'not a folder\n');
    const r = await h.run(['drift', '--reconcile', '--simulator', '.']);
    noTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: the simulator cannot save its state, so nothing would be kept: cannot write .caretaker/simulator.json: .caretaker is a file, not a folder\n');
    const report = await h.run(['drift', '--simulator', '.']);
    expect(report.stderr).not.toContain('cannot save its state');
    expect([0, 2]).toContain(report.code);
    expect(tmpFiles(h.dir)).toEqual([]);
  });

  it('caretaker simulator --state refuses to start when it cannot save', async () => {
    h = await harness();
    h.write('.caretaker', 'not a folder\n');
    const r = await h.run(['simulator', '--state', '.caretaker/sim.json']);
    noTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: the simulator cannot save its state, so nothing would be kept: cannot write .caretaker/sim.json: .caretaker is a file, not a folder');
  });

  it('a journal that cannot be written is one warning: the apply goes on and succeeds', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.write('.caretaker', 'not a folder\n');
    const r = await h.run(['apply', '--auto-approve']);
    noTrace(r);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe('Warning: cannot write the run journal .caretaker/journal.json: .caretaker is a file, not a folder; going on without it (a re-run after a crash of this run will need --wait)\n');
    expect(r.stdout).toContain('Apply complete');
    expect(tmpFiles(h.dir)).toEqual([]);
  });

  it('plan -o and export into a file that is not a folder: one line naming the path, nothing written', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', redisYaml());
    h.write('.caretaker', 'not a folder\n');
    const since = h.sim.requests.length;
    const plan = await h.run(['plan', '-o', '.caretaker/plan.json']);
    noTrace(plan);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe('Error: cannot save the plan to .caretaker/plan.json: .caretaker is a file, not a folder\n');
    expect(h.sim.requests.length).toBe(since);

    const applied = await h.run(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const exp = await h.run(['export', '--service', '46922', '-o', '.caretaker/exp']);
    noTrace(exp);
    expect(exp.code).toBe(1);
    expect(exp.stderr).toMatch(/^Error: cannot write \.caretaker\/exp\/[\w.-]+\.yaml: \.caretaker is a file, not a folder\n$/);
    // An export whose folder holds a folder named like one of its files writes none of them.
    h.write('exp/redis-orderscache.yaml/keep', '');
    const blocked = await h.run(['export', '--service', '46922', '-o', 'exp', '--force']);
    noTrace(blocked);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toBe('Error: cannot write exp/redis-orderscache.yaml: it is a folder (EISDIR)\n');
    expect(readdirSync(join(h.dir, 'exp'))).toEqual(['redis-orderscache.yaml']);
    expect(existsSync(join(h.dir, 'exp', 'stack.yaml'))).toBe(false);
    expect(tmpFiles(h.dir)).toEqual([]);
  });

  it('the quickstart fixture exists (the in-process simulator test depends on it)', () => {
    expect(existsSync(join(ROOT, 'examples/quickstart/stack.yaml'))).toBe(true);
  });
});
