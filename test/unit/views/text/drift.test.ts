import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/engine/plan.js';
import { driftReportOf, type DriftReport } from '../../../../src/engine/drift.js';
import { renderDriftMarkdown as markdownOf } from '../../../../src/views/markdown/drift.js';
import { renderDriftText as textOf } from '../../../../src/views/text/drift.js';

const report = (p: Plan): DriftReport => driftReportOf(p, { resources: [] }, '2026-12-01');
const renderDriftText = (p: Plan, o: { color: boolean }) => textOf(report(p), o);
const renderDriftMarkdown = (p: Plan) => markdownOf(report(p));
import { change, mixedPlan, noopPlan, planOf, redisReplace, unchanged } from '../../../support/plans.js';

const cases: Record<string, { reason: string; plan: () => Plan }> = {
  'in-sync': { reason: 'a converged estate says so in one line', plan: noopPlan },
  drifted: { reason: 'field-level live vs manifest, missing resources, pruned leftovers', plan: () => planOf([...mixedPlan().changes, redisReplace()].filter((c) => c.address !== 'Redis/orders-cache' || c.action === 'replace')) },
};

describe('drift reports', () => {
  it.each(Object.entries(cases))('text: %s (golden)', async (name, { plan }) => {
    await expect(renderDriftText(plan(), { color: false })).toMatchFileSnapshot(`../../../golden/text/drift-${name}.txt`);
  });

  it.each(Object.entries(cases))('markdown: %s (golden)', async (name, { plan }) => {
    await expect(renderDriftMarkdown(plan())).toMatchFileSnapshot(`../../../golden/markdown/drift-${name}.md`);
  });

  it('counts in singular for one resource', () => {
    expect(renderDriftText(planOf([unchanged('Redis/a', 1)]), { color: false })).toBe('No drift: 1 resource matches the manifests.\n');
    const one = planOf([change({ address: 'Redis/a', action: 'update', diff: [{ op: 'replace', path: '/diskSize', from: 40, value: 80 }] }), unchanged('Redis/b', 2)]);
    expect(renderDriftText(one, { color: false })).toContain('1 of 2 resources differs from the manifests.');
  });

  it('a removed field with no recorded live value shows as set', () => {
    const plan = planOf([change({ address: 'Redis/a', action: 'update', diff: [{ op: 'remove', path: '/tags/old' }] })]);
    expect(renderDriftText(plan, { color: false })).toContain('tags.old: live (set), manifest (absent)');
  });
});
