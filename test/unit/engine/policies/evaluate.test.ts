// Rule evaluation (issue 22 item 1): a table of rules x plans with the expected verdict and a reason each,
// the five rules of examples/policies/platform.yaml each on the plan it is written for, overrides, and
// no secret value reaching a rule or a result.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExpression, type PolicyRule } from '../../../../src/engine/policies/rules.js';
import { deniedResults, evaluatePolicies } from '../../../../src/engine/policies/evaluate.js';
import { loadPolicyFiles } from '../../../../src/engine/policies/load.js';
import { createSchemaRegistry } from '../../../../src/schema/registry.js';
import type { Change, Plan } from '../../../../src/engine/plan.js';
import { ROOT } from '../../../support/cli.js';
import {
  SECRET_VALUE, change, op, planOf, postgresCreateWithSecrets, redisCreate, redisPrune, redisReplace, redisUpdate, tagsCreate, unchanged,
} from '../../../support/plans.js';

function rule(name: string, effect: 'deny' | 'warn', expression: string, message?: string): PolicyRule {
  const c = compileExpression(expression);
  if (!c.ok) throw new Error(`${expression}: ${c.message}`);
  return { policy: 'test', name, effect, expression, source: 'test.yaml:1', perChange: c.perChange, evaluate: c.evaluate, ...(message ? { message } : {}) };
}

const withService = (c: Change, serviceId: number): Change => ({ ...c, operations: c.operations.map((o) => ({ ...o, serviceId })) });

/** A create as the planner diffs it: maps one level down are one entry per key (`/tags/team`). */
function asPlanned(c: Change): Change {
  return { ...c, diff: c.diff.flatMap((d) => (d.path === '/tags' && d.value && typeof d.value === 'object'
    ? Object.entries(d.value).map(([k, v]) => ({ op: d.op, path: `/tags/${k}`, value: v }))
    : [d])) };
}

describe('evaluatePolicies: rules x plans', () => {
  const cases: Record<string, { reason: string; rule: PolicyRule; plan: Plan; want: Array<[string | undefined, 'deny' | 'warn']> }> = {
    ReplaceDenied: {
      reason: 'a per-change rule holds on the replacing change only',
      rule: rule('r', 'deny', 'change.action == "replace"'), plan: planOf([redisReplace(), redisUpdate()]), want: [['Redis/orders-cache', 'deny']],
    },
    ReplaceAllowed: {
      reason: 'a plan without a replace breaks nothing',
      rule: rule('r', 'deny', 'change.action == "replace"'), plan: planOf([redisUpdate(), redisCreate()]), want: [],
    },
    PerPlanCount: {
      reason: 'a rule that names no change runs once per plan, on the counts',
      rule: rule('p', 'warn', 'plan.irreversible > 1'), plan: planOf([redisReplace(), redisUpdate(), redisPrune()]), want: [[undefined, 'warn']],
    },
    PerPlanCountBelow: {
      reason: 'the counts under the limit',
      rule: rule('p', 'warn', 'plan.irreversible > 3'), plan: planOf([redisReplace(), redisUpdate()]), want: [],
    },
    MacroOverChanges: {
      reason: 'a per-plan rule may iterate plan.changes (change is then the macro variable)',
      rule: rule('m', 'deny', 'plan.changes.exists(change, change.action == "delete")'), plan: planOf([redisPrune(), redisCreate()]), want: [[undefined, 'deny']],
    },
    NoopsNotEvaluated: {
      reason: 'no-op changes are never given to a per-change rule',
      rule: rule('n', 'deny', 'true && change.action != "create"'), plan: planOf([unchanged('Redis/a', 1), redisCreate()]), want: [],
    },
    DiffField: {
      reason: 'the diff is there: a resize to a size off the list',
      rule: rule('d', 'deny', 'change.diff.exists(d, d.path == "/nodeSizing" && !(d.value in ["2cpu4gb"]))'), plan: planOf([redisUpdate()]), want: [['Redis/sessions', 'deny']],
    },
    OperationsField: {
      reason: 'the operations are there, with method and path',
      rule: rule('o', 'warn', 'change.operations.exists(o, o.method == "DELETE")'), plan: planOf([redisPrune(), redisUpdate()]), want: [['Redis/old-cache', 'warn']],
    },
    Service: {
      reason: 'change.serviceId comes from the operations\' service',
      rule: rule('s', 'deny', 'change.serviceId == 46930'), plan: planOf([withService(redisPrune(), 46930), withService(redisUpdate(), 46922)]), want: [['Redis/old-cache', 'deny']],
    },
    MissingFieldFailsClosed: {
      reason: 'a rule that cannot be evaluated (no such key) counts as holding: a deny fails closed',
      rule: rule('x', 'deny', 'change.nope == 1'), plan: planOf([redisCreate()]), want: [['Redis/orders-cache', 'deny']],
    },
    Release: {
      reason: 'release is an action rules can see, counted in plan.release',
      rule: rule('rel', 'warn', 'plan.release == 1 && plan.changes.all(c, c.action == "release")'),
      plan: planOf([change({ address: 'Redis/kept', action: 'release', id: 3, operations: [op({ method: 'DELETE', path: '/itcare/compute/resources/3/tags', summary: 'untag caretaker-stack' })] })]),
      want: [[undefined, 'warn']],
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const got = evaluatePolicies(c.plan, [c.rule]).map((r) => [r.address, r.effect]);
    expect(got, c.reason).toEqual(c.want);
  });

  it('results name the rule, its policy and source, and carry the message (or the expression, or why it failed)', () => {
    const rules = [rule('with-message', 'deny', 'change.action == "create"', 'no creates today'), rule('bare', 'warn', 'change.action == "create"'), rule('broken', 'warn', 'change.nope')];
    const results = evaluatePolicies(planOf([redisCreate()]), rules);
    expect(results).toEqual([
      { rule: 'with-message', policy: 'test', source: 'test.yaml:1', effect: 'deny', address: 'Redis/orders-cache', message: 'no creates today' },
      { rule: 'bare', policy: 'test', source: 'test.yaml:1', effect: 'warn', address: 'Redis/orders-cache', message: 'change.action == "create"' },
      { rule: 'broken', policy: 'test', source: 'test.yaml:1', effect: 'warn', address: 'Redis/orders-cache', message: 'could not be evaluated: no such key: nope' },
    ]);
  });

  it('an override marks the denial it names, and only denials', () => {
    const rules = [rule('a', 'deny', 'change.action == "create"'), rule('b', 'deny', 'change.action == "create"'), rule('w', 'warn', 'true || change.action == "x"')];
    const results = evaluatePolicies(planOf([redisCreate()]), rules, [{ rule: 'a', reason: 'r', actor: 'alice', at: '2026-01-01T00:00:00.000Z' }, { rule: 'w', reason: 'r', actor: 'alice', at: 'x' }]);
    expect(results.map((r) => [r.rule, r.overridden === true])).toEqual([['a', true], ['b', false], ['w', false]]);
    expect(deniedResults({ policyResults: results }).map((r) => r.rule)).toEqual(['b']);
  });

  it('no secret value reaches a rule: bodies and diffs are redacted before evaluation', () => {
    const results = evaluatePolicies(planOf([postgresCreateWithSecrets()]), [
      rule('leak', 'deny', `change.operations.exists(o, o.body.admPassword == "${SECRET_VALUE}") || change.diff.exists(d, d.value == "${SECRET_VALUE}")`),
      rule('redacted', 'warn', 'change.diff.exists(d, d.path == "/admPassword" && d.value == "(sensitive)")'),
    ]);
    expect(results.map((r) => r.rule)).toEqual(['redacted']);
    expect(JSON.stringify(results)).not.toContain(SECRET_VALUE);
  });
});

