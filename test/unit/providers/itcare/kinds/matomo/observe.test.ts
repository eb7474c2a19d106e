// Matomo observe with a fake ITCare: its own paged list by name (no area, network or nodes), the live ->
// spec table (sizing upper-cased, monitoring, state).
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import { createReadScope, type DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, tagList } from '../../fixtures.js';

const MT_ID = 500110001;
const item = (over: Record<string, unknown> = {}) => ({
  id: MT_ID, name: 'orders-stats', serviceId: SID, path: '/analytics/matomo', family: 'MATOMO', status: 'INACTIVE', sizing: 'm',
  url: 'https://orders-stats.matomo.example', version: '5.1', monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
  ...over,
});
const world = (routes: FakeRoutes = {}) => fakeHttp({
  'GET /itcare/analytics/matomo': page([item()]),
  [`GET /itcare/analytics/matomo/${MT_ID}`]: { body: item() },
  [`GET /itcare/compute/resources/${MT_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa' }) },
  'GET /itcare/actions': { body: [] },
  ...routes,
});
const desired = (): DesiredResource => ({
  address: 'Matomo/orders-stats', kind: 'Matomo', name: 'orders-stats',
  spec: { serviceId: SID, region: 'EB', sizing: 'M', password: new Secret(PASSWORD) },
});
const handler = (http: ReturnType<typeof world>) => createItcareProvider({ http }).handler('Matomo')!;

describe('Matomo observe', () => {
  it('finds the instance in its own list and normalises it', async () => {
    const http = world();
    const obs = await handler(http).observe(desired());
    expect(obs).toMatchObject({ exists: true, id: MT_ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({ serviceId: SID, sizing: 'M', monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false, state: 'stopped', tags: {} });
    expect(http.calls[0]).toMatchObject({ path: '/itcare/analytics/matomo', query: { names: 'orders-stats' } });
  });

  it('ignores a resource of another kind named alike in its own list (only the name and service count there)', async () => {
    const http = world({ 'GET /itcare/analytics/matomo': page([item({ name: 'orders-stats-2' })]) });
    expect((await handler(http).observe(desired())).exists).toBe(false);
  });

  it('observeAll reads three lists and no per-resource GET', async () => {
    const http = world({ 'GET /itcare/compute/resources': page([{ id: MT_ID, tags: [] }]) });
    const out = await handler(http).observeAll!([desired()], createReadScope());
    expect(out.get('Matomo/orders-stats')).toMatchObject({ exists: true, spec: { sizing: 'M', state: 'stopped' } });
    expect(out.get('Matomo/orders-stats')!.owner).toBeUndefined();
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/analytics/matomo', 'GET /itcare/compute/resources']);
  });
});
