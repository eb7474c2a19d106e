// Issue 13 item 8: an immutable value the API did not return is unknown, never a reason to replace.
import { describe, expect, it } from 'vitest';
import { diffSpec } from '../../../src/engine/diff.js';
import { buildPlan } from '../../../src/engine/planner.js';
import type { Observation } from '../../../src/engine/provider.js';
import { renderPlanText } from '../../../src/views/text/plan.js';
import { planJsonValue } from '../../../src/views/json/plan.js';
import { manifest, policy, planInput } from '../../support/fake-provider.js';

const live = (spec: Record<string, unknown>): Observation => ({ exists: true, id: 7, spec, owner: 'stack' });

describe('a value absent from the live read is unknown', () => {
  it('diffSpec marks an immutable field absent live as unknown, not as forcing a replace', () => {
    const diff = diffSpec({ size: 80, sizing: 'x' }, { sizing: 'x' }, { policy: policy() });
    expect(diff).toEqual([{ op: 'add', path: '/size', value: 80, unknown: true }]);
  });

  it('plans no operation and no replace for it, and lists it as not returned by the API', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { size: 80, sizing: 'x' })], observations: new Map([['Thing/a', live({ sizing: 'x' })]]) }));
    expect(p.changes[0]).toMatchObject({ action: 'no-op', operations: [], diff: [], unknownFields: ['/size'] });
    expect(p.summary).toMatchObject({ replace: 0, update: 0, noop: 1 });
    const text = renderPlanText(p, { color: false });
    expect(text).toContain('No changes.');
    expect(text).toContain('Note: Thing/a spec.size: not returned by the API (live value unknown): not compared, no operation');
    expect(JSON.stringify(planJsonValue(p))).toContain('"unknownFields":["/size"]');
  });

  it('still replaces when the API returned a different value', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { size: 80 })], observations: new Map([['Thing/a', live({ size: 40 })]]) }));
    expect(p.changes[0]!.action).toBe('replace');
    expect(p.changes[0]!.unknownFields).toBeUndefined();
  });

  it('keeps planning the other changes of the resource', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { size: 80, sizing: 'y' })], observations: new Map([['Thing/a', live({ sizing: 'x' })]]) }));
    expect(p.changes[0]).toMatchObject({ action: 'update', unknownFields: ['/size'] });
    expect(p.changes[0]!.diff.map((d) => d.path)).toEqual(['/sizing']);
  });
});