describe('examples/policies/platform.yaml', () => {
  const registry = createSchemaRegistry(undefined, { lazy: true });
  const load = async () => {
    const r = await loadPolicyFiles([join(ROOT, 'examples/policies/platform.yaml')], { cwd: ROOT, registry });
    expect(r.diagnostics).toEqual([]);
    return r.rules;
  };
  const denied = async (p: Plan) => evaluatePolicies(p, await load()).map((r) => `${r.rule} ${r.address ?? ''}`.trim());

  it('ships five rules, all denials', async () => {
    expect((await load()).map((r) => [r.name, r.effect])).toEqual([
      ['no-database-replace', 'deny'], ['no-delete-in-production', 'deny'], ['irreversible-needs-override', 'deny'],
      ['allowed-node-sizings', 'deny'], ['team-tag-on-create', 'deny'],
    ]);
  });

  it('no-database-replace: a Redis replace is denied (and is irreversible too)', async () => {
    expect(await denied(planOf([redisReplace()]))).toEqual(['irreversible-needs-override Redis/orders-cache', 'no-database-replace Redis/orders-cache']);
  });

  it('no-delete-in-production: a delete in service 46930 is denied, the same delete in a QA service only needs the irreversible override', async () => {
    expect(await denied(planOf([withService(redisPrune(), 46930)]))).toEqual(['irreversible-needs-override Redis/old-cache', 'no-delete-in-production Redis/old-cache']);
    expect(await denied(planOf([withService(redisPrune(), 46922)]))).toEqual(['irreversible-needs-override Redis/old-cache']);
  });

  it('irreversible-needs-override: a resize is denied until overridden', async () => {
    const p = planOf([redisUpdate()]);
    expect(await denied(p)).toEqual(['irreversible-needs-override Redis/sessions']);
    const over = evaluatePolicies(p, await load(), [{ rule: 'irreversible-needs-override', reason: 'planned with the DBA team', actor: 'alice', at: 'x' }]);
    expect(deniedResults({ policyResults: over })).toEqual([]);
  });

  it('allowed-node-sizings: a create with a sizing off the list is denied, one on the list is not', async () => {
    const big = asPlanned(redisCreate());
    big.diff = big.diff.map((d) => (d.path === '/nodeSizing' ? { ...d, value: '32cpu128gb' } : d));
    expect(await denied(planOf([big]))).toEqual(['allowed-node-sizings Redis/orders-cache']);
    expect(await denied(planOf([asPlanned(redisCreate())]))).toEqual([]);
  });

  it('team-tag-on-create: a create without spec.tags.team is denied; a Tags document is not a resource', async () => {
    const untagged = asPlanned(redisCreate());
    untagged.diff = untagged.diff.filter((d) => d.path !== '/tags/team');
    expect(await denied(planOf([untagged, tagsCreate()]))).toEqual(['team-tag-on-create Redis/orders-cache']);
    expect(await denied(planOf([asPlanned(redisCreate()), tagsCreate()]))).toEqual([]);
  });
});
