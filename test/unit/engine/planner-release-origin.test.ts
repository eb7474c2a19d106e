// Release (issue 22 item 3) and origin (item 8) in the pure planner: `lifecycle.release` plans one call,
// built by the provider, and nothing else; destroy leaves a released document in place; a live resource
// of this stack created from another manifest set is marked foreign, and taken over only when allowed.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/engine/planner.js';
import { RefusedError } from '../../../src/core/errors.js';
import type { Observation } from '../../../src/engine/provider.js';
import { checkGuards, foreignOriginRefusal } from '../../../src/index.js';
import { fakeHandler, manifest, planInput, world } from '../../support/fake-provider.js';

const live = (over: Partial<Observation> = {}): Observation => ({ exists: true, id: 7, spec: { sizing: 'x' }, owner: 'stack', ...over });
const released = (name = 'a') => manifest('Thing', name, { sizing: 'y' }, { lifecycle: { preventDestroy: false, ignoreChanges: [], release: true } });
const releasing = fakeHandler('Thing', world(), {
  releaseOperations: (_a, o) => [{ method: 'DELETE', path: `/things/${o.id}/tags`, body: { tagKey: 'caretaker-stack', tagValue: o.owner }, async: false, irreversible: false, summary: 'untag caretaker-stack', role: 'update' }],
});

describe('release', () => {
  it('plans one call from the provider and no diff of the spec (the manifest may differ: nothing else is sent)', () => {
    const p = buildPlan(planInput({ resources: [released()], observations: new Map([['Thing/a', live()]]), handler: () => releasing }));
    expect(p.changes[0]).toMatchObject({
      action: 'release', id: 7, diff: [{ op: 'remove', path: '/tags/caretaker-stack', from: 'stack' }],
      operations: [{ method: 'DELETE', path: '/things/7/tags', summary: 'untag caretaker-stack' }],
    });
    expect(p.changes[0]!.operations).toHaveLength(1);
    expect(p.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: 0, release: 1 });
  });

  it('is a no-op once released (no ownership tag) and when nothing is live', () => {
    const p = buildPlan(planInput({
      resources: [released('a'), released('b')], handler: () => releasing,
      observations: new Map([['Thing/a', live({ owner: undefined })]]),
    }));
    expect(p.changes.map((c) => [c.address, c.action, c.reason])).toEqual([
      ['Thing/a', 'no-op', 'lifecycle.release: already released (no caretaker-stack=stack tag); the document can be deleted'],
      ['Thing/b', 'no-op', 'lifecycle.release: no live resource to release'],
    ]);
  });

  it('is refused for a kind whose API cannot remove the ownership tag', () => {
    const run = () => buildPlan(planInput({ resources: [released()], observations: new Map([['Thing/a', live()]]) }));
    expect(run).toThrow(RefusedError);
    expect(run).toThrow(/Thing\/a: lifecycle.release: Thing cannot be released: its API cannot remove the caretaker-stack tag/);
  });

  it('destroy leaves a resource marked for release in place, even with preventDestroy unset', () => {
    const p = buildPlan(planInput({ mode: 'destroy', resources: [released()], observations: new Map([['Thing/a', live()]]), handler: () => releasing }));
    expect(p.changes.map((c) => [c.action, c.reason])).toEqual([['no-op', 'lifecycle.release is set: destroy leaves it in place']]);
  });

  it('after the release, prune and destroy never see it: it is no longer owned', () => {
    const owned = [{ kind: 'Thing', name: 'a', id: 7, observation: live({ owner: undefined }) }];
    expect(buildPlan(planInput({ owned, prune: true })).changes).toEqual([]);
    expect(buildPlan(planInput({ owned, mode: 'destroy' })).changes).toEqual([]);
  });
});

describe('origin', () => {
  const ours = 'acme/platform:stacks/orders';
  const theirs = 'acme/platform:stacks/orders-copy';

  it('marks an update of a resource created from another manifest set, and the guard refuses it', () => {
    const p = buildPlan(planInput({ origin: ours, resources: [manifest('Thing', 'a', { sizing: 'y' })], observations: new Map([['Thing/a', live({ origin: theirs })]]) }));
    expect(p.changes[0]).toMatchObject({ action: 'update', foreignOrigin: theirs });
    expect(p.origin).toBe(ours);
    expect(() => checkGuards(p, {})).toThrow(/Thing\/a \(update\) was created from acme\/platform:stacks\/orders-copy, not from this manifest set \(acme\/platform:stacks\/orders\)/);
  });

  it('marks a prune and a destroy of another set\'s resource', () => {
    const owned = [{ kind: 'Thing', name: 'theirs', id: 9, observation: live({ origin: theirs }) }];
    const pruned = buildPlan(planInput({ origin: ours, owned, prune: true }));
    expect(pruned.changes[0]).toMatchObject({ action: 'delete', reason: 'prune', foreignOrigin: theirs });
    expect(foreignOriginRefusal(pruned)).toMatch(/refusing to change resources of stack stack that another manifest set manages/);
    const destroyed = buildPlan(planInput({ origin: ours, owned, mode: 'destroy' }));
    expect(destroyed.changes[0]).toMatchObject({ action: 'delete', foreignOrigin: theirs });
  });

  it('no mark: same origin, unknown origins on either side, a no-op, or a resource not owned by this stack', () => {
    const cases: Array<[string, Partial<Observation>, string | undefined]> = [
      ['same origin', { origin: ours }, ours],
      ['live origin unknown (created before origins, or by an API that keeps no tags)', {}, ours],
      ['this run\'s origin unknown (not in a Git work tree, no CARETAKER_ORIGIN)', { origin: theirs }, undefined],
      ['adoption: not owned by this stack yet', { owner: undefined, origin: theirs }, ours],
    ];
    for (const [why, obs, origin] of cases) {
      const p = buildPlan(planInput({ origin, resources: [manifest('Thing', 'a', { sizing: 'y' })], observations: new Map([['Thing/a', live(obs)]]) }));
      expect(p.changes[0]!.foreignOrigin, why).toBeUndefined();
    }
    const noop = buildPlan(planInput({ origin: ours, resources: [manifest('Thing', 'a', { sizing: 'x' })], observations: new Map([['Thing/a', live({ origin: theirs })]]) }));
    expect(noop.changes[0]).toMatchObject({ action: 'no-op' });
    expect(noop.changes[0]!.foreignOrigin).toBeUndefined();
  });

  it('--allow-foreign-origin takes the resource over: the origin tag is re-stamped and the guard lets it through', () => {
    const p = buildPlan(planInput({
      origin: ours, allowForeignOrigin: true, resources: [manifest('Thing', 'a', { sizing: 'x' })], observations: new Map([['Thing/a', live({ origin: theirs })]]),
    }));
    expect(p.changes[0]).toMatchObject({ action: 'update', foreignOrigin: theirs, diff: [{ op: 'replace', path: '/tags/caretaker-origin', from: theirs, value: ours }] });
    expect(p.allowForeignOrigin).toBe(true);
    expect(() => checkGuards(p, {})).not.toThrow();
  });
});
