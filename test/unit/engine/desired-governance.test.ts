// loadDesiredState with the governance kinds (Tags, PatchPolicy): their schema rules, the kinds a
// `{ref}` may point at, and a setting managed in two places, all reported at file:line:col before
// any network call.
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { loadDesiredState } from '../../../src/engine/desired.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

const registry = createSchemaRegistry();
let t: TestDir | undefined;
afterEach(() => t?.remove());

async function run(files: Record<string, string>) {
  t = testdir(files);
  const r = await loadDesiredState(['.'], { cwd: t.dir, env: {}, registry });
  return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
}

const STACK = `
apiVersion: caretaker/v1
kind: Stack
metadata:
  name: orders-qa
spec:
  defaults:
    serviceId: 46922
    region: EB
    area: EB-QA
    networkId: 1234511
`;

const redis = (name: string, extra = '') => `
apiVersion: caretaker/v1
kind: Redis
metadata:
  name: ${name}
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: 6.2.5
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: Test123@2022${extra}
`;

const tags = (name: string, resource: string) => `
apiVersion: caretaker/v1
kind: Tags
metadata:
  name: ${name}
spec:
  resource: ${resource}
  tags: { app: orders }
`;

const policy = (entries: string, serviceId = '') => `
apiVersion: caretaker/v1
kind: PatchPolicy
metadata:
  name: orders-patching
spec:${serviceId ? `\n  serviceId: ${serviceId}` : ''}
  resources:
${entries}`;

describe('governance kinds: a valid set', () => {
  it('loads Tags and PatchPolicy documents, with the stack serviceId merged into the PatchPolicy', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'redis.yaml': redis('orderscache'),
      'tags.yaml': [tags('cache', '{ ref: Redis/orderscache }'), tags('vm', '{ serviceId: 46922, name: PEB4APP01 }'), tags('byid', '{ id: 500079803 }')].join('---'),
      'policy.yaml': policy(`    - resource: { name: rhutsql20 }
      patchGroup: "2"
    - resource: { id: 500057033 }
      excluded: true
      exclusionReason: patched by the DBA team
    - resource: { ref: Redis/orderscache }
      patchGroup: 3
`),
    });
    expect(r.lines).toEqual([]);
    const byAddress = new Map(r.set!.resources.map((x) => [x.address, x]));
    expect(byAddress.get('PatchPolicy/orders-patching')!.spec).toMatchObject({ serviceId: 46922 });
    expect(byAddress.get('PatchPolicy/orders-patching')!.references.map((x) => [x.target, x.pointer])).toEqual([['Redis/orderscache', '/resources/2/resource']]);
    expect(byAddress.get('Tags/cache')!.references.map((x) => x.target)).toEqual(['Redis/orderscache']);
    expect(registry.policy('Tags').owned).toBe(false);
    expect(registry.policy('PatchPolicy').owned).toBe(false);
  });
});

describe('governance kinds: schema rules at file:line:col', () => {
  it('rejects patch groups other than "1".."3", an exclusion without reason, a group when excluded, all at once', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'policy.yaml': policy(`    - resource: { name: a }
      patchGroup: 4
    - resource: { name: b }
      patchGroup: "4"
    - resource: { name: c }
      excluded: true
    - resource: { name: d }
      excluded: true
      exclusionReason: kernel pinned
      patchGroup: "1"
    - resource: { name: e }
      exclusionReason: not excluded
    - resource: {}
`),
    });
    expect(r.set).toBeUndefined();
    expect(r.lines).toEqual([
      'policy.yaml:8:19: spec.resources.0.patchGroup: must be "1", "2" or "3" (got 4)',
      'policy.yaml:10:19: spec.resources.1.patchGroup: must be "1", "2" or "3" (got "4")',
      'policy.yaml:11:7: spec.resources.2.exclusionReason: required field is missing (when excluded is true)',
      'policy.yaml:16:19: spec.resources.3.patchGroup: is not allowed here (when excluded is true)',
      'policy.yaml:18:24: spec.resources.4.exclusionReason: is not allowed here (an exclusion reason is only for excluded: true)',
      'policy.yaml:19:17: spec.resources.5.resource: must name the resource: {id}, {name} or {ref: Kind/name} (got a mapping)',
    ]);
    expect(r.diagnostics.every((d) => d.severity === 'error' && d.code === 'schema')).toBe(true);
  });

  it('rejects a Tags target in two forms at once and the caretaker-stack key', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'tags.yaml': `
apiVersion: caretaker/v1
kind: Tags
metadata:
  name: vm
spec:
  resource: { id: 1, name: PEB4APP01 }
  tags: { caretaker-stack: mine }
`,
    });
    expect(r.lines).toEqual([
      'tags.yaml:6:3: spec.resource.serviceId: required field is missing (because name is set)',
      'tags.yaml:6:28: spec.resource.name: is not allowed here (resource.id names the resource on its own)',
      'tags.yaml:7:11: spec.tags: key "caretaker-stack" is reserved for caretaker\'s ownership tag',
    ]);
  });
});

