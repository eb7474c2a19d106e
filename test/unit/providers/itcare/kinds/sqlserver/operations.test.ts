// The SQLServer operation builders (pure): the create body (the prose's asCollation sent as the schema's
// asCollaction), the shared updates (resize, monitoring, stop), the patch-group rule of an Always On farm
// at create, and the DELETE with its documented {changeReference} body (001:13630-13687).
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { Secret } from '../../../../../../src/core/secret.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider, executeOperation } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { SID, ctx, observed } from '../../fixtures.js';

const h = createItcareProvider({ http: fakeHttp() }).handler('SQLServer')!;
const ID = 500079545;
const PATH = `/itcare/databases/sqlserver/${ID}`;
const d = (path: string, value?: unknown): FieldDiff => ({ op: 'replace', path, value });
const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'SQLServer/orderssql01', kind: 'SQLServer', name: 'orderssql01',
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, nodeSizing: '2cpu8gb', edition: 'STD', collation: 'French_BIN', customerPassword: new Secret('P@ssw0rd'), ...spec },
});

describe('SQLServer createOperations', () => {
  it('POSTs the create body, the AS collation under the schema\'s name, then tags and patch party', () => {
    const ops = h.createOperations(desired({ asCollation: 'French_CI_AS', volumes: [{ id: 'disk0', sizeGb: 70 }], patchParty: { patchGroup: '2' } }), ctx());
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /itcare/databases/sqlserver', 'PUT /itcare/compute/resources/${ref:self}/tags', 'PATCH /itcare/databases/sqlserver/${ref:self}']);
    expect(ops[0]).toMatchObject({ summary: 'create SQLServer orderssql01 (2cpu8gb, STD, French_BIN)', body: { asCollaction: 'French_CI_AS', volumes: [{ id: 'disk0', sizeGb: 70 }], edition: 'STD' } });
    expect(ops[0]!.body).not.toHaveProperty('asCollation');
    expect(JSON.stringify(ops)).not.toContain('P@ssw0rd');
  });

  it('refuses a patch group on an Always On farm at plan time (001:13788)', () => {
    expect(() => h.createOperations(desired({ alwaysOn: true, nodeCount: 3, patchParty: { patchGroup: '1' } }), ctx())).toThrow(RefusedError);
    expect(() => h.createOperations(desired({ nodeCount: 2, patchParty: { patchGroup: '1' } }), ctx())).toThrow(/only allowed when the farm has one member/);
  });
});

describe('SQLServer updateOperations', () => {
  it('resizes ("cannot be undone"), updates monitoring {state, on_call} and stops', () => {
    const live = observed(ID, { nodeSizing: '2cpu8gb', monitoringEnabled: true, onCallSupervision: false, state: 'running' });
    const ops = h.updateOperations(desired({ nodeSizing: '4cpu16gb', onCallSupervision: true, state: 'stopped' }), live, [d('/nodeSizing'), d('/onCallSupervision'), d('/state')], ctx());
    expect(ops.map((o) => [o.body, o.irreversible])).toEqual([
      [{ operation: 'resize', options: { sizing: '4cpu16gb' } }, true],
      [{ operation: 'update_monitoring', options: { state: true, on_call: true } }, false],
      [{ operation: 'stop' }, true],
    ]);
    expect(ops.every((o) => o.path === PATH)).toBe(true);
  });

  it('sends its PATCH with the vendor content type, as the docs sample it (001:13837-13840)', async () => {
    const action = { status: 202, body: { id: 1, status: 'IN_PROGRESS' } };
    const http = fakeHttp({ [`PATCH ${PATH}`]: action, [`DELETE ${PATH}`]: action });
    const provider = createItcareProvider({ http });
    await provider.execute({ method: 'PATCH', path: PATH, body: { operation: 'start' }, async: true, irreversible: false, summary: 'start', role: 'update' });
    expect(http.calls[0]!.contentType).toBe('application/vnd.cegedim-it.v1+json');
    await executeOperation(http, { method: 'DELETE', path: PATH, body: { changeReference: 'x' }, async: true, irreversible: true, summary: 'd', role: 'delete' });
    expect(http.calls[1]!.contentType).toBe('application/json');
  });
});

describe('SQLServer deleteOperations', () => {
  it('DELETEs with {changeReference} when the stack has one, bodyless otherwise; it cannot be undone', () => {
    const [withRef] = h.deleteOperations('SQLServer/orderssql01', observed(ID, {}), ctx({ changeReference: 'RFC1234' }));
    expect(withRef).toMatchObject({ method: 'DELETE', path: PATH, body: { changeReference: 'RFC1234' }, irreversible: true, role: 'delete' });
    const [bare] = h.deleteOperations('SQLServer/orderssql01', observed(ID, {}), ctx());
    expect(bare!.body).toBeUndefined();
  });
});
