// OverDrive observe with a fake ITCare: its own list by name (no area, network or nodes), the live ->
// spec table (sizing, monitoring, state), and observeAll without the GET.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import { createReadScope, type DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, tagList } from '../../fixtures.js';

const OD_ID = 500100001;
const item = (over: Record<string, unknown> = {}) => ({
  id: OD_ID, name: 'orders-drive', serviceId: SID, path: '/storage/overdrive', family: 'OVERDRIVE', status: 'ACTIVE', sizing: 'xs',
  url: 'https://drive.orders.cegedim.cloud', version: '28', monitoringEnabled: false, monitoringAlerting: false, monitoringOnCallEnabled: false,
  patchParty: { excluded: false }, actionsInProgress: [], availableActions: [{ available: true, operation: 'stop' }], ...over,
});
const world = (routes: FakeRoutes = {}) => fakeHttp({
  'GET /itcare/storage/overdrive': page([item()]),
  [`GET /itcare/storage/overdrive/${OD_ID}`]: { body: item() },
  [`GET /itcare/compute/resources/${OD_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa', app: 'drive' }) },
  'GET /itcare/actions': { body: [] },
  ...routes,
});
const desired = (name = 'orders-drive'): DesiredResource => ({
  address: `OverDrive/${name}`, kind: 'OverDrive', name,
  spec: { serviceId: SID, region: 'EB', sizing: 'XS', driveSiteUri: 'drive.orders.cegedim.cloud', password: new Secret(PASSWORD) },
});
const handler = (http: ReturnType<typeof world>) => createItcareProvider({ http }).handler('OverDrive')!;

describe('OverDrive observe', () => {
  it('finds the instance in its own list and normalises it (no placement: the kind has none)', async () => {
    const http = world();
    const obs = await handler(http).observe(desired());
    expect(obs).toMatchObject({ exists: true, id: OD_ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, sizing: 'XS', monitoringEnabled: false, monitoringAlerting: false, onCallSupervision: false,
      state: 'running', patchParty: { excluded: false }, tags: { app: 'drive' },
    });
    expect(http.calls[0]).toMatchObject({ path: '/itcare/storage/overdrive', query: { names: 'orders-drive' } });
    expect(JSON.stringify(obs)).not.toContain(PASSWORD);
  });

  it('skips an item of another service (the list documents no services filter, 001:6398-6426)', async () => {
    expect((await handler(world({ 'GET /itcare/storage/overdrive': page([item({ serviceId: SID + 1 })]) })).observe(desired())).exists).toBe(false);
  });

  it('observeAll reads three lists and no per-resource GET', async () => {
    const http = world({ 'GET /itcare/compute/resources': page([{ id: OD_ID, tags: tagList({ 'caretaker-stack': 'orders-qa' }) }]) });
    const out = await handler(http).observeAll!([desired(), desired('other-drive')], createReadScope());
    expect(out.get('OverDrive/orders-drive')).toMatchObject({ exists: true, spec: { sizing: 'XS', state: 'running' } });
    expect(out.get('OverDrive/other-drive')).toEqual({ exists: false, spec: {} });
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/compute/resources', 'GET /itcare/storage/overdrive']);
  });
});
