// The OverDrive operation builders (pure): start and stop are its only operations (001:6880-6920);
// every other difference is the engine's replace, or refused.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, ctx, observed } from '../../fixtures.js';

const od = createItcareProvider({ http: fakeHttp() }).handler('OverDrive')!;
const ID = 500100001;
const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'OverDrive/orders-drive', kind: 'OverDrive', name: 'orders-drive',
  spec: { serviceId: SID, region: 'EB', sizing: 'XS', driveSiteUri: 'drive.orders.cegedim.cloud', password: new Secret(PASSWORD), ...spec },
});

describe('OverDrive operations', () => {
  it('creates with the create body (no area, network or platform), tags it and stops it when asked', () => {
    const ops = od.createOperations(desired({ state: 'stopped', monitoringEnabled: false }), ctx());
    expect(ops.map((o) => `${o.method} ${o.path} ${o.summary}`)).toEqual([
      'POST /itcare/storage/overdrive create OverDrive orders-drive (XS, drive.orders.cegedim.cloud)',
      'PUT /itcare/compute/resources/${ref:self}/tags set tags: caretaker-stack=orders-qa',
      'PATCH /itcare/storage/overdrive/${ref:self} stop',
    ]);
    expect(ops[0]!.body).toEqual({
      name: 'orders-drive', serviceId: SID, region: 'EB', sizing: 'XS', driveSiteUri: 'drive.orders.cegedim.cloud',
      password: expect.any(Secret), monitoringEnabled: false,
    });
    expect(JSON.stringify(ops)).not.toContain(PASSWORD);
  });

  it('starts and stops (stop irreversible as documented, 001:6908-6920)', () => {
    const live = observed(ID, { state: 'stopped', sizing: 'XS' });
    expect(od.updateOperations(desired({ state: 'running' }), live, [{ op: 'replace', path: '/state', value: 'running' }], ctx()).map((o) => [o.body, o.irreversible])).toEqual([[{ operation: 'start' }, false]]);
    const running = observed(ID, { state: 'running' });
    expect(od.updateOperations(desired({ state: 'stopped' }), running, [{ op: 'replace', path: '/state', value: 'stopped' }], ctx()).map((o) => [o.body, o.irreversible])).toEqual([[{ operation: 'stop' }, true]]);
  });

  it('leaves sizing and monitoring to the engine (immutable: a replace) and deletes without a body', () => {
    const live = observed(ID, { state: 'running', sizing: 'XS' });
    const diff = [{ op: 'replace' as const, path: '/sizing', value: 'M', forcesReplace: true }, { op: 'replace' as const, path: '/monitoringEnabled', value: true, forcesReplace: true }];
    expect(od.updateOperations(desired({ sizing: 'M' }), live, diff, ctx())).toEqual([]);
    expect(od.deleteOperations('OverDrive/orders-drive', live, ctx())).toEqual([
      { method: 'DELETE', path: `/itcare/storage/overdrive/${ID}`, async: true, irreversible: true, role: 'delete', serviceId: SID, summary: 'delete OverDrive orders-drive' },
    ]);
  });
});
