// PatchPolicy end to end through the library against the simulator on 127.0.0.1: ONE bulk PATCH for
// every changed entry (a {ref} target created first in the same run), then a plan without changes; a
// patch group on a multi-member farm is refused at plan time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { apply } from '../../../../../../src/index.js';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';

const STACK = stackIn46922('orders-qa');
const REDIS = `apiVersion: caretaker/v1
kind: Redis
metadata: { name: orderscache }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: 6.2.5, instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022 }
`;
const POLICY = `apiVersion: caretaker/v1
kind: PatchPolicy
metadata: { name: orders-patching }
spec:
  resources:
    - resource: { name: PEB4APP01 }
      patchGroup: "2"
    - resource: { id: 500079803 }
    - resource: { name: rhutsql20 }
      excluded: true
      exclusionReason: patched by the DBA team
    - resource: { ref: Redis/orderscache }
      patchGroup: "3"
`;

describe('PatchPolicy against the simulator', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await lib.planFiles({ 'stack.yaml': STACK, 'redis.yaml': REDIS, 'policy.yaml': POLICY });
  });
  afterAll(async () => lib?.close());

  const planned = () => lib.planFiles();

  const policyOf = (name: string) => lib.sim.state.resources.find((r) => r.name === name)!.patchParty;

  it('plans ONE PATCH of the changed entries after the resource it references', async () => {
    const { plan: p } = await planned();
    const c = p.changes.find((x) => x.address === 'PatchPolicy/orders-patching')!;
    expect(c).toMatchObject({ action: 'update', id: 46922, dependsOn: ['Redis/orderscache'] });
    expect(c.operations).toHaveLength(1);
    expect(c.operations[0]).toMatchObject({
      method: 'PATCH', path: '/itcare/compute/services/46922/patch-policies', body: [
        { resourceId: 500079802, excluded: false, patchGroup: '2' },
        { resourceId: 500079803, excluded: false },
        { resourceId: 500079545, excluded: true, exclusionReason: 'patched by the DBA team' },
        { resourceId: '${ref:Redis/orderscache}', excluded: false, patchGroup: '3' },
      ],
    });
  });

  it('applies, then plans no change', async () => {
    const { set, plan: p } = await planned();
    const r = await apply(p, set, { providers: lib.providers, sink: () => {}, tracker: { minIntervalMs: 5, maxIntervalMs: 20, timeoutMs: 5000 } });
    expect(r.failed).toEqual([]);
    expect(policyOf('PEB4APP01')).toMatchObject({ excluded: false, patchGroup: '2' });
    expect(policyOf('PEB4APP02')).toMatchObject({ excluded: false });
    expect(policyOf('rhutsql20')).toMatchObject({ excluded: true, exclusionReason: 'patched by the DBA team' });
    expect(policyOf('orderscache')).toMatchObject({ excluded: false, patchGroup: '3' });
    const again = (await planned()).plan;
    expect(again.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  });

  it('keys the entries by resource: one inserted in the middle changes nothing else, and only it is sent', async () => {
    const insert = (entry: string) => POLICY.replace('    - resource: { id: 500079803 }\n', `    - resource: { id: 500079803 }\n${entry}`);
    const same = await lib.planFiles({ 'stack.yaml': STACK, 'redis.yaml': REDIS, 'policy.yaml': insert('    - resource: { name: PEB4APP02 }\n') });
    expect(same.plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    const { plan: p } = await lib.planFiles({ 'stack.yaml': STACK, 'redis.yaml': REDIS, 'policy.yaml': insert('    - resource: { name: pmariadb01 }\n      excluded: true\n      exclusionReason: by hand\n') });
    const c = p.changes.find((x) => x.address === 'PatchPolicy/orders-patching')!;
    expect(c.diff.map((d) => d.path)).toEqual(['/resources/pmariadb01/excluded', '/resources/pmariadb01/exclusionReason']);
    expect(c.operations[0]!.body).toEqual([{ resourceId: 500057055, excluded: true, exclusionReason: 'by hand' }]);
  });

  it('refuses at plan time a patch group on a farm of several members, naming the resource', async () => {
    const policy = POLICY.replace('    - resource: { id: 500079803 }\n', '    - resource: { name: pmariadb01 }\n      patchGroup: "1"\n');
    const err = await lib.planFiles({ 'stack.yaml': STACK, 'redis.yaml': REDIS, 'policy.yaml': policy }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toContain('pmariadb01 (500057055): a patch group is only allowed when the farm has one member (it has 3)');
  });
});
