import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InternalError } from '../../../src/core/errors.js';
import { Secret } from '../../../src/core/secret.js';
import { createSchemaRegistry, defaultSchemaDir } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

let t: TestDir | undefined;
afterEach(() => t?.remove());

const registry = createSchemaRegistry();

describe('createSchemaRegistry', () => {
  it('finds the project schemas relative to the module', () => {
    expect(defaultSchemaDir()).toBe(fileURLToPath(new URL('../../../schemas/', import.meta.url)));
    expect(registry.kinds()).toEqual(expect.arrayContaining(['PostgreSQL', 'Redis', 'Stack']));
    expect(registry.kinds()).toEqual([...registry.kinds()].sort());
    expect(registry.schema('Redis')?.$id).toBe('https://caretaker.dev/schemas/redis.json');
    expect(registry.schema('Nope')).toBeUndefined();
    expect(registry.has('Redis')).toBe(true);
  });

  it('extracts the Redis FieldPolicy from the schema keywords', () => {
    expect(registry.policy('Redis')).toEqual({
      kind: 'Redis',
      provider: 'itcare',
      owned: true,
      sensitive: ['/admPassword'],
      // region/area/az are not returned by the Redis GET: set at create, never compared (no false replace).
      writeOnly: [
        '/admPassword', '/area', '/az', '/backupEnabled', '/cloudId', '/dbBackupPolicyId', '/noBackupProdReason', '/noMonitoringProdReason',
        '/noReplicationProdReason', '/platform', '/region', '/regulation', '/replicationEnabled', '/serverBackupPolicyId', '/vmPrefix',
      ],
      // monitoringAlerting has no update operation (the PaaS update_monitoring has no alerting option).
      immutable: [
        '/area', '/az', '/cloudId', '/diskSize', '/instanceCount', '/monitoringAlerting', '/networkId', '/persistenceMode', '/platform',
        '/redisVersion', '/region', '/regulation', '/tlsEnabled', '/vmPrefix',
      ],
      unordered: [],
      caseInsensitive: ['/persistenceMode'],
      notSensitive: [],
      maps: ['/tags'],
      listKeys: {},
      refKinds: {},
    });
  });

  it('extracts the PostgreSQL FieldPolicy (unordered extension lists, case-insensitive topology)', () => {
    const p = registry.policy('PostgreSQL');
    expect(p.sensitive).toEqual(['/admPassword']);
    expect(p.unordered).toEqual(['/extensions/*']);
    expect(p.caseInsensitive).toEqual(['/topology']);
    expect(p.maps).toEqual(['/extensions', '/tags']);
    expect(p.immutable).toEqual(expect.arrayContaining(['/allowedReplicationLag', '/diskSize', '/nodePrefix', '/tls', '/trigram']));
    expect(p.immutable).not.toContain('/postgreVersion');
    expect(p.immutable).not.toContain('/topology');
    expect(p.writeOnly).toEqual(expect.arrayContaining(['/admPassword', '/nodePrefix']));
  });

  it('lists the top-level spec fields a kind accepts', () => {
    expect(registry.specFields('Redis')).toContain('nodeSizing');
    expect(registry.specFields('Stack')).toEqual(['changeReference', 'defaults', 'provider', 'prune']);
  });

  it('throws InternalError for an unknown kind', () => {
    expect(() => registry.policy('Nope')).toThrow(InternalError);
    try {
      registry.validate('Nope', {});
    } catch (err) {
      expect((err as InternalError).code).toBe('ERR_INTERNAL');
    }
  });

  it('adds a kind when a schema file is dropped in the directory, with any x- annotation', () => {
    t = testdir({});
    for (const f of readdirSync(defaultSchemaDir())) copyFileSync(path.join(defaultSchemaDir(), f), path.join(t.dir, f));
    writeFileSync(path.join(t.dir, 'widget.schema.json'), JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://caretaker.dev/schemas/widget.json',
      'x-provider': 'scp',
      'x-owned': false,
      'x-something-new': { any: 'thing' },
      type: 'object',
      properties: { kind: { const: 'Widget' }, spec: { type: 'object', properties: { key: { type: 'string', 'x-sensitive': true } } } },
    }));
    const r = createSchemaRegistry(t.dir);
    expect(r.kinds()).toContain('Widget');
    expect(r.policy('Widget')).toMatchObject({ provider: 'scp', owned: false, sensitive: ['/key'] });
  });

  it('refuses a broken schema with InternalError naming the file', () => {
    t = testdir({ 'bad.schema.json': JSON.stringify({ properties: { kind: { const: 'Bad' } }, type: 'objectt' }) });
    expect(() => createSchemaRegistry(t!.dir)).toThrow(/bad\.schema\.json/);
    t.remove();
    t = testdir({ 'nokind.schema.json': '{}' });
    expect(() => createSchemaRegistry(t!.dir)).toThrow(InternalError);
  });
});

describe('validate', () => {
  it('validates the revealed value of Secrets but never prints it', () => {
    const doc = {
      apiVersion: 'caretaker/v1', kind: 'Stack', metadata: { name: 'qa' },
      spec: { changeReference: new Secret('RFC-TOO-LONG-1234') },
    };
    const issues = registry.validate('Stack', doc);
    expect(issues.map((i) => i.summary)).toEqual(['spec.changeReference: must be at most 10 characters']);
  });
});

describe('shipped schemas', () => {
  it('never opt a field out of secret interpolation (interpolated values are always secrets)', () => {
    const registry = createSchemaRegistry();
    const optedOut = registry.kinds().filter((k) => registry.policy(k).notSensitive.length > 0);
    expect(optedOut).toEqual([]);
  });
});
