// The kind descriptors and what shared code learns from them: every kind folder has a descriptor the
// registry lists, export files are named after the folder, and the directory tells an item's kind by
// the descriptors' signs (path first, then a word), which governance kinds (no sign) never match; what a
// descriptor declares of itself (stateful, downgrade, liveFacts) reaches the engine's KindHandler.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KindHandler, Observation } from '../../../../../src/engine/provider.js';
import { itemHasSign, kindDirectory, kindHandler, type ItcareKind } from '../../../../../src/providers/itcare/common/kind.js';
import { refusal } from '../../../../support/refusal.js';
import { createItcareProvider } from '../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../support/fake-http.js';

const KINDS_DIR = join(import.meta.dirname, '../../../../../src/providers/itcare/kinds');
const folders = readdirSync(KINDS_DIR).sort();
const descriptors = async (): Promise<Array<[string, ItcareKind]>> =>
  Promise.all(folders.map(async (f) => {
    const mod = (await import(join(KINDS_DIR, f, 'index.ts'))) as Record<string, ItcareKind>;
    const all = Object.values(mod);
    expect(all, `kinds/${f}/index.ts exports one descriptor`).toHaveLength(1);
    return [f, all[0]!] as [string, ItcareKind];
  }));

describe('kind folders and the registry', () => {
  it('lists one descriptor per kind folder, and nothing else', async () => {
    const provider = createItcareProvider({ http: fakeHttp() });
    expect((await descriptors()).map(([, d]) => d.kind).sort()).toEqual([...provider.kinds()].sort());
  });

  it('names export files after the kind folder, and exports a kind only with its reads', async () => {
    const provider = createItcareProvider({ http: fakeHttp() });
    for (const [folder, d] of await descriptors()) {
      if (d.export) expect(d.export.fileStem, d.kind).toBe(folder);
      expect(provider.handler(d.kind)!.exportAll !== undefined, d.kind).toBe(d.export !== undefined);
    }
  });
});

describe('kindDirectory', () => {
  const db: ItcareKind = { kind: 'Db', sign: { path: '/databases/db', word: /\bdb\b/i }, minFarmMembers: 3, handler: () => { throw new Error('unused'); } };
  const other: ItcareKind = { kind: 'Other', sign: { path: '/other', word: /other/i }, handler: db.handler };
  const governance: ItcareKind = { kind: 'Gov', handler: db.handler };
  const dir = kindDirectory([db, other, governance]);

  const cases: Record<string, { reason: string; item: Record<string, unknown>; kind?: string; members?: number }> = {
    path: { reason: 'the path tail decides', item: { path: '/databases/db' }, kind: 'Db', members: 3 },
    pathTrailing: { reason: 'a trailing slash and case do not matter', item: { path: '/itcare/Databases/DB/' }, kind: 'Db', members: 3 },
    pathWins: { reason: 'a path of another kind wins over a word', item: { path: '/other', family: 'DB' }, kind: 'Other' },
    category: { reason: 'without a path, a word of the category', item: { category: 'OTHERS' }, kind: 'Other' },
    none: { reason: 'an item with no sign of any kind', item: { path: '/compute/instances', family: 'DEBIAN' } },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(dir.kindOf(c.item), c.reason).toBe(c.kind);
    expect(dir.minFarmMembers(c.item), c.reason).toBe(c.members);
    if (c.kind) expect(dir.isOfKind(c.item, c.kind), c.reason).toBe(true);
    expect(dir.isOfKind(c.item, 'Gov'), 'a kind without a sign never matches').toBe(false);
  });

  it('reads the path before any word', () => {
    expect(itemHasSign({ path: '/databases/postgresql', family: 'DB' }, db.sign!)).toBe(false);
    expect(itemHasSign({ technology: 'my DB' }, db.sign!)).toBe(true);
  });
});

describe('what a descriptor declares of itself', () => {
  const inner: KindHandler = {
    kind: 'Scratch',
    observe: async () => ({ exists: false, spec: {} }),
    listOwned: async () => [],
    createOperations: () => [],
    updateOperations: () => [],
    deleteOperations: () => [],
  };
  const ctx = { http: fakeHttp(), kinds: kindDirectory([]) };
  const scratch = (over: Partial<ItcareKind> = {}): KindHandler => kindHandler({ kind: 'Scratch', handler: () => inner, ...over }, ctx);
  const live: Observation = { exists: true, id: 7, spec: { version: '10.6' }, raw: { detail: { status: 'ACTIVE', ipAddress: '10.0.0.9', port: 3306 } } };

  it('stateful reaches the handler (export protects it); absent, the kind is not stateful', () => {
    expect(scratch({ stateful: true }).stateful).toBe(true);
    expect(scratch().stateful).toBeUndefined();
  });

  it('liveFacts: the fields ITCare GETs share by default, else the kind\'s own', () => {
    expect(scratch().liveFacts?.(live)).toEqual({ status: 'ACTIVE', endpoints: ['10.0.0.9'] });
    const own = scratch({ liveFacts: (o) => ({ status: 'OWN', endpoints: [`${String(o.id)}:3306`] }) });
    expect(own.liveFacts?.(live)).toEqual({ status: 'OWN', endpoints: ['7:3306'] });
  });

  it('downgrade: a lower version is refused at the field, before a catalogue refusal', () => {
    const h = scratch({ downgrade: { field: '/version', why: 'ITCare has no version change' }, catalogue: async () => undefined });
    const desired = { address: 'Scratch/a', kind: 'Scratch', name: 'a', spec: { version: '10.4' } };
    const listed = { ...live, lookups: { catalogueRefusals: [{ field: '/other', text: 'spec.other x is not in the values ITCare lists' }] } };
    const err = refusal(() => h.createOperations(desired, { stack: 's', resolveRef: () => undefined }, listed));
    expect(err.message).toBe('cannot downgrade Scratch from 10.6 to 10.4 (spec.version): ITCare has no version change');
    expect(err.field).toBe('/version');
    expect(refusal(() => scratch({ catalogue: async () => undefined }).createOperations(desired, { stack: 's', resolveRef: () => undefined }, listed)).field).toBe('/other');
  });

  it('the registry: the databases, brokers and storage hold data, those with a fixed version have a downgrade rule; the rest hold none', async () => {
    const provider = createItcareProvider({ http: fakeHttp() });
    expect(provider.kinds().filter((k) => provider.handler(k)!.stateful).sort()).toEqual([
      'GlusterFS', 'Kafka', 'MariaDB', 'Matomo', 'OpenSearch', 'OverDrive', 'PostgreSQL', 'RabbitMQ', 'Redis', 'SQLServer', 'VirtualMachine',
    ]);
    expect((await descriptors()).filter(([, d]) => d.downgrade).map(([, d]) => [d.kind, d.downgrade!.field]).sort()).toEqual([
      ['Kafka', '/kafkaVersion'], ['MariaDB', '/version'], ['OpenSearch', '/clusterVersion'], ['PostgreSQL', '/postgreVersion'],
      ['RabbitMQ', '/rabbitMqVersion'], ['Redis', '/redisVersion'],
    ]);
    for (const k of provider.kinds()) expect(provider.handler(k)!.liveFacts, k).toBeTypeOf('function');
  });
});
