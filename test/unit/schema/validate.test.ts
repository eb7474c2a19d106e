import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';
import { issuesToDiagnostics, type SchemaIssue } from '../../../src/schema/validate.js';

const registry = createSchemaRegistry();
const PASSWORD = 'Test123@2022';

const redis = (spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'caretaker/v1', kind: 'Redis', metadata: { name: 'orderscache' },
  spec: {
    serviceId: 46922, region: 'EB', area: 'EB-QA', nodeSizing: '2cpu4gb', diskSize: 40, redisVersion: '6.2.5',
    networkId: 1234511, instanceCount: 1, persistenceMode: 'PERSISTENT', admPassword: PASSWORD, ...spec,
  },
  ...extra,
});

const postgres = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'caretaker/v1', kind: 'PostgreSQL', metadata: { name: 'ordersdb' },
  spec: {
    serviceId: 1, area: 'EB-QA', networkId: 2, nodeSizing: '2cpu4gb', diskSize: 40, admPassword: PASSWORD,
    postgreVersion: '13', topology: 'STANDALONE', trigram: 'tri', allowedReplicationLag: 10, ...spec,
  },
});

const brief = (issues: SchemaIssue[]) => issues.map((i) => `${i.at}${i.atKey ? ' (key)' : ''} ${i.code}: ${i.summary}`);

describe('schema messages', () => {
  const cases: Record<string, { reason: string; kind?: string; doc: unknown; want: string[] }> = {
    Valid: { reason: 'the documented example (fixed name, with platform) passes', doc: redis({ platform: 'x', az: 'az' }), want: [] },
    RedisVersionNumber: { reason: 'a YAML number version is accepted', doc: redis({ redisVersion: 7.2 }), want: [] },
    DiskTooSmall: { reason: 'minimum with the value', doc: redis({ diskSize: 20 }), want: ['/spec/diskSize schema: spec.diskSize: must be >= 40 (got 20)'] },
    TooManyInstances: { reason: 'maximum with the value', doc: redis({ instanceCount: 5 }), want: ['/spec/instanceCount schema: spec.instanceCount: must be <= 3 (got 5)'] },
    WrongType: { reason: 'type with the value', doc: redis({ networkId: 'net-1' }), want: ['/spec/networkId schema: spec.networkId: must be integer (got "net-1")'] },
    UnknownField: {
      reason: 'did-you-mean at the key',
      doc: redis({ nodeSizng: '2cpu4gb' }),
      want: ['/spec/nodeSizng (key) unknown-field: unknown field "nodeSizng" in spec; did you mean "nodeSizing"?'],
    },
    UnknownTopLevel: { reason: 'top-level typo', doc: redis({}, { lifecyle: {} }), want: ['/lifecyle (key) unknown-field: unknown field "lifecyle"; did you mean "lifecycle"?'] },
    Missing: { reason: 'missing required field at the parent key', doc: redis({ diskSize: undefined }), want: ['/spec (key) schema: spec.diskSize: required field is missing'] },
    Name: {
      reason: 'the name rule, with the value',
      doc: redis({}, { metadata: { name: 'cluster' } }),
      want: ['/metadata/name schema: metadata.name: must be 5 to 60 lowercase letters or digits, and not "cluster" (got "cluster")'],
    },
    ApiVersion: { reason: 'const', doc: redis({}, { apiVersion: 'caretaker/v2' }), want: ['/apiVersion schema: apiVersion: must be "caretaker/v1" (got "caretaker/v2")'] },
    Sizing: { reason: 'pattern with a custom message', doc: redis({ nodeSizing: '2 cpu' }), want: ['/spec/nodeSizing schema: spec.nodeSizing: must look like 2cpu4gb (got "2 cpu")'] },
    Regulation: { reason: 'enum', doc: redis({ regulation: 'GDPR' }), want: ['/spec/regulation schema: spec.regulation: must be one of HDS, STANDARD (got "GDPR")'] },
    ReservedTag: {
      reason: 'the ownership tag cannot be set by hand',
      doc: redis({ tags: { 'caretaker-stack': 'x', '': 'y', ok: 1 } }),
      want: [
        '/spec/tags/caretaker-stack (key) schema: spec.tags: key "caretaker-stack" is reserved for caretaker\'s ownership tag',
        '/spec/tags/ (key) schema: spec.tags: key "" must not be empty',
        '/spec/tags/ok schema: spec.tags.ok: must be string (got 1)',
      ],
    },
    ExcludedNeedsReason: {
      reason: 'excluded: true requires a non-empty reason and forbids a patch group',
      doc: redis({ patchParty: { excluded: true, patchGroup: '2' } }),
      want: [
        '/spec/patchParty (key) schema: spec.patchParty.exclusionReason: required field is missing (when excluded is true)',
        '/spec/patchParty/patchGroup schema: spec.patchParty.patchGroup: is not allowed here (when excluded is true)',
      ],
    },
    EmptyReason: {
      reason: 'a blank reason is no reason',
      doc: redis({ patchParty: { excluded: true, exclusionReason: '  ' } }),
      want: ['/spec/patchParty/exclusionReason schema: spec.patchParty.exclusionReason: must not be empty (got "  ") (when excluded is true)'],
    },
    PatchGroup: {
      reason: 'patch groups 1..3 as strings or integers',
      doc: redis({ patchParty: { excluded: false, patchGroup: 4 } }),
      want: ['/spec/patchParty/patchGroup schema: spec.patchParty.patchGroup: must be one of 1, 2, 3 (got 4)'],
    },
    PatchGroupInteger: { reason: 'integer patch group', doc: redis({ patchParty: { patchGroup: 3 } }), want: [] },
    IgnoreChanges: {
      reason: 'ignoreChanges entries are spec paths',
      doc: redis({}, { lifecycle: { preventDestroy: 'yes', ignoreChanges: ['nodeSizing'] } }),
      want: [
        '/lifecycle/preventDestroy schema: lifecycle.preventDestroy: must be boolean (got "yes")',
        '/lifecycle/ignoreChanges/0 schema: lifecycle.ignoreChanges.0: must be a spec field path such as spec.nodeSizing (got "nodeSizing")',
      ],
    },
    Topology: {
      reason: 'enum listed once per case',
      kind: 'PostgreSQL',
      doc: postgres({ topology: 'cluster' }),
      want: ['/spec/topology schema: spec.topology: must be one of STANDALONE, HA (got "cluster")'],
    },
    TopologyLowerCase: { reason: 'topology is case-insensitive', kind: 'PostgreSQL', doc: postgres({ topology: 'standalone', postgreVersion: 10 }), want: [] },
    HaRequires: {
      reason: 'HA-only required fields and versions',
      kind: 'PostgreSQL',
      doc: postgres({ topology: 'HA', postgreVersion: '11' }),
      want: [
        '/spec (key) schema: spec.nodePrefix: required field is missing (when topology is HA)',
        '/spec (key) schema: spec.az: required field is missing (when topology is HA)',
        '/spec (key) schema: spec.tls: required field is missing (when topology is HA)',
        '/spec/postgreVersion schema: spec.postgreVersion: must be one of 12, 13, 14, 15, 16 (got "11") (when topology is HA)',
      ],
    },
    HaValid: {
      reason: 'a complete HA body passes',
      kind: 'PostgreSQL',
      doc: postgres({ topology: 'HA', postgreVersion: 16, nodePrefix: 'ORDERS01', az: 'a', tls: true }),
      want: [],
    },
    Extensions: {
      reason: 'only the documented extensions, no duplicates',
      kind: 'PostgreSQL',
      doc: postgres({ extensions: { app: ['pg_trgm', 'plv8', 'pg_trgm'] } }),
      want: [
        '/spec/extensions/app/1 schema: spec.extensions.app.1: must be one of btree_gist, citext, fuzzystrmatch, hstore, pg_trgm, pgcrypto, postgis, tablefunc, timescaledb, unaccent, uuid-ossp, vector (got "plv8")',
        '/spec/extensions/app schema: spec.extensions.app: must not contain duplicates (items 0 and 2 are equal)',
      ],
    },
    ReplicationLag: {
      reason: 'allowedReplicationLag 1..10240',
      kind: 'PostgreSQL',
      doc: postgres({ allowedReplicationLag: 0, nodePrefix: 'abc' }),
      want: [
        '/spec/allowedReplicationLag schema: spec.allowedReplicationLag: must be >= 1 (got 0)',
        '/spec/nodePrefix schema: spec.nodePrefix: must be 5 to 12 uppercase letters or digits (got "abc")',
      ],
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(brief(registry.validate(c.kind ?? 'Redis', c.doc)), c.reason).toEqual(c.want);
  });
});

