// Evaluation of policy rules on a plan (DESIGN §3): a pure step after planning. Each rule that names
// `change` runs once per acting change, the others once per plan; the variables are built from the
// plan with every secret redacted, so no secret value can reach a rule, a result or a message.
import { redactDeep } from '../../core/secret.js';
import type { Change, Plan, PolicyOverride, PolicyResult } from '../plan.js';
import { celMessage, type PolicyRule } from './rules.js';

const ACTING = (c: Change) => c.action !== 'no-op';

/** The service of a change: its operations' service hint, else the `serviceId` of a create's diff. */
function serviceOf(c: Change): number | undefined {
  const fromOps = c.operations.find((o) => typeof o.serviceId === 'number')?.serviceId;
  if (fromOps !== undefined) return fromOps;
  const d = c.diff.find((x) => x.path === '/serviceId');
  return typeof d?.value === 'number' ? d.value : undefined;
}

/**
 * The `change` variable (docs/policies.md): the documented fields of a plan change, every key present
 * (null when absent) so that a rule can compare without `has()`.
 */
export function changeVariable(c: Change): Record<string, unknown> {
  return {
    address: c.address,
    kind: c.kind,
    name: c.name,
    provider: c.provider,
    action: c.action,
    id: c.id ?? null,
    reason: c.reason ?? null,
    serviceId: serviceOf(c) ?? null,
    irreversible: c.operations.some((o) => o.irreversible),
    diff: c.diff.map((d) => ({ op: d.op, path: d.path, from: d.from ?? null, value: d.value ?? null, forcesReplace: d.forcesReplace === true })),
    operations: c.operations.map((o) => ({
      method: o.method, path: o.path, body: o.body ?? null, async: o.async, irreversible: o.irreversible, summary: o.summary, serviceId: o.serviceId ?? null,
    })),
  };
}

/** The `plan` variable: counts per action, irreversible operations, and the acting changes. */
export function planVariable(p: Plan, changes: Record<string, unknown>[]): Record<string, unknown> {
  return {
    stack: p.stack,
    mode: p.mode ?? 'plan',
    create: p.summary.create,
    update: p.summary.update,
    replace: p.summary.replace,
    delete: p.summary.delete,
    release: p.summary.release ?? 0,
    noop: p.summary.noop,
    irreversible: p.changes.filter(ACTING).reduce((n, c) => n + c.operations.filter((o) => o.irreversible).length, 0),
    changes,
  };
}

/** One rule on one set of variables: true, false, or why it could not be evaluated. */
function run(rule: PolicyRule, vars: Record<string, unknown>): boolean | string {
  try {
    const v = rule.evaluate(vars);
    return typeof v === 'boolean' ? v : `the expression gave a ${v === null ? 'null' : typeof v}, not a boolean`;
  } catch (err) {
    return celMessage(err as { message: string; summary?: string });
  }
}

/**
 * Every rule that holds on `plan`, as results: denies first, then warnings, each by rule then address.
 * A rule that cannot be evaluated (a missing field, a wrong type) counts as holding, with the reason as
 * its message: a deny fails closed. Denies named by `overrides` are marked `overridden`.
 */
export function evaluatePolicies(plan: Plan, rules: readonly PolicyRule[], overrides: readonly PolicyOverride[] = []): PolicyResult[] {
  const safe = redactDeep(plan) as Plan;
  const acting = safe.changes.filter(ACTING);
  const changeVars = acting.map(changeVariable);
  const planVar = planVariable(safe, changeVars);
  const overridden = new Set(overrides.map((o) => o.rule));
  const results: PolicyResult[] = [];
  const add = (rule: PolicyRule, outcome: boolean | string, address?: string) => {
    if (outcome === false) return;
    const message = typeof outcome === 'string' ? `could not be evaluated: ${outcome}` : rule.message ?? rule.expression;
    results.push({
      rule: rule.name, policy: rule.policy, source: rule.source, effect: rule.effect, ...(address ? { address } : {}), message,
      ...(rule.effect === 'deny' && overridden.has(rule.name) ? { overridden: true } : {}),
    });
  };
  for (const rule of rules) {
    if (!rule.perChange) add(rule, run(rule, { plan: planVar }));
    else acting.forEach((c, i) => add(rule, run(rule, { change: changeVars[i], plan: planVar }), c.address));
  }
  return sortResults(results);
}

export function sortResults(results: readonly PolicyResult[]): PolicyResult[] {
  const key = (r: PolicyResult) => `${r.effect === 'deny' ? 0 : 1} ${r.rule} ${r.address ?? ''}`;
  return [...results].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The denies no override lets through: what makes `plan` exit 1 and apply refuse. */
export function deniedResults(plan: Pick<Plan, 'policyResults'>): PolicyResult[] {
  return (plan.policyResults ?? []).filter((r) => r.effect === 'deny' && !r.overridden);
}

/** One line per unoverridden deny: `rule no-database-replace (platform-rules): Redis/orders: replacing a database loses its data`. */
export function denialText(plan: Pick<Plan, 'policyResults'>): string | undefined {
  const denied = deniedResults(plan);
  if (denied.length === 0) return undefined;
  return denied.map((r) => `rule ${r.rule} (${r.policy}, ${r.source})${r.address ? `: ${r.address}` : ''}: ${r.message}`).join('\n');
}
