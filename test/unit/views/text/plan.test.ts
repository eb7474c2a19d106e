import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/engine/plan.js';
import { renderPlanText } from '../../../../src/views/text/plan.js';
import {
  createOnlyPlan, destroyPlan, mixedPlan, noopPlan, prunePlan, replacePlan, secretPlan, updatePlan,
} from '../../../support/plans.js';

const cases: Record<string, { reason: string; plan: () => Plan }> = {
  'create-only': { reason: 'every desired field listed, refs shown as known after apply, after: edges', plan: createOnlyPlan },
  update: { reason: 'resize + monitoring + patch party + tags, pending action, one irreversible op', plan: updatePlan },
  replace: { reason: 'the immutable field is marked "# forces replacement" and the reason is printed', plan: replacePlan },
  'delete-prune': { reason: 'a pruned resource says why it is destroyed', plan: prunePlan },
  destroy: { reason: 'destroy mode names itself in the header', plan: destroyPlan },
  secret: { reason: 'Secret values print as (sensitive)', plan: secretPlan },
  'no-op': { reason: 'a converged estate prints one line', plan: noopPlan },
  mixed: { reason: 'all actions sorted by address with a legend of the symbols present', plan: mixedPlan },
};

describe('renderPlanText', () => {
  it.each(Object.entries(cases))('%s', async (name, { plan }) => {
    await expect(renderPlanText(plan(), { color: false })).toMatchFileSnapshot(`../../../golden/text/plan-${name}.txt`);
  });

  it('is byte-for-byte identical whatever the order of the changes', () => {
    const plan = mixedPlan();
    const reversed = { ...plan, changes: [...plan.changes].reverse() };
    expect(renderPlanText(reversed, { color: false })).toBe(renderPlanText(plan, { color: false }));
  });

  it('with colour, differs only by ANSI codes and marks irreversible in bold red', () => {
    const coloured = renderPlanText(updatePlan(), { color: true });
    expect(coloured).toContain('\x1b[1m\x1b[31m[irreversible]');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderPlanText(updatePlan(), { color: false }));
  });

  it('says so when a destroy plan finds nothing to delete', () => {
    expect(renderPlanText({ ...noopPlan(), changes: [], mode: 'destroy' }, { color: false })).toBe(
      'No changes. Stack orders-qa owns no live resources.\n',
    );
  });
});
