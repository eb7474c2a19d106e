// Write-back edits on manifests with comments, anchors, flow style and several documents: only the
// edited value changes, byte for byte, and what cannot be edited in place is refused with a reason.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyYamlEdit, type YamlEdit } from '../../../src/manifest/yaml-edit.js';

const FILE = `# orders cache
apiVersion: caretaker/v1
kind: Redis
metadata:
  name: orderscache   # the ITCare name
spec:
  nodeSizing: 2cpu4gb          # resized with care
  redisVersion: "7.2"
  tags: { app: orders, team: checkout }
  nodePools:
    - { az: EB-A, count: 1 }
    - { az: EB-B, count: 1 }
  extensions:
    shopdb: [pgcrypto, uuid-ossp]
  labels:
    env: qa      # env
    tier: cache
lifecycle:
  ignoreDrift:
    - { path: spec.diskSize, reason: "grown by ops", until: 2026-12-31 }
`;

const edit = (e: YamlEdit, text = FILE, index = 0) => {
  const r = applyYamlEdit(text, index, e);
  if (!r.ok) throw new Error(r.reason);
  return r.text;
};
const valueOf = (text: string, index = 0) => (parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[])[index]!.toJS();
/** Lines of `after` that are not in `before` and the reverse: what the edit touched. */
const changed = (before: string, after: string) => ({
  gone: before.split('\n').filter((l) => !after.split('\n').includes(l)),
  added: after.split('\n').filter((l) => !before.split('\n').includes(l)),
});

