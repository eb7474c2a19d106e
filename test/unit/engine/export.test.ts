// The export builder over a stub provider and the real schemas: kind selection and did-you-mean,
// name globs, the stack name from the owner tag, other stacks' resources skipped, secrets as env
// placeholders, adoption, the schema's key order, and a missing or empty service.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { checkKindNames, exportService, orderKeys } from '../../../src/engine/export.js';
import type { ExportedResource, KindHandler, Provider } from '../../../src/engine/provider.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';

const registry = createSchemaRegistry();

function provider(byKind: Record<string, ExportedResource[]>, exists = true): Provider {
  // Tags are exported only when asked for, as the ITCare provider's Tags descriptor says (ExportRules).
  const handler = (kind: string) => ({ kind, exportAll: async () => byKind[kind] ?? [], exportRules: kind === 'Tags' ? { onRequestOnly: true } : undefined }) as unknown as KindHandler;
  const kinds = ['KubernetesCluster', 'LoadBalancer', 'PatchPolicy', 'PostgreSQL', 'Redis', 'Tags'];
  const serviceMissing = async (id: number) => (exists ? undefined : `GET /itcare/compute/services/${id} answered 404`);
  return { name: 'itcare', kinds: () => kinds, handler, serviceMissing } as unknown as Provider;
}
const redis = (name: string, owner?: string): ExportedResource => ({
  kind: 'Redis', name, id: 1, owner,
  spec: { tags: { app: 'x' }, serviceId: 46922, nodeSizing: '2cpu4gb', region: 'EB' },
});
const run = (p: Provider, over: Partial<Parameters<typeof exportService>[2]> = {}) =>
  exportService(new Map([['itcare', p]]), registry, { serviceId: 46922, adopt: false, ...over });

describe('export builder', () => {
  it('refuses a kind typo with a did-you-mean and lists the exportable kinds', () => {
    expect(() => checkKindNames(['Redsi'], ['PostgreSQL', 'Redis'])).toThrow(/--kind Redsi: not an exportable kind \(did you mean Redis\?\)\nexportable kinds: PostgreSQL, Redis/);
    expect(() => checkKindNames(['Redis'], ['Redis'])).not.toThrow();
  });

  it('takes the stack name from the owner tag and skips resources owned by another stack', async () => {
    const r = await run(provider({ Redis: [redis('a', 'shop'), redis('b', 'shop'), redis('c', 'other')] }));
    expect(r.stack).toBe('shop');
    expect(r.documents.map((d) => d.address)).toEqual(['Stack/shop', 'Redis/a', 'Redis/b']);
    expect(r.skipped).toEqual([{ address: 'Redis/c', reason: 'owned by stack "other" (tag caretaker-stack): export it with --stack other' }]);
  });

  it('writes secrets as env placeholders, serviceId into the stack defaults, keys in schema order', async () => {
    const r = await run(provider({ Redis: [redis('orderscache')] }));
    const doc = r.documents[1]!;
    const spec = doc.value.spec as Record<string, unknown>;
    expect(spec.admPassword).toBe('${env:REDIS_ORDERSCACHE_ADMPASSWORD}');
    expect(spec.serviceId).toBeUndefined();
    expect(r.documents[0]!.value.spec).toEqual({ defaults: { serviceId: 46922 } });
    expect(Object.keys(spec)).toEqual(['region', 'nodeSizing', 'admPassword', 'tags']);
    expect(Object.keys(doc.value)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'lifecycle']);
    expect(r.secrets).toEqual([{ env: 'REDIS_ORDERSCACHE_ADMPASSWORD', address: 'Redis/orderscache', field: 'spec.admPassword' }]);
  });

  it('untagged: lifecycle.adopt false without --adopt, nothing with it; both list the resource', async () => {
    const plain = await run(provider({ Redis: [redis('a')] }), { stack: 'mine' });
    expect(plain.documents[1]!.value.lifecycle).toEqual({ adopt: false });
    expect(plain.untagged).toEqual(['Redis/a']);
    const adopted = await run(provider({ Redis: [redis('a')] }), { stack: 'mine', adopt: true });
    expect(adopted.documents[1]!.value.lifecycle).toBeUndefined();
    expect(adopted.untagged).toEqual(['Redis/a']);
  });

  it('exports Tags only when asked, and filters by name globs', async () => {
    const tags: ExportedResource = { kind: 'Tags', name: 'vm-tags', spec: { resource: { serviceId: 46922, name: 'VM' }, tags: { a: 'b' } } };
    const p = provider({ Redis: [redis('alpha', 's'), redis('beta', 's')], Tags: [tags] });
    expect((await run(p)).documents.map((d) => d.address)).toEqual(['Stack/s', 'Redis/alpha', 'Redis/beta']);
    expect((await run(p, { names: ['B*'] })).documents.map((d) => d.address)).toEqual(['Stack/s', 'Redis/beta']);
    expect((await run(p, { kinds: ['Tags'] })).documents.map((d) => d.address)).toEqual(['Stack/service-46922', 'Tags/vm-tags']);
  });

  it('a missing service and an empty selection are errors', async () => {
    await expect(run(provider({}, false))).rejects.toThrow(new ConfigError('service 46922 does not exist (GET /itcare/compute/services/46922 answered 404)'));
    await expect(run(provider({ Redis: [redis('a')] }), { names: ['zz*'] })).rejects.toThrow(/has no .* named zz\* to export; nothing was written/);
  });

  it('orders nested keys by the schema and unknown keys alphabetically', () => {
    const root = { properties: { spec: { properties: { b: {}, a: { properties: { y: {}, x: {} } } } } } };
    expect(JSON.stringify(orderKeys({ spec: { z: 1, a: { x: 1, y: 2 }, b: 1 } }, root, root))).toBe('{"spec":{"b":1,"a":{"y":2,"x":1},"z":1}}');
  });
});
