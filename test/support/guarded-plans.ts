// Fixture plans of issue 22: a plan the shipped policies deny, the same plan with an override, and a plan
// with a release, an exclusion and a resource of another manifest set. The policy results come from
// evaluating examples/policies/platform.yaml (plus one warning rule), as `plan` does.
import { compileExpression, type PolicyRule } from '../../src/engine/policies/rules.js';
import { evaluatePolicies } from '../../src/engine/policies/evaluate.js';
import { loadPolicyFiles } from '../../src/engine/policies/load.js';
import { summarize, type Change, type Plan, type PolicyOverride } from '../../src/engine/plan.js';
import { createSchemaRegistry } from '../../src/schema/registry.js';
import { ROOT } from './cli.js';
import { change, op, planOf, redisCreate, redisPrune, redisReplace, redisUpdate, tagsCreate, unchanged } from './plans.js';

/** A create as the planner diffs it: maps one level down are one entry per key (`/tags/team`). */
export function asPlanned(c: Change): Change {
  return {
    ...c,
    diff: c.diff.flatMap((d) => (d.path === '/tags' && d.value && typeof d.value === 'object'
      ? Object.entries(d.value).map(([k, v]) => ({ op: d.op, path: `/tags/${k}`, value: v }))
      : [d])),
  };
}

/** The rules of examples/policies/platform.yaml, read as `--policy` reads them, plus a warning rule. */
export async function platformRules(): Promise<PolicyRule[]> {
  const r = await loadPolicyFiles(['examples/policies/platform.yaml'], { cwd: ROOT, registry: createSchemaRegistry(undefined, { lazy: true }) });
  if (r.diagnostics.length > 0) throw new Error(JSON.stringify(r.diagnostics));
  const expression = 'plan.irreversible > 1';
  const c = compileExpression(expression);
  if (!c.ok) throw new Error(c.message);
  const warn: PolicyRule = {
    policy: 'review-hints', name: 'many-irreversible', effect: 'warn', expression, source: 'policies/hints.yaml:8',
    message: 'several operations cannot be undone: review them one by one', perChange: c.perChange, evaluate: c.evaluate,
  };
  return [...r.rules, warn];
}

export const OVERRIDE: PolicyOverride = {
  rule: 'irreversible-needs-override', reason: 'resize agreed with the DBA team (CHG-2291); the old cache is empty', actor: 'alice@example.com', at: '2025-01-15T10:05:00.000Z',
};

/** A resize, a prune, a replace of a database and two creates, with the policies' results. */
export async function deniedPlan(overrides: PolicyOverride[] = []): Promise<Plan> {
  const p = planOf([redisPrune(), redisUpdate(), tagsCreate(), asPlanned(redisCreate()), unchanged('LoadBalancer/web', 500080001)]);
  const withOverrides = overrides.length > 0 ? { ...p, overrides } : p;
  return { ...withOverrides, policyResults: evaluatePolicies(p, await platformRules(), overrides) };
}

/** A release, a foreign resource (refused), and an exclusion that took a dependent with it. */
export function guardrailPlan(): Plan {
  const release = change({
    address: 'Redis/legacy-cache', action: 'release', id: 500059540,
    reason: 'release: stop managing it and keep it (removes the caretaker-stack tag only); prune and destroy never touch it afterwards',
    diff: [{ op: 'remove', path: '/tags/caretaker-stack', from: 'orders-qa' }],
    operations: [op({ method: 'DELETE', path: '/itcare/compute/resources/500059540/tags', body: { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, summary: 'untag caretaker-stack' })],
  });
  const foreign = { ...redisUpdate(), foreignOrigin: 'acme/platform:stacks/orders-eu' };
  const changes = [release, foreign, unchanged('PostgreSQL/orders-db', 500070001)];
  return {
    ...planOf(changes), summary: summarize(changes), origin: 'acme/platform:stacks/orders',
    excludes: ['KubernetesCluster/*'],
    excluded: [
      { address: 'KubernetesCluster/shop-k8s', action: 'update' },
      { address: 'LoadBalancer/shop.example.com', action: 'update', dependsOn: 'KubernetesCluster/shop-k8s' },
    ],
  };
}

export { redisReplace };
