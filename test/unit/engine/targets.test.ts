// Selection (issue 22 item 2): globs in --target/--exclude, exclusions that take their dependents with
// them (and say which), target/exclude files, and every bad selection refused with a did-you-mean.
import { describe, expect, it } from 'vitest';
import { CaretakerError } from '../../../src/core/errors.js';
import { addressMatcher, checkSelection, parseSelectionFile, selectChanges } from '../../../src/engine/targets.js';
import { buildPlan } from '../../../src/engine/planner.js';
import { manifest, planInput } from '../../support/fake-provider.js';

const KNOWN = ['KubernetesCluster/shop-k8s', 'LoadBalancer/web.example.com', 'PostgreSQL/orders-db', 'Redis/orders-cache', 'Redis/sessions'];

describe('addressMatcher', () => {
  const cases: Record<string, { reason: string; entries: string[]; want: string[] }> = {
    Exact: { reason: 'an address without a glob matches itself only', entries: ['Redis/sessions'], want: ['Redis/sessions'] },
    KindGlob: { reason: 'Redis/* is every Redis', entries: ['Redis/*'], want: ['Redis/orders-cache', 'Redis/sessions'] },
    NameGlob: { reason: '*/orders-* is every kind whose name starts with orders-', entries: ['*/orders-*'], want: ['PostgreSQL/orders-db', 'Redis/orders-cache'] },
    Dots: { reason: 'a name with dots (a load balancer URL) is matched like any other', entries: ['LoadBalancer/*.example.com'], want: ['LoadBalancer/web.example.com'] },
    Question: { reason: '? is one character', entries: ['Redis/session?'], want: ['Redis/sessions'] },
    NoCrossing: { reason: '* never crosses the / between kind and name', entries: ['*'], want: [] },
    CaseSensitive: { reason: 'addresses are case-sensitive, in patterns too', entries: ['redis/*'], want: [] },
    Braces: { reason: 'only * and ? are special: braces are literal', entries: ['Redis/{sessions,orders-cache}'], want: [] },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(KNOWN.filter(addressMatcher(c.entries)), c.reason).toEqual(c.want);
  });
});

describe('checkSelection', () => {
  const cases: Record<string, { reason: string; sel: Parameters<typeof checkSelection>[0]; want: RegExp | undefined }> = {
    GoodGlobs: { reason: 'patterns that match are fine', sel: { targets: ['Redis/*'], excludes: ['*/sessions'] }, want: undefined },
    GlobMatchesNothing: { reason: 'a pattern that matches nothing is an error', sel: { targets: ['Redis/cache-*'] }, want: /--target "Redis\/cache-\*" matches no resource of the manifests/ },
    KindTypo: { reason: 'a misspelt kind gets a did-you-mean with the same name part', sel: { excludes: ['Rediss/*'] }, want: /--exclude "Rediss\/\*" matches no resource of the manifests \(the manifests have no Rediss; kinds: .*\); did you mean "Redis\/\*"\?/ },
    NameTypo: { reason: 'an address close to a real one gets a did-you-mean', sel: { excludes: ['Redis/sesions'] }, want: /did you mean "Redis\/sessions"/ },
    CaseTypo: { reason: 'the same address but for case says so', sel: { targets: ['redis/sessions'] }, want: /case-sensitive; did you mean "Redis\/sessions"/ },
    NotAnAddress: { reason: 'something that is no address at all', sel: { targets: ['sessions'] }, want: /--target "sessions" is not a resource address/ },
    ExcludesEverything: { reason: 'an exclusion that leaves nothing of the manifests', sel: { excludes: ['*/*'] }, want: /remove every resource of the manifests/ },
    ExcludesEveryTarget: { reason: 'an exclusion that removes every target', sel: { targets: ['Redis/*'], excludes: ['Redis/*'] }, want: /remove every resource of the manifests that the targets select/ },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const run = () => checkSelection(c.sel, KNOWN);
    if (c.want === undefined) expect(run, c.reason).not.toThrow();
    else {
      expect(run, c.reason).toThrow(CaretakerError);
      expect(run, c.reason).toThrow(c.want);
    }
  });

  it('lists every bad entry at once', () => {
    expect(() => checkSelection({ targets: ['Nope/a'], excludes: ['Redis/zzz-*'] }, KNOWN)).toThrow(/--target "Nope\/a"[\s\S]*\n--exclude "Redis\/zzz-\*"/);
  });
});

