// What `drift --reconcile` may apply: in-place, reversible updates only, no policy denial, nothing that
// waits for a change left alone; the unsafe fields of an otherwise safe change are found per field;
// acknowledged (unexpired) drift is ignored.
import { describe, expect, it } from 'vitest';
import type { Change, Operation } from '../../../src/engine/plan.js';
import { selectReconcilable, unsafeFields, withAcknowledgedIgnored, withIgnored } from '../../../src/engine/reconcile.js';
import type { ManifestSet } from '../../../src/manifest/types.js';
import { fakeProvider, manifest, world } from '../../support/fake-provider.js';
import { change, op, planOf } from '../../support/plans.js';

const tag = (): Operation => op({ method: 'POST', path: '/t/1/tags', summary: 'tag team=a' });
const resize = (): Operation => op({ method: 'PATCH', path: '/r/1', summary: 'resize 4cpu8gb -> 2cpu4gb', async: true, irreversible: true });

describe('selectReconcilable', () => {
  const cases: Record<string, { reason: string; change: Change; want: string | undefined }> = {
    safe: { reason: 'a tag change is an in-place, reversible update', change: change({ address: 'Redis/a', action: 'update', operations: [tag()] }), want: undefined },
    irreversible: { reason: 'a resize cannot be undone', change: change({ address: 'Redis/a', action: 'update', operations: [tag(), resize()] }), want: 'resize 4cpu8gb -> 2cpu4gb is irreversible' },
    create: { reason: 'never creates', change: change({ address: 'Redis/a', action: 'create', operations: [op({ method: 'POST', path: '/r', summary: 'create', role: 'create' })] }), want: 'missing live: reconcile never creates (run apply)' },
    delete: { reason: 'never deletes', change: change({ address: 'Redis/a', action: 'delete' }), want: 'owned by the stack but in no manifest: reconcile never deletes (run apply --prune)' },
    replace: { reason: 'never replaces', change: change({ address: 'Redis/a', action: 'replace', reason: 'diskSize is immutable' }), want: 'needs replacement (diskSize is immutable): reconcile never replaces' },
    pending: { reason: 'an action of someone else is running on it', change: change({ address: 'Redis/a', action: 'update', operations: [tag()], pendingActions: ['77'] }), want: 'actions are in progress on it (77)' },
    foreign: {
      reason: 'another manifest set created it: taking it over is apply --allow-foreign-origin\'s decision',
      change: change({ address: 'Redis/a', action: 'update', operations: [tag()], foreignOrigin: 'git@x:ops.git#stacks/other' }),
      want: 'created from another manifest set (git@x:ops.git#stacks/other): reconcile never takes it over (run apply --allow-foreign-origin)',
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const s = selectReconcilable(planOf([c.change]));
    expect(s.leftAlone.find((l) => l.address === c.change.address)?.reason, c.reason).toEqual(c.want);
    expect(s.allowed.map((x) => x.address)).toEqual(c.want === undefined ? [c.change.address] : []);
    // What is left alone becomes a no-op of the plan to apply: no call is made for it.
    expect(s.plan.changes.flatMap((x) => x.operations)).toEqual(c.want === undefined ? c.change.operations : []);
  });

  it('a policy that denies leaves the change alone with its message (the seam issue 22 plugs into)', () => {
    const s = selectReconcilable(planOf([change({ address: 'Redis/a', action: 'update', operations: [tag()] })]), { policy: (c) => (c.address === 'Redis/a' ? 'rule no-friday: frozen' : undefined) });
    expect(s.leftAlone).toEqual([{ address: 'Redis/a', reason: 'rule no-friday: frozen' }]);
    expect(s.plan.summary.update).toBe(0);
  });

  it('a change that depends on one left alone is left alone too', () => {
    const s = selectReconcilable(planOf([
      change({ address: 'Redis/a', action: 'create', operations: [op({ method: 'POST', path: '/r', summary: 'create', role: 'create' })] }),
      change({ address: 'Tags/a-tags', action: 'update', operations: [tag()], dependsOn: ['Redis/a'] }),
    ]));
    expect(s.leftAlone.map((l) => [l.address, l.reason])).toEqual([
      ['Redis/a', 'missing live: reconcile never creates (run apply)'], ['Tags/a-tags', 'depends on Redis/a, which is left alone'],
    ]);
  });

  it('--target restricts it; untargeted changes are not reported as left alone', () => {
    const s = selectReconcilable(planOf([change({ address: 'Redis/a', action: 'update', operations: [tag()] }), change({ address: 'Redis/b', action: 'update', operations: [tag()] })]), { targets: ['Redis/b'] });
    expect(s.allowed.map((c) => c.address)).toEqual(['Redis/b']);
    expect(s.leftAlone).toEqual([]);
  });

  it('--target takes patterns as plan does (Redis/*, */b)', () => {
    const p = planOf([
      change({ address: 'Redis/a', action: 'update', operations: [tag()] }), change({ address: 'Redis/b', action: 'update', operations: [tag()] }),
      change({ address: 'PostgreSQL/b', action: 'update', operations: [tag()] }),
    ]);
    expect(selectReconcilable(p, { targets: ['Redis/*'] }).allowed.map((c) => c.address)).toEqual(['Redis/a', 'Redis/b']);
    expect(selectReconcilable(p, { targets: ['*/b'] }).allowed.map((c) => c.address)).toEqual(['Redis/b', 'PostgreSQL/b']);
  });
});

describe('unsafeFields and the ignore sets', () => {
  const set = (): ManifestSet => ({
    stack: { name: 'stack', provider: {}, defaults: {}, prune: false, file: 'stack.yaml' },
    resources: [manifest('Thing', 'a', { size: 'big', tags: { team: 'a' } }, {
      lifecycle: { preventDestroy: false, ignoreChanges: [], ignoreDrift: [
        { path: '/tags/owner', written: 'spec.tags.owner', reason: 'x', until: '2999-01-01' },
        { path: '/mode', written: 'spec.mode', reason: 'old', until: '2020-01-01' },
      ] },
    })],
    files: [], documentCount: 2,
  });

  it('finds the field whose own operations are unsafe, so that the rest of the change is still reconciled', () => {
    const w = world();
    const provider = fakeProvider(w, ['Thing'], {
      handlers: {
        Thing: {
          updateOperations: (_d, _o, diff) => diff.map((d) => op({ method: 'PATCH', path: '/x', summary: `set ${d.path}`, irreversible: d.path === '/size' })),
        },
      },
    });
    const p = planOf([change({ address: 'Thing/a', action: 'update', diff: [{ op: 'replace', path: '/size', from: 'small', value: 'big' }, { op: 'replace', path: '/tags/team', from: 'b', value: 'a' }], operations: [resize(), tag()] })]);
    const observations = new Map([['Thing/a', { exists: true, id: 1, spec: { size: 'small', tags: { team: 'b' } } }]]);
    const found = unsafeFields(p, set(), observations, new Map([['fake', provider]]));
    expect([...found]).toEqual([['Thing/a', [{ pointer: '/size', reason: 'set /size is irreversible' }]]]);
    expect(withIgnored(set(), found).resources[0]!.lifecycle.ignoreChanges).toEqual(['/size']);
  });

  it('acknowledged drift that has not expired is ignored; an expired acknowledgement is not', () => {
    expect(withAcknowledgedIgnored(set(), '2026-12-01').resources[0]!.lifecycle.ignoreChanges).toEqual(['/tags/owner']);
  });
});