describe('sensitive values', () => {
  const weak = ['short1A!', 'nouppercase123!', 'NoSpecial1234', 'Dash-is-not-ok12', 'WayTooLongPassword123!!!!'];
  it.each(weak)('rejects a weak admPassword without printing it (%#)', (pw) => {
    const issues = registry.validate('Redis', redis({ admPassword: pw }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.summary).toMatch(/^spec\.admPassword: does not meet the password rule: 12 to 20 characters/);
    expect(JSON.stringify(issues)).not.toContain(pw);
  });

  it('accepts the EN DASH (U+2013) as the special character', () => {
    expect(registry.validate('Redis', redis({ admPassword: 'Abcdefgh123\u2013' }))).toEqual([]);
  });

  it('never prints an interpolated value, even of a field that is not sensitive', () => {
    const issues = registry.validate('Redis', redis({ nodeSizing: new Secret('huge-sizing'), admPassword: new Secret('weak') }));
    expect(brief(issues)).toEqual([
      '/spec/nodeSizing schema: spec.nodeSizing: must look like 2cpu4gb',
      expect.stringMatching(/^\/spec\/admPassword schema: spec.admPassword: does not meet the password rule/),
    ]);
    expect(JSON.stringify(issues)).not.toMatch(/huge-sizing|weak"/);
  });

  it('hides the type error value of a sensitive field', () => {
    expect(brief(registry.validate('Redis', redis({ admPassword: 123456789012 })))).toEqual([
      '/spec/admPassword schema: spec.admPassword: must be string',
    ]);
  });
});

describe('issuesToDiagnostics', () => {
  it('positions each issue with the locate function and keeps path and address', () => {
    const issues = registry.validate('Redis', redis({ diskSize: 2 }));
    const diags = issuesToDiagnostics(issues, (p, key) => ({ file: 'r.yaml', start: { line: p.length, col: key ? 1 : 2 } }), 'Redis/orderscache');
    expect(diags).toEqual([{
      severity: 'error', code: 'schema', summary: 'spec.diskSize: must be >= 40 (got 2)', path: '/spec/diskSize',
      address: 'Redis/orderscache', range: { file: 'r.yaml', start: { line: 14, col: 2 } },
    }]);
  });
});