describe('parseSelectionFile', () => {
  it('takes one entry a line, ignoring blank lines and # comments', () => {
    expect(parseSelectionFile('# caches of the orders team\nRedis/*\n\n  */orders-*   # and the databases\r\nKubernetesCluster/shop-k8s\n')).toEqual(['Redis/*', '*/orders-*', 'KubernetesCluster/shop-k8s']);
  });
});

describe('selectChanges and the planner', () => {
  // cluster <- lb (references the cluster) ; cache stands alone
  const resources = [manifest('Cluster', 'k', {}), manifest('Lb', 'web', { cluster: { ref: 'Cluster/k' } }), manifest('Cache', 'c', {})];

  it('an exclusion also excludes what depends on it, and the plan says which and why', () => {
    const p = buildPlan(planInput({ resources, excludes: ['Cluster/k'] }));
    expect(p.changes.map((c) => c.address)).toEqual(['Cache/c']);
    expect(p.excludes).toEqual(['Cluster/k']);
    expect(p.excluded).toEqual([
      { address: 'Cluster/k', action: 'create' },
      { address: 'Lb/web', action: 'create', dependsOn: 'Cluster/k' },
    ]);
  });

  it('excluding a dependent keeps what it depends on', () => {
    const p = buildPlan(planInput({ resources, excludes: ['Lb/*'] }));
    expect(p.changes.map((c) => c.address)).toEqual(['Cache/c', 'Cluster/k']);
    expect(p.excluded).toEqual([{ address: 'Lb/web', action: 'create' }]);
  });

  it('a glob target keeps what the matches depend on', () => {
    const p = buildPlan(planInput({ resources, targets: ['L*/*'] }));
    expect(p.changes.map((c) => c.address)).toEqual(['Cluster/k', 'Lb/web']);
    expect(p.targets).toEqual(['L*/*']);
  });

  it('targets first, then exclusions: a target that depends on an excluded resource goes too', () => {
    const { kept, excluded } = selectChanges(
      [{ address: 'A/a', action: 'create', dependsOn: [] }, { address: 'B/b', action: 'update', dependsOn: ['A/a'] }, { address: 'C/c', action: 'no-op', dependsOn: ['A/a'] }],
      { targets: ['B/b', 'C/c'], excludes: ['A/a'] },
    );
    expect(kept).toEqual([]);
    // A no-op left out is not news: only changes that would have acted are listed.
    expect(excluded).toEqual([{ address: 'A/a', action: 'create' }, { address: 'B/b', action: 'update', dependsOn: 'A/a' }]);
  });

  it('in a destroy, excluding a referenced resource keeps it and what it must outlive is unaffected', () => {
    const live = { exists: true, id: 1, spec: {}, owner: 'stack' };
    const p = buildPlan(planInput({
      mode: 'destroy', resources, excludes: ['Lb/web'],
      observations: new Map([['Cluster/k', live], ['Lb/web', live], ['Cache/c', live]]),
    }));
    // The cluster's delete waits for the load balancer's: leaving the load balancer leaves the cluster too.
    expect(p.changes.map((c) => c.address)).toEqual(['Cache/c']);
    expect(p.excluded).toEqual([{ address: 'Cluster/k', action: 'delete', dependsOn: 'Lb/web' }, { address: 'Lb/web', action: 'delete' }]);
  });
});
