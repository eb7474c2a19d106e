// Redis observe with a fake ITCare: lookup by name and kind, requests per resource, the live -> spec
// table, running actions, and listOwned.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { page, type FakeRoutes } from '../../../../../support/fake-http.js';
import {
  PASSWORD, PG_ID, REDIS_ID, SID, listItem, node, redisDesired, redisDetail, redisWorld, tagList,
} from '../../fixtures.js';

const redis = (http: ReturnType<typeof redisWorld>) => createItcareProvider({ http }).handler('Redis')!;

describe('Redis observe', () => {
  it('finds the resource by name within the service and normalises it to spec shape', async () => {
    const http = redisWorld();
    const obs = await redis(http).observe(redisDesired());
    expect(obs).toMatchObject({ exists: true, id: REDIS_ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, nodeSizing: '2cpu4gb', redisVersion: '6.2.5', instanceCount: 1, persistenceMode: 'PERSISTENT',
      tlsEnabled: false, region: 'EB', area: 'EB-QA', az: 'EB-QA-A', diskSize: 40, networkId: 1234511,
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false, state: 'running',
      patchParty: { excluded: false, patchGroup: '2' }, tags: { app: 'orders' },
    });
    expect(obs.pending).toBeUndefined();
    const list = http.calls[0]!;
    expect(list).toMatchObject({ method: 'GET', path: '/itcare/databases', query: { services: SID, names: 'orders-cache' } });
  });

  it('uses at most 5 requests for an existing resource', async () => {
    const http = redisWorld();
    await redis(http).observe(redisDesired());
    expect(http.callKeys().sort()).toEqual([
      'GET /itcare/actions',
      'GET /itcare/compute/resources/500059535/tags',
      'GET /itcare/databases',
      'GET /itcare/databases/redis/500059535',
      'GET /itcare/databases/redis/500059535/nodes',
    ]);
  });

  it('skips the nodes read when the spec manages no placement or disk field', async () => {
    const http = redisWorld();
    const { region, area, diskSize, networkId, ...spec } = redisDesired().spec;
    await redis(http).observe({ ...redisDesired(), spec });
    expect(http.callKeys()).not.toContain(`GET /itcare/databases/redis/${REDIS_ID}/nodes`);
    expect([region, area, diskSize, networkId]).toHaveLength(4);
  });

  it('returns exists:false with one request when nothing has the name', async () => {
    const http = redisWorld({ 'GET /itcare/databases': page([]) });
    expect(await redis(http).observe(redisDesired())).toEqual({ exists: false, spec: {} });
    expect(http.requestCount).toBe(1);
  });

  it('ignores a PostgreSQL with the same name, and names that only contain the name', async () => {
    const http = redisWorld({
      'GET /itcare/databases': page([
        listItem('postgresql', { id: 1, name: 'orders-cache' }),
        listItem('redis', { id: 2, name: 'orders-cache-2' }),
      ]),
    });
    expect((await redis(http).observe(redisDesired())).exists).toBe(false);
  });

  it('recognises the kind by family when the item has no path', async () => {
    const http = redisWorld({ 'GET /itcare/databases': page([listItem('redis', { path: undefined, family: 'Redis' })]) });
    expect((await redis(http).observe(redisDesired())).exists).toBe(true);
  });

  it('refuses to guess between two live resources of the kind with the same name', async () => {
    const http = redisWorld({ 'GET /itcare/databases': page([listItem('redis', { id: 1 }), listItem('redis', { id: 2 })]) });
    const err = await redis(http).observe(redisDesired()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('ERR_REFUSED');
  });

  it('reports running actions as pending refs with their service', async () => {
    const http = redisWorld({
      'GET /itcare/actions': (req) => {
        expect(req.query).toMatchObject({ resourceId: REDIS_ID, statuses: 'IN_PROGRESS' });
        return { body: [{ id: 777, status: 'IN_PROGRESS' }] };
      },
      [`GET /itcare/databases/redis/${REDIS_ID}`]: { body: redisDetail({ status: 'PREPARATION' }) },
    });
    const obs = await redis(http).observe(redisDesired());
    expect(obs.pending).toEqual([{ id: '777', serviceId: SID, resourceId: REDIS_ID, resourceName: 'orders-cache' }]);
    expect(obs.spec.state).toBe('running');
  });

  it('never puts the admin password into the observation', async () => {
    const obs = await redis(redisWorld()).observe(redisDesired());
    expect(JSON.stringify(obs)).not.toContain(PASSWORD);
    expect(obs.spec).not.toHaveProperty('admPassword');
  });
});

describe('Redis normalisation', () => {
  const cases: Record<string, { reason: string; detail?: Record<string, unknown>; item?: Record<string, unknown>; nodes?: unknown[]; spec?: Record<string, unknown>; want: Record<string, unknown> }> = {
    sizingFromCpuRam: {
      reason: 'without a list sizing, cpu + ram make the sizing string',
      item: { sizing: undefined }, detail: { cpu: 4, ram: 8 }, want: { nodeSizing: '4cpu8gb' },
    },
    sizingFromList: { reason: "the list item's sizing wins when it has the NcpuMgb form", item: { sizing: '2CPU4GB' }, detail: { cpu: 9, ram: 9 }, want: { nodeSizing: '2cpu4gb' } },
    stopped: { reason: 'INACTIVE means stopped', detail: { status: 'INACTIVE' }, want: { state: 'stopped' } },
    preparation: { reason: 'PREPARATION is a resource being set up: running', detail: { status: 'PREPARATION' }, want: { state: 'running' } },
    unknownStatus: { reason: 'an undocumented status leaves state absent', detail: { status: 'WEIRD' }, want: { state: undefined } },
    excluded: {
      reason: 'an excluded resource keeps its reason; an empty group is dropped',
      detail: { patchParty: { excluded: true, exclusionReason: 'DBA', patchGroup: '' } },
      want: { patchParty: { excluded: true, exclusionReason: 'DBA' } },
    },
    includedReasonDropped: {
      reason: 'a stale exclusion reason of an included resource is noise',
      detail: { patchParty: { excluded: false, exclusionReason: 'old', patchGroup: '3' } },
      want: { patchParty: { excluded: false, patchGroup: '3' } },
    },
    versionPrefix: { reason: 'a less precise live version matching the spec reads as the spec', detail: { version: '6.2' }, want: { redisVersion: '6.2.5' } },
    versionOther: { reason: 'a different version stays as returned', detail: { version: '7.2.4' }, want: { redisVersion: '7.2.4' } },
    nodeCountString: { reason: 'numbers are numbers even when sent as text', detail: { nodeCount: '3' }, want: { instanceCount: 3 } },
    azOfAnyNode: {
      reason: 'a 3-node farm spans AZs: the desired AZ reads as is when any node is in it',
      nodes: [node({ availabilityZone: { id: 'EB-QA-A' } }), node({ availabilityZone: { id: 'EB-QA-B' } })],
      spec: { az: 'EB-QA-B' }, want: { az: 'EB-QA-B' },
    },
    areaCase: { reason: 'a case-only difference must not plan a replacement', nodes: [node({ area: { id: 'eb-qa' } })], want: { area: 'EB-QA' } },
    diskOther: { reason: 'a different disk size reads as the largest node', nodes: [node({ storage: 50 }), node({ storage: 60 })], want: { diskSize: 60 } },
  };
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    const routes: FakeRoutes = { [`GET /itcare/databases/redis/${REDIS_ID}`]: { body: redisDetail(c.detail) } };
    if (c.item) routes['GET /itcare/databases'] = page([listItem('redis', c.item)]);
    if (c.nodes) routes[`GET /itcare/databases/redis/${REDIS_ID}/nodes`] = { body: c.nodes };
    const obs = await redis(redisWorld(routes)).observe(redisDesired(c.spec));
    for (const [k, v] of Object.entries(c.want)) expect(obs.spec[k], c.reason).toEqual(v);
  });

  it('keeps the ownership tag out of spec.tags and reports it as owner', async () => {
    const http = redisWorld({ [`GET /itcare/compute/resources/${REDIS_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'other', team: 'x' }) } });
    const obs = await redis(http).observe(redisDesired());
    expect(obs.spec.tags).toEqual({ team: 'x' });
    expect(obs.owner).toBe('other');
  });
});

describe('listOwned', () => {
  it('lists tagged resources of the kind in the scoped services and observes each by name', async () => {
    const http = redisWorld({
      // The tagged list finds the candidates; the whole service's list then gives their tags[] (refresh's reads).
      'GET /itcare/compute/resources': (req) => {
        if (req.query?.tags === undefined) {
          expect(req.query).toMatchObject({ services: SID });
          return page([{ id: REDIS_ID, name: 'orders-cache', serviceId: SID, path: '/databases/redis', tags: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) }]);
        }
        expect(req.query).toMatchObject({ services: [SID], tags: 'caretaker-stack:orders-qa' });
        return page([
          { id: REDIS_ID, name: 'orders-cache', serviceId: SID, path: '/databases/redis' },
          { id: PG_ID, name: 'orders-db', serviceId: SID, path: '/databases/postgresql' },
        ]);
      },
    });
    const owned = await redis(http).listOwned('orders-qa', { serviceIds: [SID] });
    expect(owned.map((o) => [o.kind, o.name, o.id, o.serviceId])).toEqual([['Redis', 'orders-cache', REDIS_ID, SID]]);
    expect(owned[0]!.observation.owner).toBe('orders-qa');
    expect(http.callKeys()).not.toContain(`GET /itcare/compute/resources/${REDIS_ID}/tags`);
  });

  it('drops resources whose tags do not actually carry the stack', async () => {
    const http = redisWorld({
      'GET /itcare/compute/resources': page([{ id: REDIS_ID, name: 'orders-cache', serviceId: SID, path: '/databases/redis' }]),
      [`GET /itcare/compute/resources/${REDIS_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa-2' }) },
    });
    expect(await redis(http).listOwned('orders-qa', { serviceIds: [SID] })).toEqual([]);
  });

  it('makes no request without services in scope', async () => {
    const http = redisWorld();
    expect(await redis(http).listOwned('orders-qa', { serviceIds: [] })).toEqual([]);
    expect(http.requestCount).toBe(0);
  });
});