describe('governance kinds: references and settings managed twice', () => {
  it('rejects a ref to a kind the field does not allow (x-ref-kinds)', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'tags.yaml': [tags('meta', '{ ref: PatchPolicy/orders-patching }'), tags('other', '{ id: 500079803 }')].join('---'),
      'policy.yaml': policy(`    - resource: { ref: Tags/other }\n`),
    });
    expect(r.lines).toEqual([
      'policy.yaml:7:24: resources.0.resource must reference a GlusterFS, Kafka, KubernetesCluster, MariaDB, Matomo, OpenSearch, OverDrive, PostgreSQL, RabbitMQ, Redis, SQLServer or VirtualMachine, not Tags/other',
      'tags.yaml:6:20: resource must reference a GlusterFS, Kafka, KubernetesCluster, LoadBalancer, MariaDB, Matomo, OpenSearch, OverDrive, PostgreSQL, RabbitMQ, Redis, SQLServer or VirtualMachine, not PatchPolicy/orders-patching',
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['reference', 'reference']);
  });

  it('rejects a PatchPolicy entry for a resource that sets its own spec.patchParty, by name or by ref', async () => {
    const pp = '\n  patchParty: { excluded: false, patchGroup: "1" }';
    const r = await run({
      'stack.yaml': STACK,
      'redis.yaml': [redis('orderscache', pp), redis('otherscache', pp)].join('---'),
      'policy.yaml': policy(`    - resource: { name: orderscache }\n    - resource: { ref: Redis/otherscache }\n`),
    });
    expect(r.lines).toEqual([
      'policy.yaml:7:17: Redis/orderscache sets its own spec.patchParty at redis.yaml:12: its patchParty would be managed twice; keep one of them',
      'policy.yaml:8:17: Redis/otherscache sets its own spec.patchParty at redis.yaml:25: its patchParty would be managed twice; keep one of them',
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.address, d.path])).toEqual([
      ['conflict', 'PatchPolicy/orders-patching', '/spec/resources/0/resource'],
      ['conflict', 'PatchPolicy/orders-patching', '/spec/resources/1/resource'],
    ]);
  });

  it('matches a name only within the PatchPolicy service', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'redis.yaml': redis('orderscache', '\n  patchParty: { excluded: false }'),
      'policy.yaml': policy(`    - resource: { name: orderscache }\n`, '46923'),
    });
    expect(r.lines).toEqual([]);
  });

  it('rejects a Tags document on a resource of the manifests that sets spec.tags, also from the stack defaults', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'redis.yaml': redis('orderscache', '\n  tags: { team: checkout }'),
      'tags.yaml': [tags('cache', '{ ref: Redis/orderscache }'), tags('cache2', '{ serviceId: 46922, name: orderscache }')].join('---'),
    });
    expect(r.lines).toEqual([
      'tags.yaml:6:13: Redis/orderscache sets its own spec.tags at redis.yaml:12: its tags would be managed twice; keep one of them',
      'tags.yaml:14:13: Redis/orderscache sets its own spec.tags at redis.yaml:12: its tags would be managed twice; keep one of them',
    ]);
    const withDefaults = await run({
      'stack.yaml': `${STACK}    tags: { team: checkout }\n`,
      'redis.yaml': redis('orderscache'),
      'tags.yaml': tags('cache', '{ ref: Redis/orderscache }'),
    });
    expect(withDefaults.lines).toEqual([
      'tags.yaml:6:13: Redis/orderscache sets its own spec.tags at stack.yaml:11 (a stack default): its tags would be managed twice; keep one of them',
    ]);
  });

  it('rejects the same target twice for the same setting, naming the first', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'tags.yaml': [tags('a', '{ id: 500079803 }'), tags('b', '{ id: 500079803 }')].join('---'),
      'policy.yaml': policy(`    - resource: { name: PEB4APP01 }\n    - resource: { name: PEB4APP01 }\n      patchGroup: "2"\n`),
    });
    expect(r.lines).toEqual([
      'policy.yaml:8:17: PEB4APP01 (service 46922) is already named at policy.yaml:7: its patchParty would be set twice',
      'tags.yaml:14:13: resource id 500079803 is already named at tags.yaml:6: its tags would be set twice',
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate', 'duplicate']);
  });

  it('rejects a PatchPolicy ref to a resource of another service', async () => {
    const r = await run({
      'stack.yaml': STACK,
      'redis.yaml': redis('orderscache'),
      'policy.yaml': policy(`    - resource: { ref: Redis/orderscache }\n`, '46923'),
    });
    expect(r.lines).toEqual(['policy.yaml:8:17: Redis/orderscache is in service 46922, not in service 46923 of this PatchPolicy']);
  });
});
