import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../src/simulator/start.js';
import { client, finishActions, redisBody, start, waitAction, type Client } from '../../support.js';

const VM = 500079802;
const tagsOf = (id: number) => `/itcare/compute/resources/${id}/tags`;

describe('simulator tags', () => {
  let sim: RunningSimulator;
  let c: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
  });
  afterAll(() => sim.close());

  it('reads, replaces, adds and removes tags on a VM', async () => {
    expect((await c.get(tagsOf(VM))).body).toEqual([{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'env', tagValue: 'qa' }]);
    const put = await c.put(tagsOf(VM), [{ tagKey: 'a', tagValue: '1' }, { tagKey: 'a', tagValue: '1' }, { tagKey: 'b', tagValue: '2' }]);
    expect(put).toMatchObject({ status: 200, body: [{ tagKey: 'a', tagValue: '1' }, { tagKey: 'b', tagValue: '2' }] });
    const post = await c.post(tagsOf(VM), { tagKey: 'a', tagValue: '2' });
    expect(post.body).toEqual([{ tagKey: 'a', tagValue: '1' }, { tagKey: 'b', tagValue: '2' }, { tagKey: 'a', tagValue: '2' }]);
    expect((await c.post(tagsOf(VM), { tagKey: 'a', tagValue: '2' })).body).toHaveLength(3);
    const del = await c.delete(tagsOf(VM), { tagKey: 'a', tagValue: '1' });
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expect((await c.get(tagsOf(VM))).body).toEqual([{ tagKey: 'b', tagValue: '2' }, { tagKey: 'a', tagValue: '2' }]);
    expect((await c.delete(tagsOf(VM), { tagKey: 'zz', tagValue: 'zz' })).status).toBe(204);
  });

  it('tags a managed database, also while an action runs', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const sc = client(slow);
      const res = await sc.post('/itcare/databases/redis', redisBody({ name: 'tagged001' }));
      const id = res.body.internalId;
      expect((await sc.post(tagsOf(id), { tagKey: 'caretaker-stack', tagValue: 'orders-qa' })).status).toBe(200);
      expect((await sc.get(`/itcare/actions/${res.body.id}`)).body.status).toBe('IN_PROGRESS');
      finishActions(slow);
      await waitAction(sc, res.body.id);
      expect((await sc.get('/itcare/databases?tags=caretaker-stack:orders-qa')).body.content.map((i: any) => i.id)).toEqual([id]);
    } finally {
      await slow.close();
    }
  });

  it.each(Object.entries({
    'PUT with an object': { reason: 'PUT takes an array', method: 'put', body: { tagKey: 'a', tagValue: 'b' } },
    'POST with an array': { reason: 'POST takes one object', method: 'post', body: [{ tagKey: 'a', tagValue: 'b' }] },
    'empty key': { reason: 'tagKey is required', method: 'post', body: { tagKey: '', tagValue: 'b' } },
    'numeric value': { reason: 'tagValue is a string', method: 'post', body: { tagKey: 'a', tagValue: 1 } },
  }))('answers 400 on %s', async (_name, { method, body }) => {
    const res = await (c as any)[method](tagsOf(VM), body);
    expect(res.status).toBe(400);
  });

  it('answers 404 for an unknown resource', async () => {
    expect((await c.get(tagsOf(123456789))).status).toBe(404);
  });
});

describe('simulator patch policies', () => {
  let sim: RunningSimulator;
  let c: Client;
  beforeAll(async () => {
    sim = await start({ actionMs: 600_000 });
    c = client(sim);
  });
  afterAll(() => sim.close());

  it('reads one resource policy and a service list', async () => {
    expect((await c.get(`/itcare/compute/resources/${VM}/patch-policy`)).body).toMatchObject({ id: VM, name: 'PEB4APP01', excluded: false, patchGroup: '1', patchTag: '2024-Q1' });
    const list = (await c.get('/itcare/compute/services/46922/patch-policies')).body;
    expect(list.map((p: any) => p.id)).toEqual([500057033, 500057055, 500079545, 500079802, 500079803]);
    expect(list.find((p: any) => p.id === 500079803)).toMatchObject({ excluded: true, exclusionReason: 'kernel pinned by the vendor' });
  });

  it('answers the documented FAILED items and actions for the rest', async () => {
    const res = await c.patch('/itcare/compute/services/46922/patch-policies', [
      { resourceId: 500079802, excluded: false, exclusionReason: "I don't want to include this resource" },
      { resourceId: 500079545, excluded: true, patchGroup: '2' },
      { resourceId: 500057033, excluded: false, exclusionReason: 'Wrong patch group is set', patchGroup: '1c' },
      { resourceId: 500057055, excluded: false, patchGroup: '1' },
      { resourceId: 500079900, excluded: false },
      { resourceId: 500079545, excluded: true, exclusionReason: 'DBA patches it', patchGroup: '2' },
    ]);
    expect(res.status).toBe(200);
    const [include, noReason, badGroup, farm, otherService, exclude] = res.body;
    expect(include).toMatchObject({ status: 'IN_PROGRESS', process: 'INCLUDE_PATCHPARTY', internalId: 500079802 });
    expect(noReason).toMatchObject({ status: 'FAILED', id: -1, internalId: 500079545 });
    expect(badGroup).toEqual({ status: 'FAILED', message: 'Wrong patch party group set', id: -1, internalId: 500057033 });
    expect(farm).toEqual({ status: 'FAILED', message: 'The patch group is only allowed when the farm has one member', id: -1, internalId: 500057055 });
    expect(otherService).toMatchObject({ status: 'FAILED', id: -1, internalId: 500079900 });
    expect(exclude).toMatchObject({ status: 'IN_PROGRESS', process: 'EXCLUDE_PATCHPARTY', message: 'Exclude PatchParty SQLSERVER rhutsql20' });
    // A second change on a resource with an action in progress fails for that item only.
    const again = await c.patch('/itcare/compute/services/46922/patch-policies', [{ resourceId: 500079545, excluded: false }]);
    expect(again.body[0]).toMatchObject({ status: 'FAILED', internalId: 500079545 });
    finishActions(sim);
    await waitAction(c, exclude.id);
    expect((await c.get('/itcare/compute/resources/500079545/patch-policy')).body).toMatchObject({ excluded: true, exclusionReason: 'DBA patches it', patchGroup: '2', excludedBy: 'static-token' });
  });

  it('refuses a body that is not an array and an unknown service', async () => {
    expect((await c.patch('/itcare/compute/services/46922/patch-policies', { resourceId: VM })).status).toBe(400);
    expect((await c.patch('/itcare/compute/services/1/patch-policies', [])).status).toBe(404);
  });

  it('re-includes with a group through update_patch_party', async () => {
    const created = await c.post('/itcare/databases/redis', redisBody({ name: 'pprules01' }));
    const id = created.body.internalId;
    finishActions(sim);
    await waitAction(c, created.body.id);
    const res = await c.patch(`/itcare/databases/redis/${id}`, { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'x' } } });
    finishActions(sim);
    await waitAction(c, res.body.id);
    const back = await c.patch(`/itcare/databases/redis/${id}`, { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } });
    finishActions(sim);
    await waitAction(c, back.body.id);
    expect((await c.get(`/itcare/compute/resources/${id}/patch-policy`)).body).toMatchObject({ excluded: false, exclusionReason: '', excludedBy: '', exclusionDate: null, patchGroup: '2' });
  });
});
