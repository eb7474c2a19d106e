import { describe, expect, it } from 'vitest';
import { diffSpec } from '../../../src/engine/diff.js';
import { Secret } from '../../../src/core/secret.js';
import { policy } from '../../support/fake-provider.js';

describe('diffSpec', () => {
  const cases: Record<string, { reason: string; desired: Record<string, unknown>; live: Record<string, unknown>; want: unknown[] }> = {
    Converged: { reason: 'equal values make no diff', desired: { a: 1, b: 'x' }, live: { a: 1, b: 'x' }, want: [] },
    NumericString: { reason: 'numbers and numeric strings compare equal', desired: { group: '2', v: 13 }, live: { group: 2, v: '13' }, want: [] },
    AbsentNotManaged: { reason: 'a live field absent from the spec is never diffed', desired: { a: 1 }, live: { a: 1, serverDefault: true }, want: [] },
    WriteOnly: { reason: 'write-only fields are not diffed', desired: { password: new Secret('p@ss') }, live: {}, want: [] },
    CaseInsensitive: { reason: 'enum case is ignored where declared', desired: { mode: 'PERSISTENT' }, live: { mode: 'persistent' }, want: [] },
    Unordered: { reason: 'unordered lists ignore order', desired: { zones: ['b', 'a'] }, live: { zones: ['a', 'b'] }, want: [] },
    Replace: {
      reason: 'a changed value is a replace entry with from and value',
      desired: { sizing: '4cpu8gb' }, live: { sizing: '2cpu4gb' },
      want: [{ op: 'replace', path: '/sizing', from: '2cpu4gb', value: '4cpu8gb' }],
    },
    MapExtraKey: {
      reason: 'maps are whole: an extra live key is removed',
      desired: { tags: { app: 'x' } }, live: { tags: { app: 'x', old: 'y' } },
      want: [{ op: 'remove', path: '/tags/old', from: 'y' }],
    },
    StructExtraKey: {
      reason: 'structs are partial: an extra live key is not managed',
      desired: { patchParty: { excluded: false } }, live: { patchParty: { excluded: false, patchGroup: '2' } }, want: [],
    },
    Immutable: {
      reason: 'an immutable field forces replacement',
      desired: { size: 80 }, live: { size: 40 },
      want: [{ op: 'replace', path: '/size', from: 40, value: 80, forcesReplace: true }],
    },
    SecretValue: {
      reason: 'an interpolated (secret) value is compared but shown redacted',
      desired: { label: new Secret('top-secret-value') }, live: { label: 'old' },
      want: [{ op: 'replace', path: '/label', from: '(sensitive)', value: '(sensitive)' }],
    },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    expect(diffSpec(c.desired, c.live, { policy: policy() }), c.reason).toEqual(c.want);
  });

  it('reports the differing item of an unordered list of objects, whatever the order written', () => {
    const desired = { zones: [{ az: 'B', count: 3 }, { az: 'A', count: 2 }] };
    const live = { zones: [{ az: 'A', count: 2 }, { az: 'B', count: 1 }] };
    expect(diffSpec(desired, live, { policy: policy() })).toEqual([{ op: 'replace', path: '/zones/1/count', from: 1, value: 3 }]);
  });

  it('diffs keyed lists by key: extra items removed, unwritten item fields unmanaged', () => {
    const p = policy({ listKeys: { '/urls': 'name' } });
    const desired = { urls: [{ name: 'b.example.com', monitoringEnabled: true }] };
    const live = { urls: [{ name: 'a.example.com', monitoringEnabled: false }, { name: 'b.example.com', monitoringEnabled: false, onCall: true }] };
    expect(diffSpec(desired, live, { policy: p })).toEqual([
      { op: 'remove', path: '/urls/a.example.com', from: { name: 'a.example.com', monitoringEnabled: false } },
      { op: 'replace', path: '/urls/b.example.com/monitoringEnabled', from: false, value: true },
    ]);
  });

  it('keys a list by a field of a sub-object, a ref by its target\'s id: an entry inserted in the middle changes nothing else', () => {
    const p = policy({ listKeys: { '/resources': ['resource/name', 'resource/id', 'resource'] } });
    const resolveRef = (a: string) => (a === 'Redis/cache' ? 500059535 : undefined);
    const live = { resources: [{ resource: { name: 'vm01' }, patchGroup: '1' }, { resource: 500059535, patchGroup: '2' }] };
    const desired = {
      resources: [
        { resource: { name: 'vm01' }, patchGroup: '1' },
        { resource: { id: 7 }, patchGroup: '3' },
        { resource: { ref: 'Redis/cache' }, patchGroup: '2' },
        { resource: { ref: 'Redis/new' }, patchGroup: '1' },
      ],
    };
    expect(diffSpec(desired, live, { policy: p, resolveRef }).map((d) => `${d.op} ${d.path}`)).toEqual([
      'add /resources/(id of Redis~1new)', 'add /resources/7',
    ]);
  });

  it('compares an absent field with a schema default as that default, and shows it', () => {
    const p = policy({ listKeys: { '/resources': 'name' }, defaults: { '/resources/*/excluded': false } });
    const live = { resources: [{ name: 'a', excluded: true }, { name: 'b', excluded: false }] };
    expect(diffSpec({ resources: [{ name: 'a' }, { name: 'b' }] }, live, { policy: p })).toEqual([
      { op: 'replace', path: '/resources/a/excluded', from: true, value: false },
    ]);
    expect(diffSpec({ resources: [{ name: 'a', excluded: true }, { name: 'b' }] }, live, { policy: p })).toEqual([]);
  });

  it('compares a keyed list with two items of one key by position', () => {
    const p = policy({ listKeys: { '/urls': 'name' } });
    const desired = { urls: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] };
    expect(diffSpec(desired, { urls: [{ name: 'a', port: 1 }, { name: 'a', port: 3 }] }, { policy: p })).toEqual([
      { op: 'replace', path: '/urls/1/port', from: 3, value: 2 },
    ]);
  });

  it('leaves ignoreChanges out', () => {
    expect(diffSpec({ sizing: 'b' }, { sizing: 'a' }, { policy: policy(), ignoreChanges: ['/sizing'] })).toEqual([]);
  });

  it('an ignored key of a map (every key managed) is left out on the live side too, not planned for removal', () => {
    const p = policy({ maps: ['/tags'] });
    const diff = diffSpec({ tags: { team: 'a', owner: 'ops' } }, { tags: { team: 'b', owner: 'someone' } }, { policy: p, ignoreChanges: ['/tags/owner'] });
    expect(diff).toEqual([{ op: 'replace', path: '/tags/team', from: 'b', value: 'a' }]);
  });

  it('compares a ref with the live id of its target', () => {
    const resolveRef = (a: string) => (a === 'Cluster/web' ? 42 : undefined);
    expect(diffSpec({ cluster: { ref: 'Cluster/web' } }, { cluster: 42 }, { policy: policy(), resolveRef })).toEqual([]);
  });
});
