import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../src/core/errors.js';
import { Secret } from '../../../../../src/core/secret.js';
import type { Operation } from '../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../src/providers/itcare/index.js';
import { fakeHttp, type FakeRoutes } from '../../../../support/fake-http.js';
import { REDIS_ID, SID } from '../fixtures.js';

const op = (o: Partial<Operation> & Pick<Operation, 'method' | 'path'>): Operation => ({
  async: true, irreversible: false, role: 'update', summary: 's', serviceId: SID, ...o,
});

function run(routes: FakeRoutes, o: Operation) {
  const http = fakeHttp(routes);
  return { http, result: createItcareProvider({ http }).execute(o) };
}

describe('execute', () => {
  it('tracks a 202 IN_PROGRESS action and learns the created id from internalId', async () => {
    const answer = { status: 202, body: { id: 777, status: 'IN_PROGRESS', resourceName: 'orders-cache', internalId: REDIS_ID } };
    const { http, result } = run({ 'POST /itcare/databases/redis': answer }, op({ method: 'POST', path: '/itcare/databases/redis', role: 'create', body: { admPassword: new Secret('x') } }));
    expect(await result).toEqual({
      actions: [{ id: '777', serviceId: SID, resourceName: 'orders-cache', resourceId: REDIS_ID }], finished: [], createdId: REDIS_ID,
    });
    const req = http.calls[0]!;
    expect(req).toMatchObject({ method: 'POST', contentType: 'application/vnd.cegedim-it.v1+json', idempotent: false });
    expect((req.body as { admPassword: unknown }).admPassword).toBeInstanceOf(Secret);
  });

  it('does not set createdId for non-create operations', async () => {
    const { result } = run({ [`PATCH /itcare/databases/redis/${REDIS_ID}`]: { body: { id: '12', status: 'IN_PROGRESS', internalId: 1 } } },
      op({ method: 'PATCH', path: `/itcare/databases/redis/${REDIS_ID}`, body: { operation: 'start', options: {} } }));
    expect(await result).not.toHaveProperty('createdId');
  });

  it('treats a 200 tag list as a synchronous answer', async () => {
    const path = `/itcare/compute/resources/${REDIS_ID}/tags`;
    const { http, result } = run({ [`PUT ${path}`]: { body: [{ tagKey: 'a', tagValue: 'b' }] } }, op({ method: 'PUT', path, async: false, body: [] }));
    expect(await result).toEqual({ actions: [], finished: [] });
    expect(http.calls[0]).toMatchObject({ contentType: 'application/vnd.cegedim-it.v1+json', idempotent: true });
  });

  it('treats a 204 as a synchronous answer; DELETE bodies are application/json', async () => {
    const path = `/itcare/compute/resources/${REDIS_ID}/tags`;
    const { http, result } = run({ [`DELETE ${path}`]: { status: 204 } }, op({ method: 'DELETE', path, async: false, body: { tagKey: 'a', tagValue: 'b' } }));
    expect(await result).toEqual({ actions: [], finished: [] });
    expect(http.calls[0]).toMatchObject({ contentType: 'application/json' });
  });

  it('sends PATCH as application/json and never idempotent', async () => {
    const path = `/itcare/databases/redis/${REDIS_ID}`;
    const { http, result } = run({ [`PATCH ${path}`]: { body: { id: 1, status: 'SUCCESS' } } }, op({ method: 'PATCH', path, body: { operation: 'stop', options: {} } }));
    expect(await result).toEqual({ actions: [], finished: [{ id: '1', state: 'SUCCESS' }] });
    expect(http.calls[0]).toMatchObject({ contentType: 'application/json', idempotent: false });
  });

  it('sends no content type without a body', async () => {
    const path = `/itcare/databases/redis/${REDIS_ID}`;
    const { http, result } = run({ [`DELETE ${path}`]: { status: 202, body: { id: 5, status: 'IN_PROGRESS' } } }, op({ method: 'DELETE', path, role: 'delete' }));
    expect((await result).actions).toEqual([{ id: '5', serviceId: SID }]);
    expect(http.calls[0]!.contentType).toBeUndefined();
  });

  it('reads a bulk array: FAILED items are finished errors with their message, IN_PROGRESS ones are tracked', async () => {
    const path = `/itcare/compute/services/${SID}/patch-policies`;
    const body = [
      { status: 'FAILED', message: 'The patch group is only allowed when the farm has one member', id: -1, internalId: 500057055 },
      { status: 'IN_PROGRESS', message: 'Include PatchParty', process: 'INCLUDE_PATCHPARTY', id: 500079545 },
      { status: 'FAILED', message: 'Wrong patch party group set', id: -1, internalId: 500057033 },
      { id: 202 },
    ];
    const { http, result } = run({ [`PATCH ${path}`]: { body } }, op({ method: 'PATCH', path, body: [] }));
    expect(await result).toEqual({
      actions: [{ id: '500079545', serviceId: SID }],
      finished: [
        { id: '-1:500057055', state: 'ERROR', message: 'The patch group is only allowed when the farm has one member' },
        { id: '-1:500057033', state: 'ERROR', message: 'Wrong patch party group set' },
      ],
    });
    expect(http.calls[0]!.contentType).toBe('application/vnd.cegedim-it.v1+json');
  });

  it('maps a single ERROR answer to a finished error', async () => {
    const path = `/itcare/databases/redis/${REDIS_ID}`;
    const { result } = run({ [`PATCH ${path}`]: { body: { id: 9, status: 'ERROR', message: 'boom' } } }, op({ method: 'PATCH', path, body: {} }));
    expect((await result).finished).toEqual([{ id: '9', state: 'ERROR', message: 'boom' }]);
  });

  it('lets API errors through with their class', async () => {
    const { result } = run({ 'POST /itcare/databases/redis': { status: 409 } }, op({ method: 'POST', path: '/itcare/databases/redis', body: {} }));
    await expect(result).rejects.toBeInstanceOf(ApiError);
  });
});

