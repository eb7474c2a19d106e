// The MariaDB operation builders (pure): the create body (topology upper-cased, version a string), the
// shared updates (resize, monitoring, patch party, stop), the refusals and the bodyless DELETE.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { Secret } from '../../../../../../src/core/secret.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { refusal } from '../../../../../support/refusal.js';
import { SID, ctx, observed } from '../../fixtures.js';

const h = createItcareProvider({ http: fakeHttp() }).handler('MariaDB')!;
const ID = 500057055;
const PATH = `/itcare/databases/mariadb/${ID}`;
const d = (path: string, value?: unknown): FieldDiff => ({ op: 'replace', path, value });
const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'MariaDB/orders-maria', kind: 'MariaDB', name: 'orders-maria',
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', nodeSizing: '2cpu4gb', diskSize: 40, networkId: 1234511, instanceCount: 1, topology: 'single', version: 10.6, admPassword: new Secret('Orders#Maria2026'), ...spec },
});

describe('MariaDB createOperations', () => {
  it('POSTs the create body (topology upper-cased, version a string), then tags, patch party and stop', () => {
    const ops = h.createOperations(desired({ tags: { app: 'orders' }, patchParty: { excluded: false, patchGroup: 2 }, state: 'stopped' }), ctx());
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /itcare/databases/mariadb', 'PUT /itcare/compute/resources/${ref:self}/tags',
      'PATCH /itcare/databases/mariadb/${ref:self}', 'PATCH /itcare/databases/mariadb/${ref:self}',
    ]);
    expect(ops[0]).toMatchObject({ role: 'create', async: true, summary: 'create MariaDB orders-maria (2cpu4gb, 40 GB, SINGLE, 1 instance)' });
    expect(ops[0]!.body).toMatchObject({ name: 'orders-maria', topology: 'SINGLE', version: '10.6', instanceCount: 1, diskSize: 40 });
    expect(JSON.stringify(ops[0])).toContain('"admPassword":"(sensitive)"');
    expect(ops[2]!.body).toEqual({ operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } });
    expect(ops[3]).toMatchObject({ body: { operation: 'stop' }, irreversible: true });
  });
});

describe('MariaDB updateOperations', () => {
  const live = observed(ID, { nodeSizing: '2cpu4gb', monitoringEnabled: false, onCallSupervision: false, state: 'running', instanceCount: 1 });

  it('resizes, updates monitoring {state, on_call} and stops, in that order', () => {
    const want = desired({ nodeSizing: '4cpu8gb', monitoringEnabled: true, onCallSupervision: true, state: 'stopped' });
    const ops = h.updateOperations(want, live, [d('/nodeSizing', '4cpu8gb'), d('/monitoringEnabled', true), d('/onCallSupervision', true), d('/state', 'stopped')], ctx());
    expect(ops.map((o) => [o.path, o.body, o.irreversible])).toEqual([
      [PATH, { operation: 'resize', options: { sizing: '4cpu8gb' } }, true],
      [PATH, { operation: 'update_monitoring', options: { state: true, on_call: true } }, false],
      [PATH, { operation: 'stop' }, true],
    ]);
    expect(ops[0]!.summary).toBe('resize 2cpu4gb -> 4cpu8gb');
  });

  it('refuses a difference no operation makes (the engine replaces an immutable one instead)', () => {
    expect(() => h.updateOperations(desired({ authenticationDomain: 'x' }), live, [d('/authenticationDomain', 'x')], ctx())).toThrow(RefusedError);
    expect(h.updateOperations(desired({ diskSize: 80 }), live, [{ ...d('/diskSize', 80), forcesReplace: true }], ctx())).toEqual([]);
  });

  it('refuses a patch group on a 3-node Galera cluster, naming the rule', () => {
    const galera = observed(ID, { instanceCount: 3, patchParty: { excluded: false } });
    const run = () => h.updateOperations(desired({ instanceCount: 3, topology: 'CLUSTER', patchParty: { patchGroup: '1' } }), galera, [d('/patchParty/patchGroup', '1')], ctx());
    expect(run).toThrow(/only allowed when the farm has one member/);
  });
});

describe('MariaDB deleteOperations', () => {
  it('DELETEs without a body (none documented, 001:12423-12461), even with a changeReference; it cannot be undone', () => {
    const [op, ...rest] = h.deleteOperations('MariaDB/orders-maria', observed(ID, {}), ctx({ changeReference: 'RFC1' }));
    expect(rest).toEqual([]);
    expect(op).toMatchObject({ method: 'DELETE', path: PATH, irreversible: true, role: 'delete', serviceId: SID, summary: 'delete MariaDB orders-maria' });
    expect(op!.body).toBeUndefined();
  });
});

describe('MariaDB version: no operation changes it', () => {
  it('refuses a replace to a lower version at /version, as the downgrade it is; a higher one is planned', () => {
    const live = observed(ID, { version: '10.11', topology: 'SINGLE', instanceCount: 1 });
    const err = refusal(() => h.createOperations(desired({ version: '10.6' }), ctx(), live));
    expect(err.field).toBe('/version');
    expect(err.message).toBe('cannot downgrade MariaDB from 10.11 to 10.6 (spec.version): ITCare has no MariaDB version change, and a replace would delete ' +
      'the database and its data to create an empty one; delete it first, or give the older version another name');
    expect(h.createOperations(desired({ version: '11.4' }), ctx(), live)[0]!.method).toBe('POST');
  });
});
