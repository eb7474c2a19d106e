// The simulated OverDrive (`001:6398-6959`): create and its 400s (t-shirt sizing, the prose password
// rule, the Drive URL), GET with actionsInProgress and availableActions, start and stop only, DELETE
// without body, its paged list (`names`, `clouds`) and `/compute/resources` with tags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/storage/overdrive';

/** The docs' example (`001:6588-6597`) with a password that follows the prose rule and a seeded service. */
function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'poverdrive01', region: 'EB', sizing: 'XS', serviceId: '46922', password: 'Password!!?1', driveSiteUri: 'demo.mydrive.cegedim.cloud', ...over };
}

describe('simulator OverDrive', () => {
  let sim: RunningSimulator;
  let c: Client;
  let slow: RunningSimulator;
  let slowC: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
    slow = await start({ actionMs: 600_000 });
    slowC = client(slow);
  });
  afterAll(async () => {
    await sim.close();
    await slow.close();
  });

  it('creates asynchronously and shows its action in progress, then its available actions', async () => {
    const res = await slowC.post(BASE, body({ name: 'lifecycle01' }));
    expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', resourceName: 'lifecycle01', resourceType: 'OVERDRIVE', process: 'CREATE', message: 'Create OverDrive lifecycle01' } });
    const id = res.body.internalId;
    const preparing = (await slowC.get(`${BASE}/${id}`)).body;
    expect(preparing).toMatchObject({ status: 'PREPARATION', actionsInProgress: [{ id: res.body.id, process: 'CREATE', status: 'IN_PROGRESS', internalId: id }] });
    expect(preparing.availableActions.every((a: any) => a.available === false && a.unavailabilityCauses.length === 1)).toBe(true);
    finishActions(slow);
    expect(await waitAction(slowC, res.body.id)).toMatchObject({ status: 'SUCCESS' });
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'lifecycle01', status: 'ACTIVE', sizing: 'XS', url: 'demo.mydrive.cegedim.cloud', version: expect.any(String),
      category: 'STORAGE', type: 'OVERDRIVE', path: '/storage/overdrive', serviceId: 46922, actionsInProgress: [],
      availableActions: [
        { available: false, operation: 'start', unavailabilityCauses: ['start needs the resource INACTIVE (it is ACTIVE)'] },
        { available: true, operation: 'stop', unavailabilityCauses: [] },
        { available: true, operation: 'delete', unavailabilityCauses: [] },
      ],
    });
    expect(live).not.toHaveProperty('password');
    expect((await slowC.get(`${BASE}/${id}/nodes`)).status).toBe(404);
    expect((await slowC.get(`${BASE}/${id}/networks`)).status).toBe(404);
  });

  it('accepts every documented sizing and a Drive URL with a scheme', async () => {
    for (const [i, sizing] of ['S', 'M', 'L', 'XL'].entries()) {
      expect((await c.post(BASE, body({ name: `sized-${i}`, sizing }))).status).toBe(202);
    }
    expect((await c.post(BASE, body({ name: 'withscheme', driveSiteUri: 'https://drive.example.com/orders' }))).status).toBe(202);
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, body({ name: 'secret01', password: 'weakpassword' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('weakpassword');
    await c.post(BASE, body({ name: 'secret02', password: 'Str0ng@Passw0rd-and-longer-than-20' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd-and-longer-than-20');
  });

  it.each(Object.entries({
    'the docs\' own example password': { reason: 'the prose needs a digit (001:6582); "Password!!??" has none', over: { password: 'Password!!??' }, field: 'password' },
    'password too short': { reason: 'minimum length 12', over: { password: 'Pass!!??1' }, field: 'password' },
    'password without special': { reason: 'one special character', over: { password: 'Password1234' }, field: 'password' },
    'password without lowercase': { reason: 'one lowercase', over: { password: 'PASSWORD!!?1' }, field: 'password' },
    'missing password': { reason: 'password is Required', over: { password: undefined }, field: 'password' },
    'lowercase sizing': { reason: 'the enum is XS, S, M, L, XL (001:6668)', over: { sizing: 'xs' }, field: 'sizing' },
    'cpu sizing': { reason: 'a t-shirt size, not 2cpu4gb', over: { sizing: '2cpu4gb' }, field: 'sizing' },
    'XXL': { reason: 'XL is the largest', over: { sizing: 'XXL' }, field: 'sizing' },
    'missing sizing': { reason: 'sizing is Required', over: { sizing: undefined }, field: 'sizing' },
    'short name': { reason: '[a-z0-9\\-]{4,60} (001:6625)', over: { name: 'pod' }, field: 'name' },
    'underscore name': { reason: 'no underscore', over: { name: 'p_overdrive' }, field: 'name' },
    'missing region': { reason: 'region is Required and in the example', over: { region: undefined }, field: 'region' },
    'missing URL': { reason: 'driveSiteUri is Required (001:6609)', over: { driveSiteUri: undefined }, field: 'driveSiteUri' },
    'URL with a space': { reason: 'a web address', over: { driveSiteUri: 'my drive.cegedim.cloud' }, field: 'driveSiteUri' },
    'URL of one label': { reason: 'a host name of two labels at least', over: { driveSiteUri: 'localhost' }, field: 'driveSiteUri' },
    'ftp URL': { reason: 'http or https only', over: { driveSiteUri: 'ftp://drive.cegedim.cloud' }, field: 'driveSiteUri' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'service not a number': { reason: 'serviceId is an int64', over: { serviceId: 'orders' }, field: 'serviceId' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, body({ name: 'invalid01', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field } });
  });

  it('refuses a duplicate name in the same service (400 on name, as every kind)', async () => {
    await createAndWait(c, BASE, body({ name: 'dupname01' }));
    expect(await c.post(BASE, body({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('stops and starts (its only operations), with their preconditions and history', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'states001' }));
    const stop = await c.patch(`${BASE}/${id}`, { operation: 'stop' });
    expect(stop).toMatchObject({ status: 202, body: { message: 'Stop OverDrive states001' } });
    await waitAction(c, stop.body.id);
    const stopped = (await c.get(`${BASE}/${id}`)).body;
    expect(stopped.status).toBe('INACTIVE');
    expect(stopped.availableActions.find((a: any) => a.operation === 'start')).toMatchObject({ available: true });
    expect(await c.patch(`${BASE}/${id}`, { operation: 'stop' })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    await waitAction(c, (await c.patch(`${BASE}/${id}`, { operation: 'start' })).body.id);
    expect((await c.get(`${BASE}/${id}`)).body.status).toBe('ACTIVE');
    expect(await c.patch(`${BASE}/${id}`, { operation: 'start' })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    expect((await c.get(`/itcare/compute/resources/${id}/history`)).body.map((a: any) => a.process)).toEqual(['CREATE', 'STOP', 'START']);
  });

  it.each(Object.entries({
    resize: { reason: 'not documented for OverDrive', body: { operation: 'resize', options: { sizing: 'M' } } },
    extend: { reason: 'Matomo\'s, not OverDrive\'s', body: { operation: 'extend', options: { sizing: 'M' } } },
    update_monitoring: { reason: 'not documented for OverDrive', body: { operation: 'update_monitoring', options: { state: true } } },
    update_patch_party: { reason: 'not documented for OverDrive', body: { operation: 'update_patch_party', options: { patchParty: { excluded: false } } } },
  }))('refuses the undocumented operation %s', async (_name, { body: req }) => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    expect(await c.patch(`${BASE}/${id}`, req)).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
  });

  it('answers 409 while an action is in progress', async () => {
    const res = await slowC.post(BASE, body({ name: 'busy00001' }));
    const id = res.body.internalId;
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'stop' })).status).toBe(409);
    expect((await slowC.delete(`${BASE}/${id}`)).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'stop' })).status).toBe(202);
  });

  it('deletes asynchronously without body, in any state; a body is refused (001:6840-6890)', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'deleteme1' }));
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id, message: 'Delete OverDrive deleteme1' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
  });

  it('lists itself paged by names and clouds, and appears in /compute/resources with its tags', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'listed001', serviceId: 46924 }));
    await c.post(`/itcare/compute/resources/${id}/tags`, { tagKey: 'team', tagValue: 'docs' });
    const page = (await c.get(`${BASE}?names=listed001`)).body;
    expect(page).toMatchObject({ totalElements: 1, content: [{ id, name: 'listed001', sizing: 'XS', availableActions: expect.any(Array) }] });
    expect((await c.get(`${BASE}?names=listed001&clouds=1`)).body.content).toHaveLength(1);
    expect((await c.get(`${BASE}?names=listed001&clouds=7`)).body.content).toEqual([]);
    expect((await c.get(`${BASE}?clouds=one`)).status).toBe(400);
    expect((await c.get(`${BASE}?names=!listed001&size=100`)).body.content.some((r: any) => r.id === id)).toBe(false);
    expect((await c.get(`${BASE}?size=2&page=0`)).body).toMatchObject({ size: 2, numberOfElements: 2 });
    expect((await c.get('/itcare/storage/glusterfs?names=listed001')).body.content).toEqual([]);
    expect((await c.get('/itcare/compute/resources?names=listed001')).body.content).toEqual([
      expect.objectContaining({ id, path: '/storage/overdrive', type: 'OVERDRIVE', tags: [{ tagKey: 'team', tagValue: 'docs' }] }),
    ]);
    expect((await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation)).toEqual(['start', 'stop', 'delete']);
  });
});
