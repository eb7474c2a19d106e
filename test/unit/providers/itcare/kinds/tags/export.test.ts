// The Tags export against the simulator: on request only; one document per tagged resource of the
// service that no kind with a sign manages (the seeded VMs), never one for a Redis (its own document
// manages its tags), `{serviceId, name}` for a unique name, and nothing for an untagged resource.
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
  });
  afterAll(async () => lib?.close());

  it('is exported on request only, one document per tagged resource no other kind manages', async () => {
    const { rules, resources } = await exportOf(lib, 'Tags');
    expect(rules).toEqual({ fileStem: 'tags', onRequestOnly: true });
    expect(resources).toEqual([
      { kind: 'Tags', name: 'peb4app01-tags', id: 500079802, spec: { resource: { serviceId: 46922, name: 'PEB4APP01' }, tags: { app: 'orders', env: 'qa' } }, notes: {} },
      { kind: 'Tags', name: 'peb4app02-tags', id: 500079803, spec: { resource: { serviceId: 46922, name: 'PEB4APP02' }, tags: { app: 'orders' } }, notes: {} },
    ]);
  });
});
