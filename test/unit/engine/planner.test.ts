import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/engine/planner.js';
import { RefusedError } from '../../../src/core/errors.js';
import type { Observation } from '../../../src/engine/provider.js';
import { fakeHandler, manifest, world, planInput } from '../../support/fake-provider.js';

const live = (spec: Record<string, unknown>, owner = 'stack'): Observation => ({ exists: true, id: 7, spec, owner });

describe('buildPlan', () => {
  it('creates what does not exist, with every desired field in the diff', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { sizing: 'x' })] }));
    expect(p.changes[0]).toMatchObject({ action: 'create', diff: [{ op: 'add', path: '/sizing', value: 'x' }] });
    expect(p.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 0, noop: 0 });
  });

  it('plans no change for a converged resource', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { sizing: 'x' })], observations: new Map([['Thing/a', live({ sizing: 'x' })]]) }));
    expect(p.changes[0]!.action).toBe('no-op');
    expect(p.changes[0]!.operations).toEqual([]);
  });

  it('adopts an untagged resource by adding the ownership tag', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { sizing: 'x' })], observations: new Map([['Thing/a', { exists: true, id: 7, spec: { sizing: 'x' } }]]) }));
    expect(p.changes[0]).toMatchObject({ action: 'update', diff: [{ op: 'add', path: '/tags/caretaker-stack', value: 'stack' }] });
  });

  it('refuses a resource owned by another stack', () => {
    expect(() => buildPlan(planInput({ resources: [manifest('Thing', 'a', {})], observations: new Map([['Thing/a', live({}, 'other')]]) }))).toThrow(RefusedError);
  });

  it('replaces when an immutable field changes, delete before create', () => {
    const p = buildPlan(planInput({ resources: [manifest('Thing', 'a', { size: 80 })], observations: new Map([['Thing/a', live({ size: 40 })]]) }));
    expect(p.changes[0]!.action).toBe('replace');
    expect(p.changes[0]!.operations.map((o) => o.role)).toEqual(['delete', 'create', 'update']);
  });

  it('refuses a replace of a preventDestroy resource', () => {
    const r = manifest('Thing', 'a', { size: 80 }, { lifecycle: { preventDestroy: true, ignoreChanges: [] } });
    expect(() => buildPlan(planInput({ resources: [r], observations: new Map([['Thing/a', live({ size: 40 })]]) }))).toThrow(/preventDestroy/);
  });

  it('prunes only owned resources absent from the manifests', () => {
    const owned = [{ kind: 'Thing', name: 'gone', id: 9, observation: live({}) }, { kind: 'Thing', name: 'foreign', id: 10, observation: live({}, 'other') }];
    const p = buildPlan(planInput({ owned, prune: true }));
    expect(p.changes.map((c) => [c.address, c.action, c.reason])).toEqual([['Thing/gone', 'delete', 'prune']]);
  });

  it('destroys in reverse dependency order and never what is not owned', () => {
    const lb = manifest('Lb', 'web', { cluster: { ref: 'Cluster/k' } });
    const cl = manifest('Cluster', 'k', {});
    const vm = manifest('Thing', 'mine-not', {});
    const p = buildPlan(planInput({
      mode: 'destroy', resources: [cl, lb, vm],
      observations: new Map([['Lb/web', live({})], ['Cluster/k', live({})], ['Thing/mine-not', { exists: true, id: 3, spec: {} }]]),
    }));
    const byAddr = Object.fromEntries(p.changes.map((c) => [c.address, c]));
    expect(byAddr['Cluster/k']).toMatchObject({ action: 'delete', dependsOn: ['Lb/web'] });
    expect(byAddr['Lb/web']).toMatchObject({ action: 'delete', dependsOn: [] });
    expect(byAddr['Thing/mine-not']!.action).toBe('no-op');
  });

  it('orders a create after the resources it references', () => {
    const p = buildPlan(planInput({ resources: [manifest('Lb', 'web', { cluster: { ref: 'Cluster/k' } }), manifest('Cluster', 'k', {})] }));
    expect(p.changes.find((c) => c.address === 'Lb/web')!.dependsOn).toEqual(['Cluster/k']);
  });

  it('collects provider refusals of every resource into one error', () => {
    const w = world();
    const refuse = fakeHandler('Thing', w, { updateOperations: () => { throw new RefusedError('downgrade 1.29 -> 1.27 is not possible'); } });
    const run = () => buildPlan(planInput({
      resources: [manifest('Thing', 'a', { v: 1 }), manifest('Thing', 'b', { v: 1 })],
      observations: new Map([['Thing/a', live({ v: 2 })], ['Thing/b', live({ v: 2 })]]), handler: () => refuse,
    }));
    expect(run).toThrow(/Thing\/a: downgrade[\s\S]*Thing\/b: downgrade/);
  });

  it('prints a refusal about a field at that field\'s file:line:col (a downgrade, issue 24)', () => {
    const w = world();
    const refuse = fakeHandler('Thing', w, { updateOperations: () => { throw new RefusedError('cannot downgrade Thing from 2 to 1 (spec.v)', 'Thing/a', '/v'); } });
    const at = { rangeOf: (p: string) => (p === '/spec/v' ? { file: 'thing.yaml', start: { line: 7, col: 6 } } : undefined), keyRangeOf: () => undefined };
    const run = () => buildPlan(planInput({
      resources: [manifest('Thing', 'a', { v: 1 }, { sourceMap: at })], observations: new Map([['Thing/a', live({ v: 2 })]]), handler: () => refuse,
    }));
    expect(run).toThrow('thing.yaml:7:6: Thing/a: cannot downgrade Thing from 2 to 1 (spec.v)');
  });
});
