// `drift --accept` on manifests: which live values are written (by field, through keyed lists) and
// which are refused, with the reason: secrets, write-only fields, interpolated values, Stack defaults,
// references, items of unordered lists, the ownership tag, acknowledged drift.
import { describe, expect, it } from 'vitest';
import { acceptDrift, sensitiveLiterals } from '../../../src/engine/accept.js';
import { Secret } from '../../../src/core/secret.js';
import type { DriftField, DriftReport } from '../../../src/engine/drift.js';
import type { ManifestSet } from '../../../src/manifest/types.js';
import { manifest, policy } from '../../support/fake-provider.js';

const FILE = `# a thing
kind: Thing
metadata:
  name: a
spec:
  size: small      # sized for QA
  token: \${env:TOKEN}
  owner: \${public:env:OWNER}
  zones: [b, a]
  cluster: { ref: Cluster/web }
  urls:
    - name: api.example.com
      monitoring: true
    - name: www.example.com
      monitoring: true
  tags:
    team: checkout
`;

const set = (): ManifestSet => ({
  stack: { name: 's', provider: {}, defaults: { region: 'EB', tags: { env: 'qa' } }, prune: false, file: 'stack.yaml' },
  resources: [manifest('Thing', 'a', {
    size: 'small', region: 'EB', owner: 'ops', zones: ['b', 'a'], cluster: { ref: 'Cluster/web' },
    urls: [{ name: 'api.example.com', monitoring: true }, { name: 'www.example.com', monitoring: true }], tags: { team: 'checkout', env: 'qa' },
  }, { file: 'thing.yaml', documentIndex: 0 })],
  files: ['thing.yaml'], documentCount: 2,
});

const field = (pointer: string, live: unknown, manifest: unknown, change: DriftField['change'] = 'changed'): DriftField => {
  const f: DriftField = { path: `spec${pointer.replace(/\//g, '.')}`, pointer, change };
  if (live !== undefined) f.live = live;
  if (manifest !== undefined) f.manifest = manifest;
  return f;
};
const reportOf = (fields: DriftField[]): DriftReport => ({
  formatVersion: 1, stack: 's', generatedAt: '2026-12-01T00:00:00.000Z', drift: true,
  summary: { resources: 1, inSync: 0, drifted: 1, acknowledged: 0, expired: 0, missingLive: 0, notInManifests: 0 },
  resources: [{ address: 'Thing/a', kind: 'Thing', name: 'a', id: 1, status: 'drifted', summary: '', fields, causes: [] }],
});
const POLICY = policy({ sensitive: ['/token'], writeOnly: ['/token'], unordered: ['/zones'], listKeys: { '/urls': 'name' } });
const run = (fields: DriftField[]) => acceptDrift(reportOf(fields), set(), new Map([['thing.yaml', FILE]]), { policy: () => POLICY });

describe('acceptDrift', () => {
  it('writes a live scalar in place, keeping the comment', () => {
    const r = run([field('/size', 'big', 'small')]);
    expect(r.refused).toEqual([]);
    expect(r.accepted).toEqual([{ address: 'Thing/a', path: 'spec.size', file: 'thing.yaml' }]);
    expect(r.files[0]!.after).toBe(FILE.replace('size: small      #', 'size: big        #'));
  });

  it('finds a keyed-list item by its key, and adds a live item the manifest lacks', () => {
    const r = run([
      field('/urls/www.example.com/monitoring', false, true),
      field('/urls/new.example.com', { name: 'new.example.com', monitoring: false }, undefined, 'removed'),
    ]);
    expect(r.refused).toEqual([]);
    expect(r.files[0]!.after).toContain('    - name: www.example.com\n      monitoring: false\n    - name: new.example.com\n      monitoring: false\n');
    expect(r.files[0]!.after).toContain('    - name: api.example.com\n      monitoring: true\n');
  });

  it('removes a key the manifest has and the live resource does not; adds a live map key', () => {
    const r = run([field('/tags/team', undefined, 'checkout', 'added'), field('/tags/cost', 'cc-1', undefined, 'removed')]);
    expect(r.refused).toEqual([]);
    expect(r.files[0]!.after).toContain('  tags:\n    cost: cc-1\n');
    expect(r.files[0]!.after).not.toContain('team: checkout');
  });

  it('escapes a live value that would read as an interpolation', () => {
    const r = run([field('/size', 'x${env:HOME}', 'small')]);
    expect(r.refused).toEqual([]);
    expect(r.files[0]!.after).toContain('size: x$${env:HOME}');
  });

  const refusals: Record<string, { reason: string; field: DriftField; want: RegExp }> = {
    secret: { reason: 'a sensitive field', field: field('/token', '(sensitive)', '(sensitive)'), want: /a secret/ },
    interpolated: { reason: 'a ${public:env:…} value', field: field('/owner', 'someone', 'ops'), want: /interpolated/ },
    defaults: { reason: 'a value the Stack defaults set', field: field('/region', 'EU', 'EB'), want: /set by the Stack's spec\.defaults/ },
    defaultsNested: { reason: 'a default merged into a map', field: field('/tags/env', 'prod', 'qa'), want: /set by the Stack's spec\.defaults/ },
    reference: { reason: 'a {ref}', field: field('/cluster', 42, 41), want: /a reference/ },
    unordered: { reason: 'a position in a list compared in any order', field: field('/zones/0', 'c', 'a'), want: /compared in any order/ },
    owner: { reason: 'the ownership tag', field: field('/tags/caretaker-stack', 'other', 's'), want: /caretaker's own/ },
  };
  it.each(Object.entries(refusals))('refuses %s', (_n, c) => {
    const r = run([c.field]);
    expect(r.files, c.reason).toEqual([]);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]!.reason, c.reason).toMatch(c.want);
  });

  it('a write-only field has no live value to accept', () => {
    const r = acceptDrift(reportOf([field('/secretless', 'x', 'y')]), set(), new Map([['thing.yaml', FILE]]), { policy: () => policy({ writeOnly: ['/secretless'], sensitive: [] }) });
    expect(r.refused[0]!.reason).toMatch(/write-only/);
  });

  it('leaves acknowledged drift, untargeted resources and unreadable files alone', () => {
    const acked = field('/size', 'big', 'small');
    acked.acknowledged = { reason: 'ok', until: '2999-01-01', expired: false };
    expect(run([acked]).files).toEqual([]);
    expect(acceptDrift(reportOf([field('/size', 'big', 'small')]), set(), new Map([['thing.yaml', FILE]]), { policy: () => POLICY, targets: ['Thing/b'] }).files).toEqual([]);
    const unread = acceptDrift(reportOf([field('/size', 'big', 'small')]), set(), new Map(), { policy: () => POLICY, unavailable: new Map([['thing.yaml', 'changed since the drift read it']]) });
    expect(unread.refused[0]!.reason).toBe('thing.yaml changed since the drift read it');
  });

  it('sensitiveLiterals: the clear values of sensitive fields (to scrub from the printed diff), not the Secrets', () => {
    const s = set();
    s.resources[0]!.spec.token = 'Clear#Passw0rd1';
    s.resources[0]!.spec.other = new Secret('already-registered');
    expect(sensitiveLiterals(s, () => policy({ sensitive: ['/token', '/other'] }))).toEqual(['Clear#Passw0rd1']);
  });
});