describe('applyYamlEdit', () => {
  const cases: Record<string, { reason: string; edit: YamlEdit; want: { gone: string[]; added: string[] } }> = {
    'scalar with a trailing comment': {
      reason: 'the value changes in place and the comment stays at its column',
      edit: { path: ['spec', 'nodeSizing'], value: '4cpu16gb' },
      want: { gone: ['  nodeSizing: 2cpu4gb          # resized with care'], added: ['  nodeSizing: 4cpu16gb         # resized with care'] },
    },
    'double-quoted scalar': {
      reason: 'the quoting style of the old value is kept',
      edit: { path: ['spec', 'redisVersion'], value: '7.4' },
      want: { gone: ['  redisVersion: "7.2"'], added: ['  redisVersion: "7.4"'] },
    },
    'a key of a flow map': {
      reason: 'a flow map is written again in flow style, with its padding',
      edit: { path: ['spec', 'tags', 'team'], value: 'payments' },
      want: { gone: ['  tags: { app: orders, team: checkout }'], added: ['  tags: { app: orders, team: payments }'] },
    },
    'a new key of a flow map': {
      reason: 'adding to a flow map keeps it one line',
      edit: { path: ['spec', 'tags', 'owner'], value: 'ops' },
      want: { gone: ['  tags: { app: orders, team: checkout }'], added: ['  tags: { app: orders, team: checkout, owner: ops }'] },
    },
    'an item of a flow list in a block map': {
      reason: 'the flow list is written again without padding, as written',
      edit: { path: ['spec', 'extensions', 'shopdb', 1], remove: true },
      want: { gone: ['    shopdb: [pgcrypto, uuid-ossp]'], added: ['    shopdb: [pgcrypto]'] },
    },
    'a new key in a block map': {
      reason: 'a missing key is added after the last one, at the same indentation',
      edit: { path: ['spec', 'labels', 'owner'], value: 'ops' },
      want: { gone: [], added: ['    owner: ops'] },
    },
    'a missing map on the way': {
      reason: 'missing maps are created as block lines',
      edit: { path: ['spec', 'patchParty', 'patchGroup'], value: '3' },
      want: { gone: [], added: ['  patchParty:', '    patchGroup: "3"'] },
    },
    'a key removed from a block map': {
      reason: 'only the key\'s line goes',
      edit: { path: ['spec', 'labels', 'tier'], remove: true },
      want: { gone: ['    tier: cache'], added: [] },
    },
    'a list item appended': {
      reason: 'a new item takes the flow style of the last item',
      edit: { path: ['spec', 'nodePools', 2], value: { az: 'EB-C', count: 2 } },
      want: { gone: [], added: ['    - { az: EB-C, count: 2 }'] },
    },
    'a list item removed': {
      reason: 'only the item\'s line goes',
      edit: { path: ['spec', 'nodePools', 0], remove: true },
      want: { gone: ['    - { az: EB-A, count: 1 }'], added: [] },
    },
  };
  it.each(Object.entries(cases))('%s', (_name, { edit: e, want }) => {
    const after = edit(e);
    expect(changed(FILE, after)).toEqual(want);
    // The edited document still parses, to the expected value.
    expect(parseAllDocuments(after)[0]!.errors).toEqual([]);
  });

  it('parses to the new value and keeps every comment', () => {
    const after = edit({ path: ['spec', 'labels', 'env'], value: 'prod' });
    expect(valueOf(after).spec.labels).toEqual({ env: 'prod', tier: 'cache' });
    for (const c of ['# orders cache', '# the ITCare name', '# resized with care', '# env']) expect(after).toContain(c);
  });

  it('removing the last key of a block map leaves an empty map, not a null', () => {
    const text = 'spec:\n  labels:\n    env: qa\n  x: 1\n';
    const after = edit({ path: ['spec', 'labels', 'env'], remove: true }, text);
    expect(valueOf(after).spec).toEqual({ labels: {}, x: 1 });
  });

  it('edits only its document of a multi-document file', () => {
    const text = `kind: Stack # first\nspec: { a: 1 }\n---\nkind: Redis\nspec:\n  nodeSizing: 2cpu4gb\n---\n# third\nkind: Redis\nspec:\n  nodeSizing: 2cpu4gb\n`;
    const after = edit({ path: ['spec', 'nodeSizing'], value: '8cpu32gb' }, text, 1);
    expect(after).toBe(text.replace('---\nkind: Redis\nspec:\n  nodeSizing: 2cpu4gb', '---\nkind: Redis\nspec:\n  nodeSizing: 8cpu32gb'));
    expect(valueOf(after, 2).spec.nodeSizing).toBe('2cpu4gb');
  });

  it('keeps a non-indented list style for a new list in a block map', () => {
    const text = 'spec:\n  a:\n  - x\n  b: 1\n';
    const after = edit({ path: ['spec', 'c'], value: ['y', 'z'] }, text);
    expect(after).toBe('spec:\n  a:\n  - x\n  b: 1\n  c:\n  - y\n  - z\n');
  });

  it('quotes a string that would read as another type', () => {
    const after = edit({ path: ['spec', 'nodeSizing'], value: '8080' });
    expect(valueOf(after).spec.nodeSizing).toBe('8080');
  });

  const refusals: Record<string, { reason: string; text: string; edit: YamlEdit; want: RegExp }> = {
    anchor: {
      reason: 'an anchored value is shared by its aliases',
      text: 'base: &sizing\n  nodeSizing: 2cpu4gb\nspec:\n  nodeSizing: 2cpu4gb\nother: *sizing\n',
      edit: { path: ['base', 'nodeSizing'], value: '4cpu8gb' },
      want: /anchor &sizing/,
    },
    alias: {
      reason: 'a value reached through an alias lives at its anchor',
      text: 'base: &b { nodeSizing: 2cpu4gb }\nspec: *b\n',
      edit: { path: ['spec', 'nodeSizing'], value: '4cpu8gb' },
      want: /alias/,
    },
    'a key on a list dash line': {
      reason: 'removing the first key of an item map would break the item',
      text: 'spec:\n  pools:\n    - az: A\n      count: 1\n',
      edit: { path: ['spec', 'pools', 0, 'az'], remove: true },
      want: /shares its line/,
    },
  };
  it.each(Object.entries(refusals))('refuses %s', (_n, { text, edit: e, want }) => {
    const r = applyYamlEdit(text, 0, e);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(want);
  });
});
