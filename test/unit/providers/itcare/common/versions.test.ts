// Versions shared by the ITCare kinds: the numeric comparison, the downgrade refusal at the version
// field (issue 24 item 6), and the descriptor's downgrade rule applied to an update and to a replace.
import { describe, expect, it } from 'vitest';
import type { DesiredResource, KindHandler, Observation } from '../../../../../src/engine/provider.js';
import type { FieldDiff } from '../../../../../src/engine/plan.js';
import { compareVersions, refuseDowngrade, withDowngradeRule } from '../../../../../src/providers/itcare/common/versions.js';
import { refusal } from '../../../../support/refusal.js';

describe('compareVersions', () => {
  const cases: Array<[string, string, number]> = [['13', '15', -1], ['15', '13', 1], ['13', '13.4', -1], ['6.2', '6.2.0', 0], ['1.30', '1.29', 1], ['10', '9', 1]];
  it.each(cases)('%s vs %s', (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));
});

describe('refuseDowngrade', () => {
  it('refuses a lower version at the field, naming both versions and what to do', () => {
    const err = refusal(() => refuseDowngrade('Thing', '/thingVersion', '6.2', '7.2', 'Thing/a', 'delete it first'));
    expect(err.message).toBe('cannot downgrade Thing from 7.2 to 6.2 (spec.thingVersion): delete it first');
    expect(err.field).toBe('/thingVersion');
  });

  const passes: Record<string, [unknown, unknown]> = {
    same: ['7.2', '7.2'], higher: ['7.4', '7.2'], prefix: ['6.2', '6.2.5'], livePrefix: ['6.2.5', '6.2'],
    noLive: ['6.2', undefined], noWant: [undefined, '7.2'], notDotted: ['latest', '7.2'], number: [15, '13'],
  };
  it.each(Object.entries(passes))('lets %s pass', (_n, [want, live]) => {
    expect(() => refuseDowngrade('Thing', '/thingVersion', want, live, 'Thing/a', 'why')).not.toThrow();
  });
});

describe('withDowngradeRule', () => {
  const calls: string[] = [];
  const inner: KindHandler = {
    kind: 'Thing',
    observe: async () => ({ exists: false, spec: {} }),
    listOwned: async () => [],
    createOperations: () => (calls.push('create'), []),
    updateOperations: () => (calls.push('update'), []),
    deleteOperations: () => [],
  };
  const h = withDowngradeRule(inner, { field: '/thingVersion', why: 'ITCare only upgrades' });
  const desired = (v: string): DesiredResource => ({ address: 'Thing/a', kind: 'Thing', name: 'a', spec: { thingVersion: v } });
  const live: Observation = { exists: true, id: 1, spec: { thingVersion: '15' } };
  const ctx = { stack: 's', resolveRef: () => undefined };
  const diff: FieldDiff[] = [{ op: 'replace', path: '/thingVersion', value: '13' }];

  it('refuses an update to a lower version before the kind builds anything', () => {
    calls.length = 0;
    expect(refusal(() => h.updateOperations(desired('13'), live, diff, ctx)).message).toContain('cannot downgrade Thing from 15 to 13');
    expect(calls).toEqual([]);
  });

  it('refuses a replace (a create over a live resource) to a lower version', () => {
    calls.length = 0;
    expect(refusal(() => h.createOperations(desired('13'), ctx, live)).field).toBe('/thingVersion');
    expect(calls).toEqual([]);
  });

  it('lets an upgrade, a first create and a change of another field through', () => {
    calls.length = 0;
    h.updateOperations(desired('16'), live, [{ op: 'replace', path: '/thingVersion', value: '16' }], ctx);
    h.createOperations(desired('13'), ctx, { exists: false, spec: {} });
    h.createOperations(desired('13'), ctx);
    // The version is not what changes: the rule is not asked (the diff decides, not the values).
    h.updateOperations(desired('13'), live, [{ op: 'replace', path: '/size', value: 2 }], ctx);
    expect(calls).toEqual(['update', 'create', 'create', 'update']);
  });
});