describe('pollActions', () => {
  it('uses ONE request for 3 running actions of the same service: the IN_PROGRESS list', async () => {
    const http = fakeHttp({
      'GET /itcare/actions': (req) => {
        expect(req.query).toEqual({ serviceId: SID, statuses: 'IN_PROGRESS' });
        return { body: [{ id: 1, status: 'IN_PROGRESS' }, { id: '2', status: 'IN_PROGRESS' }, { id: 3, status: 'IN_PROGRESS' }, { id: 4, status: 'IN_PROGRESS' }] };
      },
    });
    const got = await createItcareProvider({ http }).pollActions([{ id: '1', serviceId: SID }, { id: '2', serviceId: SID }, { id: '3', serviceId: SID }]);
    expect(http.requestCount).toBe(1);
    expect([...got.values()].map((s) => [s.id, s.state])).toEqual([['1', 'IN_PROGRESS'], ['2', 'IN_PROGRESS'], ['3', 'IN_PROGRESS']]);
  });

  it('reads the actions that left the IN_PROGRESS list with ONE requestId list, matching ids as strings', async () => {
    const http = fakeHttp({
      'GET /itcare/actions': (req) => {
        if (req.query!.statuses === 'IN_PROGRESS') return { body: [{ id: '2', status: 'IN_PROGRESS' }] };
        expect(req.query).toEqual({ serviceId: SID, requestId: ['1', '3'] });
        return { body: [{ id: 1, status: 'SUCCESS' }, { id: 3, status: 'FAILED', message: 'nope' }, { id: 4, status: 'SUCCESS' }] };
      },
    });
    const got = await createItcareProvider({ http }).pollActions([{ id: '1', serviceId: SID }, { id: '2', serviceId: SID }, { id: '3', serviceId: SID }]);
    expect(http.requestCount).toBe(2);
    expect(Object.fromEntries(got)).toEqual({
      '1': { id: '1', state: 'SUCCESS' }, '2': { id: '2', state: 'IN_PROGRESS' }, '3': { id: '3', state: 'ERROR', message: 'nope' },
    });
  });

  // Issue 20 item 2: an action's message is scrubbed where it enters, before any view escapes it.
  it('scrubs a registered secret from a failed action\'s message, in any encoding, as it reads it', async () => {
    const pw = new Secret('Echo#Passw0rd–Action1');
    const escaped = String(pw.reveal()).replace('–', '\\u2013');
    const http = fakeHttp({
      'GET /itcare/actions': (req) => (req.query!.statuses === 'IN_PROGRESS' ? { body: [] } : {
        body: [
          { id: 1, status: 'ERROR', message: `admPassword "${escaped}" rejected` },
          { id: 2, status: 'ERROR', message: `echo ${Buffer.from(`{"admPassword":"${String(pw.reveal())}"}`).toString('base64')}` },
        ],
      }),
    });
    const got = await createItcareProvider({ http }).pollActions([{ id: '1', serviceId: SID }, { id: '2', serviceId: SID }]);
    expect(got.get('1')!.message).toBe('admPassword "(sensitive)" rejected');
    expect(got.get('2')!.message).toMatch(/^echo \S*\(sensitive\)\S*$/);
  });

  it('stays right when the API ignores the filters (answers the whole history): matching is by id', async () => {
    const all = [{ id: 1, status: 'SUCCESS' }, { id: 2, status: 'IN_PROGRESS' }, { id: 9, status: 'ERROR' }];
    const http = fakeHttp({ 'GET /itcare/actions': { body: all } });
    const got = await createItcareProvider({ http }).pollActions([{ id: '1', serviceId: SID }, { id: '2', serviceId: SID }]);
    expect(Object.fromEntries(got)).toEqual({ '1': { id: '1', state: 'SUCCESS' }, '2': { id: '2', state: 'IN_PROGRESS' } });
  });

  it('falls back to GET /itcare/actions/{id} for refs without service or in neither list; unknown ids are left out', async () => {
    const http = fakeHttp({
      'GET /itcare/actions': { body: [] },
      'GET /itcare/actions/10': { body: { id: 10, status: 'SUCCESS' } },
      'GET /itcare/actions/11': { body: { id: 11, status: 'ERROR', message: 'bad' } },
    });
    const got = await createItcareProvider({ http }).pollActions([{ id: '10', serviceId: SID }, { id: '11' }, { id: '12' }]);
    expect(Object.fromEntries(got)).toEqual({ '10': { id: '10', state: 'SUCCESS' }, '11': { id: '11', state: 'ERROR', message: 'bad' } });
    // IN_PROGRESS list + requestId list for service SID, then 10, 11 and 12 by id.
    expect(http.requestCount).toBe(5);
  });

  it('polls each service once while its actions run', async () => {
    const http = fakeHttp({ 'GET /itcare/actions': (req) => ({ body: [{ id: Number(req.query!.serviceId) + 1, status: 'IN_PROGRESS' }] }) });
    const got = await createItcareProvider({ http }).pollActions([{ id: '101', serviceId: 100 }, { id: '201', serviceId: 200 }]);
    expect(got.size).toBe(2);
    expect(http.requestCount).toBe(2);
  });

  it('asks for at most 100 ended ids per request', async () => {
    const refs = Array.from({ length: 250 }, (_, i) => ({ id: String(i + 1), serviceId: SID }));
    const http = fakeHttp({
      'GET /itcare/actions': (req) => {
        if (req.query!.statuses === 'IN_PROGRESS') return { body: [] };
        return { body: (req.query!.requestId as string[]).map((id) => ({ id: Number(id), status: 'SUCCESS' })) };
      },
    });
    const got = await createItcareProvider({ http }).pollActions(refs);
    expect(got.size).toBe(250);
    expect(http.requestCount).toBe(1 + 3);
  });
});
