// The Tags export against the simulator: on request only; one document per tagged resource of the
// service that no kind with a sign manages (Tomcat servers, a resource type of the docs that no kind
// manages), never one for a Redis or a VM (their own documents manage their tags), `{serviceId, name}`
// for a unique name, and nothing for an untagged resource.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf } from '../../export-support.js';

const REDIS = `apiVersion: caretaker/v1
kind: Redis
metadata: { name: orderscache }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: 6.2.5, instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022, tags: { app: orders } }
`;

describe('Tags export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await (await lib.planFiles({ 'stack.yaml': stackIn46922('orders-qa'), 'redis.yaml': REDIS })).run();
    // Two Tomcat application servers (001:2380-2449) beside the seeded VMs, one tagged, one not.
    const vm = lib.sim.state.resources.find((x) => x.name === 'PEB4APP01')!;
    const tomcat = (id: number, name: string, tags: Array<{ tagKey: string; tagValue: string }>) => ({
      ...structuredClone(vm), id, name, kind: 'tomcat', path: '/compute/tomcat', category: 'APPLICATION_SERVER', type: 'TOMCAT', family: 'TOMCAT', technology: 'TOMCAT', tags,
    });
    lib.sim.state.resources.push(
      tomcat(500079890, 'PEB4TOM01', [{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'env', tagValue: 'qa' }]),
      tomcat(500079891, 'PEB4TOM02', []),
    );
  });
  afterAll(async () => lib?.close());

  it('is exported on request only, one document per tagged resource no other kind manages', async () => {
    const { rules, resources } = await exportOf(lib, 'Tags');
    expect(rules).toEqual({ fileStem: 'tags', onRequestOnly: true });
    expect(resources).toEqual([
      { kind: 'Tags', name: 'peb4tom01-tags', id: 500079890, spec: { resource: { serviceId: 46922, name: 'PEB4TOM01' }, tags: { app: 'orders', env: 'qa' } }, notes: {} },
    ]);
  });
});
