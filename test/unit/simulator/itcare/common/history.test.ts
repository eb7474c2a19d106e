// The simulator's resource history (`GET /itcare/compute/resources/{id}/history`, `001:9116-9163`):
// every write it serves is recorded, asynchronous ones with their action and synchronous ones (tag
// calls) as completed entries, each with the caller as `submittedBy` and no tag value in the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../src/simulator/start.js';
import { client, redisBody, start, waitAction, type Client } from '../../support.js';

const VM = 500079802;

describe('simulator history', () => {
  let sim: RunningSimulator;
  let c: Client;
  let jdoe: Client;
  beforeAll(async () => {
    sim = await start({ staticTokens: ['sim-token', 'jdoe'], tokenUsers: { jdoe: 'j.doe@cegedim.com' } });
    c = client(sim);
    jdoe = client(sim, 'jdoe');
  });
  afterAll(() => sim.close());

  it('records synchronous tag writes with the caller and the keys only', async () => {
    await jdoe.post(`/itcare/compute/resources/${VM}/tags`, { tagKey: 'owner', tagValue: 'very-secret-value' });
    await c.delete(`/itcare/compute/resources/${VM}/tags`, { tagKey: 'owner', tagValue: 'very-secret-value' });
    await c.put(`/itcare/compute/resources/${VM}/tags`, [{ tagKey: 'a', tagValue: '1' }]);
    const h = (await c.get(`/itcare/compute/resources/${VM}/history`)).body as Array<Record<string, unknown>>;
    expect(h.map((e) => [e.process, e.submittedBy, e.status])).toEqual([
      ['ADD_TAG', 'j.doe@cegedim.com', 'SUCCESS'], ['DELETE_TAG', 'static-token', 'SUCCESS'], ['UPDATE_TAGS', 'static-token', 'SUCCESS'],
    ]);
    expect(JSON.stringify(h)).not.toContain('very-secret-value');
    expect(h[0]).toMatchObject({ message: expect.stringContaining('Add tag owner on'), completedAt: expect.any(String), submittedAt: expect.any(String) });
  });

  it('records an asynchronous operation once, as its action, with the caller', async () => {
    const created = await c.post('/itcare/databases/redis', redisBody({ name: 'hist00001' }));
    await waitAction(c, created.body.id);
    const id = created.body.internalId;
    const resized = await jdoe.patch(`/itcare/databases/redis/${id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    await waitAction(c, resized.body.id);
    const h = (await c.get(`/itcare/compute/resources/${id}/history`)).body as Array<Record<string, unknown>>;
    expect(h.map((e) => [e.process, e.submittedBy])).toEqual([['CREATE', 'static-token'], ['RESIZE', 'j.doe@cegedim.com']]);
  });

  it('a refused write leaves no history entry', async () => {
    const before = sim.state.actions.length;
    const bad = await c.post(`/itcare/compute/resources/${VM}/tags`, { tagKey: '' });
    expect(bad.status).toBe(400);
    expect(sim.state.actions.length).toBe(before);
  });
});
