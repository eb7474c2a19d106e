// What `drift --reconcile` may apply: in-place, reversible updates only, no policy denial, nothing that
// waits for a change left alone; the unsafe fields of an otherwise safe change are found per field;
// acknowledged (unexpired) drift is ignored; the loaded policies judge the reversal plan (policyVerdict).
import { describe, expect, it } from 'vitest';
import type { Change, Operation } from '../../../src/engine/plan.js';
import { compileExpression, type PolicyRule } from '../../../src/engine/policies/rules.js';
import { policyVerdict, selectReconcilable, unsafeFields, withAcknowledgedIgnored, withIgnored } from '../../../src/engine/reconcile.js';
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

  it('a policy that denies leaves the change alone with its message (the seam policyVerdict fills)', () => {
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

describe('policyVerdict: the loaded policies on the reversal plan', () => {
  const rule = (name: string, effect: 'deny' | 'warn', expression: string, message?: string): PolicyRule => {
    const c = compileExpression(expression);
    if (!c.ok) throw new Error(c.message);
    return { policy: 'night', name, effect, expression, source: 'org/night.yaml:7', perChange: c.perChange, evaluate: c.evaluate, ...(message ? { message } : {}) };
  };
  const monitoring = (): Operation => op({ method: 'PATCH', path: '/r/1', summary: 'update_monitoring true' });
  const plan = () => planOf([
    change({ address: 'Redis/a', action: 'update', operations: [monitoring()], diff: [{ op: 'replace', path: '/monitoringEnabled', from: false, value: true }] }),
    change({ address: 'Redis/b', action: 'update', operations: [tag()], diff: [{ op: 'replace', path: '/tags/team', from: 'payments', value: 'checkout' }] }),
  ]);
  const select = (rules: PolicyRule[]) => {
    const p = plan();
    const verdict = policyVerdict(selectReconcilable(p).plan, rules);
    return { verdict, chosen: selectReconcilable(p, { policy: verdict.policy }) };
  };

  it('no rule: no say, no results', () => {
    const { verdict, chosen } = select([]);
    expect(verdict).toEqual({ results: [] });
    expect(chosen.allowed.map((c) => c.address)).toEqual(['Redis/a', 'Redis/b']);
  });

  it('a per-change deny leaves that change alone with the rule and its message; the other reversal runs', () => {
    const { verdict, chosen } = select([rule('monitoring-by-hand', 'deny', 'change.diff.exists(d, d.path == "/monitoringEnabled")', 'on-call switches monitoring')]);
    expect(chosen.allowed.map((c) => c.address)).toEqual(['Redis/b']);
    expect(chosen.leftAlone).toEqual([{ address: 'Redis/a', reason: 'denied by policy rule monitoring-by-hand (night, org/night.yaml:7): on-call switches monitoring' }]);
    expect(verdict.results).toEqual([expect.objectContaining({ rule: 'monitoring-by-hand', effect: 'deny', address: 'Redis/a' })]);
  });

  it('a per-plan deny leaves every change alone', () => {
    const { chosen } = select([rule('one-at-a-time', 'deny', 'plan.update > 1', 'one reversal a night')]);
    expect(chosen.allowed).toEqual([]);
    expect(chosen.leftAlone.map((l) => l.reason)).toEqual([
      'denied by policy rule one-at-a-time (night, org/night.yaml:7): one reversal a night',
      'denied by policy rule one-at-a-time (night, org/night.yaml:7): one reversal a night',
    ]);
  });

  it('the rules see only the reversal plan: an unsafe change of the plan is not counted', () => {
    const p = planOf([...plan().changes, change({ address: 'Redis/c', action: 'update', operations: [resize()] })]);
    const candidate = selectReconcilable(p).plan;
    // Two reversals, not three: the resize is left alone by the safety rule before the policies run.
    expect(policyVerdict(candidate, [rule('one-at-a-time', 'deny', 'plan.update > 2')]).policy).toBeUndefined();
    expect(policyVerdict(candidate, [rule('none-irreversible', 'deny', 'plan.irreversible > 0')]).policy).toBeUndefined();
  });

  it('a warning denies nothing and is returned to be shown', () => {
    const { verdict, chosen } = select([rule('tags-heads-up', 'warn', 'change.diff.exists(d, d.path.startsWith("/tags/"))', 'tags reset')]);
    expect(verdict.policy).toBeUndefined();
    expect(chosen.allowed.map((c) => c.address)).toEqual(['Redis/a', 'Redis/b']);
    expect(verdict.results).toEqual([expect.objectContaining({ rule: 'tags-heads-up', effect: 'warn', address: 'Redis/b', message: 'tags reset' })]);
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
