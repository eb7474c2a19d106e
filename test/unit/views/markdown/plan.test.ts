import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../../../src/views/markdown/plan.js';
import { change, mixedPlan, noopPlan, planOf, replacePlan } from '../../../support/plans.js';

describe('renderPlanMarkdown', () => {
  it('mixed plan as a PR comment (golden)', async () => {
    await expect(renderPlanMarkdown(mixedPlan())).toMatchFileSnapshot('../../../golden/markdown/plan-mixed.md');
  });

  it('replace plan (golden)', async () => {
    await expect(renderPlanMarkdown(replacePlan())).toMatchFileSnapshot('../../../golden/markdown/plan-replace.md');
  });

  it('no changes (golden)', async () => {
    await expect(renderPlanMarkdown(noopPlan())).toMatchFileSnapshot('../../../golden/markdown/plan-no-op.md');
  });

  it('keeps a | inside a value from splitting the table cell', () => {
    const plan = planOf([change({ address: 'LoadBalancer/web', action: 'update', diff: [{ op: 'replace', path: '/comment', from: 'a|b', value: 'c' }] })]);
    expect(renderPlanMarkdown(plan)).toContain('| `~` | `comment` | `"a\\|b"` | `"c"` |');
  });
});
