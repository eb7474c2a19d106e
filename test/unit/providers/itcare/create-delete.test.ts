import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../src/core/errors.js';
import { Secret } from '../../../../src/core/secret.js';
import { createItcareProvider } from '../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../support/fake-http.js';
import { PASSWORD, PG_ID, REDIS_ID, SID, ctx, observed, pgDesired, redisDesired } from './fixtures.js';

const provider = createItcareProvider({ http: fakeHttp() });
const redis = provider.handler('Redis')!;
const pg = provider.handler('PostgreSQL')!;

describe('createOperations', () => {
  it('creates a Redis, then tags it, sets its patch party and stops it, in that order', () => {
    const desired = redisDesired({ tags: { team: 'checkout', app: 'orders' }, patchParty: { excluded: false, patchGroup: '2' }, state: 'stopped' });
    const ops = redis.createOperations(desired, ctx());
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /itcare/databases/redis',
      'PUT /itcare/compute/resources/${ref:self}/tags',
      'PATCH /itcare/databases/redis/${ref:self}',
      'PATCH /itcare/databases/redis/${ref:self}',
    ]);
    const [create, tags, party, stop] = ops;
    expect(create).toMatchObject({ async: true, irreversible: false, role: 'create', serviceId: SID, summary: 'create Redis orders-cache (2cpu4gb, 40 GB, 1 instance)' });
    expect(create!.body).toMatchObject({ name: 'orders-cache', serviceId: SID, nodeSizing: '2cpu4gb', redisVersion: '6.2.5', instanceCount: 1 });
    for (const k of ['state', 'tags', 'patchParty']) expect(create!.body).not.toHaveProperty(k);
    expect(tags).toMatchObject({
      async: false, role: 'update',
      body: [{ tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'app', tagValue: 'orders' }, { tagKey: 'team', tagValue: 'checkout' }],
    });
    expect(party).toMatchObject({ body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } }, summary: 'patch party: include, group 2' });
    expect(stop).toMatchObject({ body: { operation: 'stop' }, irreversible: true, summary: 'stop' });
    expect(stop!.body).toEqual({ operation: 'stop' }); // documented without options (001:5703-5719)
  });

  it('keeps the password a Secret inside the body, printed as (sensitive)', () => {
    const [create] = redis.createOperations(redisDesired(), ctx());
    const body = create!.body as Record<string, unknown>;
    expect(body.admPassword).toBeInstanceOf(Secret);
    expect((body.admPassword as Secret).reveal()).toBe(PASSWORD);
    const json = JSON.stringify(create);
    expect(json).toContain('"admPassword":"(sensitive)"');
    expect(json).not.toContain(PASSWORD);
  });

  it('always sets the ownership tag, even without spec.tags; no stop for a running resource', () => {
    const ops = redis.createOperations(redisDesired({ state: 'running' }), ctx());
    expect(ops).toHaveLength(2);
    expect(ops[1]!.body).toEqual([{ tagKey: 'caretaker-stack', tagValue: 'orders-qa' }]);
  });

  it('is pure: same input, same operations, desired spec untouched', () => {
    const desired = redisDesired({ tags: { a: 'b' } });
    const before = JSON.stringify(desired);
    expect(JSON.stringify(redis.createOperations(desired, ctx()))).toBe(JSON.stringify(redis.createOperations(desired, ctx())));
    expect(JSON.stringify(desired)).toBe(before);
  });

  it('creates a PostgreSQL keeping tls, then installs extensions per database', () => {
    const desired = pgDesired({ postgreVersion: '15', extensions: { zdb: ['pg_trgm'], mydb: ['uuid-ossp', 'citext'], empty: [] } });
    const ops = pg.createOperations(desired, ctx());
    expect(ops[0]).toMatchObject({ method: 'POST', path: '/itcare/databases/postgresql', summary: 'create PostgreSQL orders-db (2cpu4gb, 40 GB, STANDALONE, v15)' });
    expect(ops[0]!.body).toMatchObject({ name: 'orders-db', tls: true, topology: 'STANDALONE', postgreVersion: '15' });
    expect(ops[0]!.body).not.toHaveProperty('extensions');
    expect(ops.slice(2).map((o) => o.body)).toEqual([
      { operation: 'install_extension', options: { dbname: 'mydb', extensions_list: [{ name: 'citext' }, { name: 'uuid-ossp' }] } },
      { operation: 'install_extension', options: { dbname: 'zdb', extensions_list: [{ name: 'pg_trgm' }] } },
    ]);
    expect(ops[2]!.summary).toBe('install extensions on mydb: citext, uuid-ossp');
  });

  it('sends versions as the strings the API types, and topology upper-case', () => {
    expect(redis.createOperations(redisDesired({ redisVersion: 7.2 }), ctx())[0]!.body).toMatchObject({ redisVersion: '7.2' });
    expect(pg.createOperations(pgDesired({ postgreVersion: 15, topology: 'ha' }), ctx())[0]!.body).toMatchObject({ postgreVersion: '15', topology: 'HA' });
  });

  it('refuses an exclusion from the patch party without a reason', () => {
    const err = (() => {
      try {
        redis.createOperations(redisDesired({ patchParty: { excluded: true } }), ctx());
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('ERR_REFUSED');
  });
});

describe('deleteOperations', () => {
  it('sends no body even with a change reference: the Redis and PostgreSQL DELETEs document none (001:5640-5667, 15572-15599)', async () => {
    const [op] = redis.deleteOperations('Redis/orders-cache', observed(REDIS_ID, {}), ctx({ changeReference: 'RFC1234' }));
    expect(op).toEqual({
      method: 'DELETE', path: `/itcare/databases/redis/${REDIS_ID}`,
      async: true, irreversible: true, role: 'delete', serviceId: SID, summary: 'delete Redis orders-cache',
    });
    const [pgOp] = pg.deleteOperations('PostgreSQL/orders-db', observed(PG_ID, {}), ctx({ changeReference: 'RFC1234' }));
    expect(pgOp).not.toHaveProperty('body');
    const path = `/itcare/databases/postgresql/${PG_ID}`;
    const http = fakeHttp({ [`DELETE ${path}`]: { status: 202, body: { id: 9001, status: 'IN_PROGRESS' } } });
    await createItcareProvider({ http }).execute(pgOp!);
    expect(http.calls).toHaveLength(1);
    expect(http.calls[0]).toMatchObject({ method: 'DELETE', path });
    expect(http.calls[0]!.body).toBeUndefined();
  });

  it('sends no body without a change reference', () => {
    const ops = pg.deleteOperations('PostgreSQL/orders-db', observed(PG_ID, {}), ctx());
    expect(ops).toHaveLength(1);
    expect(ops[0]).not.toHaveProperty('body');
    expect(ops[0]).toMatchObject({ path: `/itcare/databases/postgresql/${PG_ID}`, summary: 'delete PostgreSQL orders-db' });
  });
});
