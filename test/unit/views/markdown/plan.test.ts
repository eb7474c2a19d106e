import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, renderPlanMarkdown } from '../../../../src/views/markdown/plan.js';
import { change, mixedPlan, noopPlan, op, planOf, replacePlan } from '../../../support/plans.js';

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

describe('renderPlanMarkdown: a PR comment that fits', () => {
  /** 400 resized caches (irreversible) and 400 created ones with wide field tables: far over 65,536 characters. */
  function largePlan() {
    const changes = [];
    for (let i = 0; i < 400; i++) {
      const n = String(i).padStart(3, '0');
      changes.push(change({
        address: `Redis/cache-${n}`, action: 'update', id: 500000000 + i,
        diff: [{ op: 'replace', path: '/nodeSizing', from: '2cpu4gb', value: '4cpu8gb' }],
        operations: [op({ method: 'PATCH', path: `/itcare/databases/redis/${500000000 + i}`, summary: 'resize 2cpu4gb -> 4cpu8gb', async: true, irreversible: true })],
      }));
      changes.push(change({
        address: `Redis/new-${n}`, action: 'create',
        diff: ['diskSize', 'nodeSizing', 'redisVersion', 'instanceCount', 'persistenceMode', 'monitoringEnabled'].map((f) => ({ op: 'add' as const, path: `/${f}`, value: `${f}-value-${'x'.repeat(40)}` })),
        operations: [op({ method: 'POST', path: '/itcare/databases/redis', summary: `create Redis new-${n}`, async: true, role: 'create' })],
      }));
    }
    return planOf(changes);
  }

  it('stays under the comment limit; summary and every irreversible operation are complete; details are cut with a note', () => {
    const md = renderPlanMarkdown(largePlan());
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toContain('**Plan: 400 to create, 400 to update, 0 to replace, 0 to destroy, 0 unchanged.**');
    expect(md).toContain('| 400 | 400 | 0 | 0 | 0 |');
    for (let i = 0; i < 400; i++) expect(md).toContain(`\`~ Redis/cache-${String(i).padStart(3, '0')}\` \`PATCH`);
    expect(md).toMatch(/> Details of \d+ more resources are not shown: this comment must stay under 65,536 characters\./);
    // The summary comes before any detail, and no <details> block is cut in the middle.
    expect(md.indexOf('| 400 | 400 |')).toBeLessThan(md.indexOf('<details>'));
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });

  it('a truncated comment (golden, with a small limit)', async () => {
    const md = renderPlanMarkdown(mixedPlan(), { maxChars: 1500 });
    expect(md.length).toBeLessThan(1500);
    await expect(md).toMatchFileSnapshot('../../../golden/markdown/plan-truncated.md');
  });

  it('a plan that fits is not cut', () => {
    expect(renderPlanMarkdown(mixedPlan())).not.toContain('are not shown');
  });
});
