// The shared PaaS operation builders seen through two kinds: create bodies typed as the API types them,
// and DELETEs sent without a body where the kind documents none.
import { describe, expect, it } from 'vitest';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { PG_ID, REDIS_ID, SID, ctx, observed, pgDesired, redisDesired } from '../../fixtures.js';

const provider = createItcareProvider({ http: fakeHttp() });
const redis = provider.handler('Redis')!;
const pg = provider.handler('PostgreSQL')!;

describe('createOperations', () => {

  it('sends versions as the strings the API types, and topology upper-case', () => {
    expect(redis.createOperations(redisDesired({ redisVersion: 7.2 }), ctx())[0]!.body).toMatchObject({ redisVersion: '7.2' });
    expect(pg.createOperations(pgDesired({ postgreVersion: 15, topology: 'ha' }), ctx())[0]!.body).toMatchObject({ postgreVersion: '15', topology: 'HA' });
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
});
