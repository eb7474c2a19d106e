// The simulated Matomo (`001:6961-7532`, tutorials `001:1527-1640`): create and its 400s, the dummy
// site when left empty, GET with actionsInProgress and availableActions, start, stop and extend (larger
// only, while started), DELETE only once stopped, its paged list (`names`, `clouds`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/analytics/matomo';

/** The docs' example (`001:7139-7149`) with a password that follows the prose rule and a seeded service. */
function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'pmatomo01', region: 'EB', sizing: 'S', serviceId: '46922', password: 'Password!!?1', defaultWebSiteName: 'ITCare',
    defaultWebUri: 'https://itcare.cegedim.cloud', ...over,
  };
}

async function patchAndWait(c: Client, id: number, req: unknown): Promise<void> {
  const res = await c.patch(`${BASE}/${id}`, req);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
}

describe('simulator Matomo', () => {
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

  it('creates asynchronously: 202 action, PREPARATION with its action in progress, then ACTIVE', async () => {
    const res = await slowC.post(BASE, body({ name: 'lifecycle01' }));
    expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', resourceType: 'MATOMO', process: 'CREATE', message: 'Create Matomo lifecycle01' } });
    const id = res.body.internalId;
    expect((await slowC.get(`${BASE}/${id}`)).body).toMatchObject({ status: 'PREPARATION', actionsInProgress: [{ id: res.body.id }] });
    finishActions(slow);
    expect(await waitAction(slowC, res.body.id)).toMatchObject({ status: 'SUCCESS' });
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'lifecycle01', status: 'ACTIVE', sizing: 'S', url: 'https://lifecycle01.matomo.cegedim.cloud', version: expect.any(String),
      category: 'ANALYTICS', type: 'MATOMO', path: '/analytics/matomo', actionsInProgress: [],
      availableActions: [
        { available: false, operation: 'start', unavailabilityCauses: ['start needs the resource INACTIVE (it is ACTIVE)'] },
        { available: true, operation: 'stop', unavailabilityCauses: [] },
        { available: true, operation: 'extend', unavailabilityCauses: [] },
        { available: false, operation: 'delete', unavailabilityCauses: ['delete needs the instance stopped (INACTIVE; it is ACTIVE)'] },
      ],
    });
    expect((await slowC.get(`${BASE}/${id}/nodes`)).status).toBe(404);
  });

  it('configures a dummy site when the site name or URL is left empty or absent (001:7161-7167, 001:1535)', async () => {
    for (const [name, over] of Object.entries({
      emptysite: { defaultWebSiteName: '', defaultWebUri: '' },
      nosite001: { defaultWebSiteName: undefined, defaultWebUri: undefined },
      nullsite1: { defaultWebSiteName: null, defaultWebUri: null },
      barehost1: { defaultWebUri: 'www.example.org' },
    })) {
      const res = await c.post(BASE, body({ name, ...over }));
      expect(res.status, name).toBe(202);
    }
    const stored = sim.state.resources.find((r) => r.name === 'emptysite')!.attrs;
    expect(stored).toMatchObject({ defaultWebSiteName: 'Default Web Site', defaultWebUri: 'https://www.example.com' });
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, body({ name: 'secret01', password: 'Password!!??' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Password!!??');
    await c.post(BASE, body({ name: 'secret02', password: 'Str0ng@Passw0rd' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd');
  });

  it.each(Object.entries({
    'the docs\' own example password': { reason: 'the prose needs a digit (001:7133); "Password!!??" has none', over: { password: 'Password!!??' }, field: 'password' },
    'password too short': { reason: 'minimum length 12', over: { password: 'Pa!!??1' }, field: 'password' },
    'password without uppercase': { reason: 'one uppercase', over: { password: 'password!!?1' }, field: 'password' },
    'missing password': { reason: 'password is Required', over: { password: undefined }, field: 'password' },
    'unknown sizing': { reason: 'XS..XL (001:7224)', over: { sizing: 'XXL' }, field: 'sizing' },
    'missing sizing': { reason: 'sizing is Required', over: { sizing: undefined }, field: 'sizing' },
    'uppercase name': { reason: '[a-z0-9\\-]{4,60} (001:7181)', over: { name: 'PMatomo01' }, field: 'name' },
    'long name': { reason: 'at most 60', over: { name: 'm'.repeat(61) }, field: 'name' },
    'missing region': { reason: 'region is Required and in the example', over: { region: undefined }, field: 'region' },
    'bad site URL': { reason: 'a web address when given', over: { defaultWebUri: 'not a url' }, field: 'defaultWebUri' },
    'site name not a string': { reason: 'defaultWebSiteName is a string', over: { defaultWebSiteName: 42 }, field: 'defaultWebSiteName' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 99 }, field: 'serviceId' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, body({ name: 'invalid01', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field } });
  });

  it('refuses a duplicate name in the same service (400 on name, as every kind)', async () => {
    await createAndWait(c, BASE, body({ name: 'dupname01' }));
    expect(await c.post(BASE, body({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('extends to a larger size while started, stops, starts, with a history entry each', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'extend001', sizing: 'XS' }));
    const res = await c.patch(`${BASE}/${id}`, { operation: 'extend', options: { sizing: 'M' } });
    expect(res).toMatchObject({ status: 202, body: { message: 'Extend Matomo extend001', process: 'EXTEND' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).body.sizing).toBe('M');
    await patchAndWait(c, id, { operation: 'extend', options: { sizing: 'XL' } });
    await patchAndWait(c, id, { operation: 'stop' });
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({
      status: 'INACTIVE', sizing: 'XL',
      availableActions: expect.arrayContaining([
        { available: false, operation: 'extend', unavailabilityCauses: ['extend needs the instance started (ACTIVE; it is INACTIVE)'] },
        { available: true, operation: 'delete', unavailabilityCauses: [] },
      ]),
    });
    await patchAndWait(c, id, { operation: 'start' });
    expect((await c.get(`/itcare/compute/resources/${id}/history`)).body.map((a: any) => a.process)).toEqual(['CREATE', 'EXTEND', 'EXTEND', 'STOP', 'START']);
  });

  it.each(Object.entries({
    'extend to the same size': { reason: 'only larger (001:1617)', body: { operation: 'extend', options: { sizing: 'S' } }, field: 'options.sizing' },
    'extend to a smaller size': { reason: 'no downsizing (001:1900-1902)', body: { operation: 'extend', options: { sizing: 'XS' } }, field: 'options.sizing' },
    'extend without sizing': { reason: 'sizing is required', body: { operation: 'extend' }, field: 'options.sizing' },
    'extend to a cpu sizing': { reason: 'XS..XL', body: { operation: 'extend', options: { sizing: '4cpu8gb' } }, field: 'options.sizing' },
    'resize': { reason: 'Matomo\'s resize is extend', body: { operation: 'resize', options: { sizing: 'M' } }, field: 'operation' },
    'update_monitoring': { reason: 'not documented for Matomo', body: { operation: 'update_monitoring', options: { state: true } }, field: 'operation' },
    'update_patch_party': { reason: 'not documented for Matomo', body: { operation: 'update_patch_party', options: { patchParty: { excluded: false } } }, field: 'operation' },
    'start while ACTIVE': { reason: 'start needs INACTIVE', body: { operation: 'start' }, field: 'operation' },
  }))('refuses PATCH on %s', async (_name, { body: req, field }) => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    expect(await c.patch(`${BASE}/${id}`, req)).toMatchObject({ status: 400, body: { errorDesc: field } });
  });

  it('refuses extend while stopped (001:1615)', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'stopped01' }));
    await patchAndWait(c, id, { operation: 'stop' });
    expect(await c.patch(`${BASE}/${id}`, { operation: 'extend', options: { sizing: 'L' } })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
  });

  it('answers 409 while an action is in progress', async () => {
    const res = await slowC.post(BASE, body({ name: 'busy00001' }));
    const id = res.body.internalId;
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'extend', options: { sizing: 'L' } })).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'extend', options: { sizing: 'L' } })).status).toBe(202);
  });

  it('deletes only a stopped instance (001:1599), without body', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'deleteme1' }));
    expect(await c.delete(`${BASE}/${id}`)).toMatchObject({ status: 400, body: { errorDesc: 'id' } });
    await patchAndWait(c, id, { operation: 'stop' });
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id, message: 'Delete Matomo deleteme1' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
  });

  it('lists itself paged by names and clouds, and appears in /compute/resources with its tags', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'listed001', serviceId: 46923 }));
    await c.put(`/itcare/compute/resources/${id}/tags`, [{ tagKey: 'site', tagValue: 'itcare' }]);
    expect((await c.get(`${BASE}?names=listed001`)).body).toMatchObject({ totalElements: 1, content: [{ id, name: 'listed001', monitoringEnabled: true }] });
    expect((await c.get(`${BASE}?names=listed001&clouds=1`)).body.content).toHaveLength(1);
    expect((await c.get(`${BASE}?names=listed001&clouds=2`)).body.content).toEqual([]);
    expect((await c.get('/itcare/storage/overdrive?names=listed001')).body.content).toEqual([]);
    expect((await c.get('/itcare/compute/resources?names=listed001&tags=site:itcare')).body.content).toEqual([
      expect.objectContaining({ id, path: '/analytics/matomo', category: 'ANALYTICS' }),
    ]);
    expect((await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation)).toEqual(['start', 'stop', 'extend', 'delete']);
  });
});
