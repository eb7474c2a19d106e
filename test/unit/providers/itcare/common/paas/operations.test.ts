// The shared PaaS operation builders seen through two kinds: create bodies typed as the API types them,
// and DELETEs sent without a body where the kind documents none.
import { describe, expect, it } from 'vitest';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { farmMembers } from '../../../../../../src/providers/itcare/common/paas/operations.js';
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

describe('farmMembers (the patch-group rule: a group "is only allowed when the farm has one member")', () => {
  const cases: Record<string, { reason: string; spec: Record<string, unknown>; raw?: unknown; floor?: number; want: number | undefined }> = {
    unknown: { reason: 'nothing says how many members: unknown, the API decides', spec: {}, want: undefined },
    redisSpec: { reason: "Redis's instanceCount", spec: { instanceCount: 3 }, want: 3 },
    brokerSpec: { reason: "the brokers' create field is brokerCount (001:14223, 001:18269)", spec: { brokerCount: 3 }, want: 3 },
    brokerGet: { reason: "RabbitMQ's GET says brokerCount, not nodeCount (001:14407)", spec: {}, raw: { detail: { brokerCount: '1' } }, want: 1 },
    floor: { reason: 'a kind whose farms always have several members (GlusterFS: 2) counts that many before it exists', spec: {}, floor: 2, want: 2 },
    largest: { reason: 'the largest known count wins', spec: { brokerCount: 1 }, raw: { detail: { nodeCount: 5 } }, floor: 3, want: 5 },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(farmMembers(c.spec, c.raw, c.floor), c.reason).toBe(c.want);
  });
});
