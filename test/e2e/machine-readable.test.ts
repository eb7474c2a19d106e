// Every command's --json output through the real CLI, validated line by line against
// schemas/machine-readable.schema.json (ajv): a version line first, typed messages, a closing summary
// even with nothing to do, and every failure (input, usage, stale plan, API) as a diagnostic on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type CliResult, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { assertPlanDocument, ofType, parseStream, reportOf, type StreamMessage } from '../support/stream.js';

describe('--json on every command: one documented message stream', () => {
  let h: Harness;
  const types = (m: StreamMessage[]) => m.map((x) => x.type);
  /** Runs, validates stdout against the schema, and returns the messages. */
  const json = async (args: string[], code: number, o: Parameters<Harness['run']>[1] = {}): Promise<StreamMessage[] & { r?: CliResult }> => {
    const r = await h.run(args, o);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
    return parseStream(r.stdout, `caretaker ${args.join(' ')}`);
  };
  const last = (m: StreamMessage[]) => m.at(-1)!;

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS });
    h.write('s/stack.yaml', stackYaml());
    h.write('s/redis.yaml', redisYaml());
  });
  afterAll(async () => h?.close());

  it('validate: diagnostics (a missing variable is a warning) and validate_complete; invalid input is error diagnostics', async () => {
    const ok = await json(['validate', '--json', 's'], 0, { unset: ['E2E_REDIS_PASSWORD'] });
    expect(types(ok)).toEqual(['version', 'diagnostic', 'validate_complete']);
    expect(ok[1]).toMatchObject({ '@level': 'warn', diagnostic: { severity: 'warning', code: 'interpolation' } });
    h.write('bad/stack.yaml', stackYaml());
    h.write('bad/redis.yaml', redisYaml({ diskSize: 3 }));
    const bad = await json(['validate', '--json', 'bad'], 1);
    expect(types(bad)).toEqual(['version', 'diagnostic']);
    expect(bad[1]).toMatchObject({ '@level': 'error', diagnostic: { severity: 'error', range: { file: 'bad/redis.yaml' } } });
  });

  it('plan, plan -o, show: planned_change lines and a change_summary; the plan document is the saved file', async () => {
    const p = await json(['plan', '--json', '-o', 'plan.json', 's'], 0);
    expect(types(p)).toEqual(['version', 'log', 'planned_change', 'change_summary']);
    expect(p[2]!.change).toMatchObject({ address: 'Redis/orderscache', action: 'create' });
    expect(p[1]!['@message']).toContain('caretaker apply plan.json');
    expect(last(p).changes).toMatchObject({ operation: 'plan', create: 1 });
    const saved = JSON.parse(readFileSync(join(h.dir, 'plan.json'), 'utf8'));
    assertPlanDocument(saved);
    expect(saved.changes).toHaveLength(1);
    expect(saved.changes[0]).toMatchObject(p[2]!.change);
    const show = await json(['show', '--json', 'plan.json'], 0);
    expect(types(show)).toEqual(['version', 'planned_change', 'change_summary']);
  });

  it('apply of the saved plan: apply_* messages and change_summary; with nothing to do still a change_summary', async () => {
    const a = await json(['apply', '--json', 'plan.json'], 0);
    for (const t of ['planned_change', 'apply_begin', 'apply_start', 'apply_progress', 'apply_complete']) expect(types(a)).toContain(t);
    expect(last(a)).toMatchObject({ type: 'change_summary', changes: { operation: 'apply', create: 1, failed: 0, skipped: 0 } });
    const stale = await json(['apply', '--json', 'plan.json'], 1);
    expect(last(stale)).toMatchObject({ type: 'diagnostic', diagnostic: { code: 'ERR_PLAN_STALE' } });
    const none = await json(['apply', '--json', '--auto-approve', 's'], 0);
    expect(types(none)).toEqual(['version', 'change_summary']);
    expect(last(none).changes).toMatchObject({ operation: 'apply', create: 0, update: 0, noop: 1 });
  });

  it('drift: resource_drift lines and a drift_summary (exit 2), or only the summary in sync (exit 0)', async () => {
    const clean = await json(['drift', '--json', 's'], 0);
    expect(types(clean)).toEqual(['version', 'drift_summary']);
    h.write('s/redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const drifted = await json(['drift', '--format', 'json', 's'], 2);
    expect(types(drifted)).toEqual(['version', 'resource_drift', 'drift_summary']);
    expect(reportOf(drifted)).toMatchObject({ drift: true, resources: [{ address: 'Redis/orderscache', status: 'drifted' }] });
    h.write('s/redis.yaml', redisYaml());
  });

  it('failures are diagnostics on stdout: usage, bad target, bad plan file, no confirmation, API errors', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['plan', '--json', '--bogus'], /unknown option '--bogus'/],
      [['drift', '--json', '--format', 'markdown'], /--json conflicts with --format markdown/],
      [['plan', '--json', '--target', 'Redis/nope', 's'], /Redis\/nope/],
      [['show', '--json', 's/redis.yaml'], /not a caretaker plan/],
      [['destroy', '--json', 's'], /--auto-approve/],
      [['export', '--json', '--service', '999999'], /999999/],
    ];
    for (const [args, want] of cases) {
      const m = await json(args, 1);
      const errors = ofType(m, 'diagnostic').filter((d) => d.diagnostic.severity === 'error');
      expect(errors.map((d) => d.diagnostic.summary).join('\n'), args.join(' ')).toMatch(want);
      expect(m[0]!.type).toBe('version');
      expect(ofType(m, 'version')).toHaveLength(1);
    }
  });

  it('an apply that fails: apply_errored, the error as a diagnostic, change_summary with failed (exit 1)', async () => {
    h.sim.faults.failActions.push({ resourceName: 'orderscache', operation: 'resize', message: 'no capacity left', count: 5 });
    h.write('s/redis.yaml', redisYaml({ nodeSizing: '4cpu8gb' }));
    const m = await json(['apply', '--json', '--auto-approve', 's'], 1);
    expect(ofType(m, 'apply_errored')[0]).toMatchObject({ address: 'Redis/orderscache', action: 'update' });
    expect(ofType(m, 'diagnostic').map((d) => d.diagnostic.summary).join('\n')).toMatch(/no capacity left/);
    expect(last(m)).toMatchObject({ type: 'change_summary', '@level': 'error', changes: { operation: 'apply', failed: 1 } });
    h.sim.faults.failActions.length = 0;
    h.write('s/redis.yaml', redisYaml());
  });

  it('export and destroy', async () => {
    const e = await json(['export', '--json', '--service', '46922', '-o', 'exp'], 0);
    expect(last(e)).toMatchObject({ type: 'export_complete', export: { serviceId: 46922, directory: 'exp' } });
    const d = await json(['destroy', '--json', '--auto-approve', 's'], 0);
    expect(last(d)).toMatchObject({ type: 'change_summary', changes: { operation: 'destroy', delete: 1, failed: 0 } });
    const again = await json(['destroy', '--json', '--auto-approve', 's'], 0);
    expect(types(again)).toEqual(['version', 'change_summary']);
  });
});
