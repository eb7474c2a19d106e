import { describe, expect, it } from 'vitest';
import { isSecret } from '../../../../src/core/secret.js';
import { renderPlanJson } from '../../../../src/views/json/plan.js';
import { mixedPlan, noopPlan, replacePlan } from '../../../support/plans.js';

describe('renderPlanJson', () => {
  it('matches the documented format (golden)', async () => {
    await expect(renderPlanJson(mixedPlan())).toMatchFileSnapshot('../../../golden/json/plan-mixed.json');
  });

  it('replace plan (golden)', async () => {
    await expect(renderPlanJson(replacePlan())).toMatchFileSnapshot('../../../golden/json/plan-replace.json');
  });

  it('keeps the documented key order, 2-space indent and a trailing newline', () => {
    const text = renderPlanJson(noopPlan());
    expect(Object.keys(JSON.parse(text))).toEqual(['formatVersion', 'stack', 'createdAt', 'liveFingerprint', 'mode', 'manifests', 'changes', 'summary']);
    expect(text.startsWith('{\n  "formatVersion": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('sorts changes by address and round-trips to the same data minus secrets', () => {
    const plan = mixedPlan();
    const parsed = JSON.parse(renderPlanJson(plan));
    expect(parsed.changes.map((c: { address: string }) => c.address)).toEqual([
      'LoadBalancer/web', 'Redis/old-cache', 'Redis/orders-cache', 'Redis/sessions', 'Tags/orders-cache-tags',
    ]);
    expect(parsed.summary).toEqual(plan.summary);
    const create = parsed.changes.find((c: { address: string }) => c.address === 'Redis/orders-cache');
    expect(create.operations[0].body.admPassword).toBe('(sensitive)');
  });

  it('does not mutate the plan it renders (secrets stay Secrets)', () => {
    const plan = replacePlan();
    const before = JSON.stringify(plan);
    renderPlanJson(plan);
    expect(JSON.stringify(plan)).toBe(before);
    expect(isSecret((plan.changes[0]!.operations[1]!.body as { admPassword: unknown }).admPassword)).toBe(true);
  });
});
