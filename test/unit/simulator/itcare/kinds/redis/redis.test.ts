import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, redisBody, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/databases/redis';

describe('simulator Redis', () => {
  let sim: RunningSimulator;
  let c: Client;
  /** Actions stay IN_PROGRESS until finishActions(slow). */
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

  it('keeps a create IN_PROGRESS for actionMs, then SUCCESS', async () => {
    const timed = await start({ actionMs: 40 });
    try {
      const tc = client(timed);
      const res = await tc.post(BASE, redisBody({ name: 'timed0001' }));
      expect(res.body.status).toBe('IN_PROGRESS');
      expect(await waitAction(tc, res.body.id)).toMatchObject({ status: 'SUCCESS' });
      expect((await tc.get(`${BASE}/${res.body.internalId}`)).body.status).toBe('ACTIVE');
    } finally {
      await timed.close();
    }
  });

  it('creates asynchronously: 202 action, PREPARATION, then SUCCESS and ACTIVE', async () => {
    const res = await slowC.post(BASE, redisBody({ name: 'lifecycle01', instanceCount: 3, tlsEnabled: true }));
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/vnd.cegedim-it.v1+json');
    expect(res.body).toMatchObject({ status: 'IN_PROGRESS', resourceName: 'lifecycle01', resourceType: 'REDIS', process: 'CREATE' });
    expect(res.body.id).toBeGreaterThanOrEqual(900000);
    expect(res.body.internalId).toBeGreaterThanOrEqual(500100000);
    const id = res.body.internalId;
    expect((await slowC.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
    expect((await slowC.get(`/itcare/actions/${res.body.id}`)).body).toMatchObject({ status: 'IN_PROGRESS', completedAt: null });
    finishActions(slow);
    const done = await waitAction(slowC, res.body.id);
    expect(done).toMatchObject({ status: 'SUCCESS', resourceName: 'lifecycle01' });
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done).not.toHaveProperty('internalId');
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'lifecycle01', status: 'ACTIVE', cpu: 2, ram: 4, nodeCount: 3, persistenceMode: 'PERSISTENT',
      tlsEnabled: true, topology: 'CLUSTER', version: '6.2.5', path: '/databases/redis', serviceId: 46922,
      environment: 'QA', monitoringEnabled: false, monitoringOnCallEnabled: false,
      patchParty: { excluded: false, id, name: 'lifecycle01' },
    });
    const nodes = (await slowC.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes).toHaveLength(3);
    expect(nodes[0]).toMatchObject({ storage: 40, network: { id: 1234511 }, availabilityZone: { id: 'EB-QA-A' } });
    expect(nodes.map((n: any) => n.availabilityZone.id)).toEqual(['EB-QA-A', 'EB-QA-B', 'EB-QA-C']);
    expect((await slowC.get(`${BASE}/${id}/networks`)).body[0]).toMatchObject({ id: 1234511, area: 'EB-QA' });
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, redisBody({ name: 'secret01', admPassword: 'Weak-password-1' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Weak-password-1');
    await c.post(BASE, redisBody({ name: 'secret02', admPassword: 'Str0ng@Passw0rd' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd');
  });

  it.each(Object.entries({
    'disk too small': { reason: 'diskSize 40..1024', over: { diskSize: 39 }, field: 'diskSize' },
    'disk too large': { reason: 'diskSize 40..1024', over: { diskSize: 1025 }, field: 'diskSize' },
    'no instance': { reason: 'instanceCount 1..3', over: { instanceCount: 0 }, field: 'instanceCount' },
    'four instances': { reason: 'instanceCount 1..3', over: { instanceCount: 4 }, field: 'instanceCount' },
    'ascii dash only': { reason: 'the special class holds an EN DASH, not "-"', over: { admPassword: 'Test123-2022' }, field: 'admPassword' },
    'password too short': { reason: 'minimum 12', over: { admPassword: 'Te1@abc' }, field: 'admPassword' },
    'password too long': { reason: 'the pattern caps at 20', over: { admPassword: 'Test123@2022Test123@2' }, field: 'admPassword' },
    'uppercase name': { reason: 'lowercase letters or digits only', over: { name: 'Test123' }, field: 'name' },
    'short name': { reason: '5..60 characters', over: { name: 'abcd' }, field: 'name' },
    'reserved name': { reason: "must not be 'cluster'", over: { name: 'cluster' }, field: 'name' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 1 }, field: 'networkId' },
    'missing region': { reason: 'region is Required in the schema', over: { region: undefined }, field: 'region' },
    'missing persistence': { reason: 'persistenceMode is Required', over: { persistenceMode: undefined }, field: 'persistenceMode' },
    'bad sizing': { reason: 'sizing looks like 2cpu4gb', over: { nodeSizing: 'large' }, field: 'nodeSizing' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, redisBody({ name: 'invalid01', ...over }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field });
    expect(res.body.errorMessage).toEqual(expect.any(String));
  });

  it('accepts the EN DASH as the special character and an absent platform', async () => {
    const res = await c.post(BASE, redisBody({ name: 'endash01', admPassword: 'Test123–2022' }));
    expect(res.status).toBe(202);
  });

  it('refuses a duplicate name in the same service', async () => {
    await createAndWait(c, BASE, redisBody({ name: 'dupname01' }));
    const res = await c.post(BASE, redisBody({ name: 'dupname01' }));
    expect(res).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('applies each PATCH operation when its action completes', async () => {
    const id = await createAndWait(c, BASE, redisBody({ name: 'patchme01' }));
    const cases: Array<[unknown, (live: any) => void]> = [
      [{ operation: 'resize', options: { sizing: '4cpu8gb' } }, (l) => expect(l).toMatchObject({ cpu: 4, ram: 8 })],
      [{ operation: 'update_monitoring', options: { state: true, on_call: true } }, (l) => expect(l).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true })],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '3' } } }, (l) => expect(l.patchParty).toMatchObject({ excluded: false, patchGroup: '3' })],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'handled by DBA' } } }, (l) => expect(l.patchParty).toMatchObject({ excluded: true, exclusionReason: 'handled by DBA', excludedBy: 'static-token' })],
      [{ operation: 'stop' }, (l) => expect(l.status).toBe('INACTIVE')],
      [{ operation: 'start' }, (l) => expect(l.status).toBe('ACTIVE')],
    ];
    for (const [body, check] of cases) {
      const res = await c.patch(`${BASE}/${id}`, body);
      expect(res.status).toBe(202);
      expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
      check((await c.get(`${BASE}/${id}`)).body);
    }
  });

  it.each(Object.entries({
    'unknown operation': { reason: 'only documented operations', body: { operation: 'explode' }, field: 'operation' },
    'start while ACTIVE': { reason: 'start needs INACTIVE', body: { operation: 'start' }, field: 'operation' },
    'resize without sizing': { reason: 'sizing is required', body: { operation: 'resize', options: {} }, field: 'options.sizing' },
    'exclusion without reason': { reason: 'an exclusion needs a reason', body: { operation: 'update_patch_party', options: { patchParty: { excluded: true } } }, field: 'options.patchParty.exclusionReason' },
    'group 4': { reason: 'groups are "1".."3"', body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '4' } } }, field: 'options.patchParty.patchGroup' },
    'monitoring without state': { reason: 'state is required', body: { operation: 'update_monitoring', options: { on_call: true } }, field: 'options.state' },
  }))('refuses PATCH on %s', async (_name, { body, field }) => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    const res = await c.patch(`${BASE}/${id}`, body);
    expect(res).toMatchObject({ status: 400, body: { errorDesc: field } });
  });

  it('refuses a patch group on a multi-member farm', async () => {
    const id = await createAndWait(c, BASE, redisBody({ name: 'sentinel01', instanceCount: 3 }));
    const res = await c.patch(`${BASE}/${id}`, { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '1' } } });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toBe('The patch group is only allowed when the farm has one member');
  });

  it('answers 409 while an action is in progress, then accepts again', async () => {
    const res = await slowC.post(BASE, redisBody({ name: 'busy00001' }));
    const id = res.body.internalId;
    const conflict = await slowC.patch(`${BASE}/${id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    expect(conflict).toMatchObject({ status: 409, body: { status: 'CONFLICT' } });
    expect((await slowC.delete(`${BASE}/${id}`)).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } })).status).toBe(202);
  });

  it('deletes asynchronously; the documented DELETE has no body, so one is refused (001:5640-5667)', async () => {
    const id = await createAndWait(c, BASE, redisBody({ name: 'deleteme1' }));
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1234' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id } });
    await waitAction(c, res.body.id);
    const gone = await c.get(`${BASE}/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toBeUndefined();
  });

  it.each(Object.entries({
    'unknown id': { reason: '404 with an empty body', path: `${BASE}/123456789`, want: 404 },
    'id of another kind': { reason: 'a VM is not a Redis', path: `${BASE}/500079802`, want: 404 },
    'non-numeric id': { reason: 'ids are int64', path: `${BASE}/abc`, want: 400 },
  }))('GET answers %s', async (_name, { path, want }) => {
    expect((await c.get(path)).status).toBe(want);
  });

  it('refuses malformed JSON and non-JSON media types', async () => {
    const bad = await fetch(`${sim.url}${BASE}`, { method: 'POST', headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' }, body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errorDesc).toBe('body');
    const text = await fetch(`${sim.url}${BASE}`, { method: 'POST', headers: { authorization: 'Bearer sim-token', 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    const big = await fetch(`${sim.url}${BASE}`, { method: 'POST', headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' }, body: `"${'x'.repeat(1024 * 1024 + 10)}"` });
    expect(big.status).toBe(400);
  });
});
