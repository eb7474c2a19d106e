// Live answers for the GlusterFS tests, shaped like the docs' samples (its own list `001:23770-23880`,
// volumes `001:24066-24077`: `{free, mountingPoint, sizeOf, type}`, nodes `001:24078-24300`).
import { Secret } from '../../../../../../src/core/secret.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { fakeHttp, page, type FakeHttp, type FakeRoutes } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, node, tagList } from '../../fixtures.js';

export const GL_ID = 500090001;
export const GL_PATH = `/itcare/storage/glusterfs/${GL_ID}`;
export const VOLUME_PASSWORD = 'Vol#Secret-never-print';

export function glDesired(spec: Record<string, unknown> = {}, name = 'orders-files'): DesiredResource {
  return {
    address: `GlusterFS/${name}`, kind: 'GlusterFS', name,
    spec: {
      serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, diskSize: 20, user_name: 'orders',
      admPassword: new Secret(PASSWORD), ...spec,
    },
  };
}

export function glItem(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: GL_ID, name: 'orders-files', serviceId: SID, path: '/storage/glusterfs', family: 'GLUSTERFS', technology: 'GLUSTERFS',
    status: 'ACTIVE', sizing: '2cpu4gb', cpu: 2, ram: 4, nodeCount: '2', version: '10.2', topology: 'Cluster', virtualIp: '10.0.0.9',
    monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false, patchParty: { excluded: false, patchGroup: '' },
    ...over,
  };
}

export const volume = (name: string, sizeOf: number) => ({ free: sizeOf - 1, mountingPoint: `/glusterfs/${name}`, sizeOf, type: 'replicated' });

export function glWorld(routes: FakeRoutes = {}): FakeHttp {
  return fakeHttp({
    'GET /itcare/storage/glusterfs': page([glItem()]),
    [`GET ${GL_PATH}`]: { body: glItem() },
    [`GET ${GL_PATH}/nodes`]: { body: [node({ id: 1, name: 'ORDFS01', storage: 50 }), node({ id: 2, name: 'ORDFS02', storage: 50, availabilityZone: { id: 'EB-QA-B' } })] },
    [`GET ${GL_PATH}/volumes`]: { body: [volume('orders', 20), volume('reports', 10)] },
    [`GET /itcare/compute/resources/${GL_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa' }) },
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
}
