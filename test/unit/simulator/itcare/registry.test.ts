// The ITCare simulator's route registry and the seams a new kind plugs into: a kind folder's
// descriptor is enough for the shared routes (create/GET/nodes/networks/PATCH/DELETE, /operations,
// the aggregate lists, the product catalogue), and clashes between kinds fail at registration.
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../../../src/core/errors.js';
import { createFaults } from '../../../../src/simulator/faults.js';
import { advanceActions } from '../../../../src/simulator/itcare/common/actions.js';
import type { ItcareKind } from '../../../../src/simulator/itcare/common/kind.js';
import { commonOps, createResource, checkPlacement, monitoringAtCreate, newRecord } from '../../../../src/simulator/itcare/common/paas.js';
import { registerResourceRoutes } from '../../../../src/simulator/itcare/common/resource-routes.js';
import { asObject, requireString } from '../../../../src/simulator/itcare/common/validate.js';
import { checkKinds, registerItcareRoutes } from '../../../../src/simulator/itcare/index.js';
import { ITCARE_KINDS } from '../../../../src/simulator/itcare/registry.js';
import { resourceBase } from '../../../../src/simulator/itcare/common/views.js';
import { fieldError, type Reply } from '../../../../src/simulator/reply.js';
import { Router } from '../../../../src/simulator/router.js';
import { seedState } from '../../../../src/simulator/seed.js';
import { allocateResourceId, type SimulatorState } from '../../../../src/simulator/state.js';

/** A kind made only of a descriptor, as a new kind folder would be: a broker on the shared pattern. */
const broker: ItcareKind = {
  kind: 'testbroker',
  label: 'Test Broker',
  resource: { category: 'MESSAGE_BROKERS', type: 'TESTBROKER', family: 'TESTBROKER', technology: 'TESTBROKER', path: '/message-brokers/testbroker' },
  operations: commonOps,
  deletion: { body: true },
  lists: ['message-brokers'],
  view: (state, r) => Object.assign(resourceBase(state, r), { nodeCount: r.nodeCount }),
  products: { type: 'TESTBROKER', list: () => [{ code: 'TB_1', technology: 'TESTBROKER' }] },
  routes: (router, self) => registerResourceRoutes(router, self, {
    create: (ctx) => {
      const body = asObject(ctx.body);
      const { service, network } = checkPlacement(ctx, body);
      const r = newRecord(ctx, self, {
        id: allocateResourceId(ctx.state), name: requireString(body, 'name'), serviceId: service.id, version: '3.9', sizing: '2cpu4gb',
        topology: 'Standalone', nodeCount: 1, monitoring: monitoringAtCreate(body, service),
        attrs: { networkId: network.id, nodes: [{ id: allocateResourceId(ctx.state), name: 'TB01', az: 'EB-QA-A' }], region: 'EB', area: 'EB-QA' },
      });
      return createResource(ctx, r, self.label);
    },
    nodes: true,
    networks: true,
  }),
};

/** Calls the router as the server does, without HTTP; actions complete on the next call (actionMs 0). */
function world(kinds: readonly ItcareKind[]) {
  const router = new Router();
  registerItcareRoutes(router, kinds);
  const state: SimulatorState = seedState();
  const faults = createFaults(0, () => undefined);
  let now = Date.parse('2025-01-01T00:00:00Z');
  const call = (method: string, target: string, body?: unknown): Reply => {
    now += 1;
    advanceActions(state, now);
    const url = new URL(target, 'http://sim.invalid');
    const match = router.match(method, url.pathname);
    if (match.kind !== 'found') return { status: match.kind === 'not-found' ? 404 : 405 };
    try {
      return match.handler({ method, path: url.pathname, params: match.params, query: url.searchParams, body, state, now, principal: 'test', actionMs: 0, faults });
    } catch (err) {
      return { status: (err as { status?: number }).status ?? 500, body: (err as { body?: unknown }).body };
    }
  };
  return { state, call };
}

describe('ITCare simulator registry', () => {
  it('lists each kind once, with distinct record kinds and paths', () => {
    expect(() => checkKinds(ITCARE_KINDS)).not.toThrow();
    expect(new Set(ITCARE_KINDS.map((k) => k.kind)).size).toBe(ITCARE_KINDS.length);
  });

  it.each(Object.entries({
    'a record kind twice': { reason: 'records are dispatched by kind', kinds: [broker, { ...broker, resource: { ...broker.resource, path: '/other' } }], want: /both declare record kind testbroker/ },
    'a path twice': { reason: 'one API path, one kind', kinds: [broker, { ...broker, kind: 'other' }], want: /both declare path \/message-brokers\/testbroker/ },
    'an effect twice': { reason: 'effects are found by name', kinds: [{ ...broker, effects: { 'x.delete': () => undefined } }, { ...broker, kind: 'b', resource: { ...broker.resource, path: '/b' }, effects: { 'x.delete': () => undefined } }], want: /both declare effect x\.delete/ },
    'a list of another category': { reason: 'aggregate lists select by category', kinds: [{ ...broker, lists: ['databases'] as const }], want: /databases list, whose records are of category MANAGED_DATABASES, not MESSAGE_BROKERS/ },
  }))('refuses %s', (_name, { kinds, want }) => {
    expect(() => checkKinds(kinds)).toThrow(InternalError);
    expect(() => checkKinds(kinds)).toThrow(want);
  });

  it('refuses a route registered twice, whatever its parameter names', () => {
    const router = new Router().get('/itcare/a/:id', () => ({ status: 200 }));
    expect(() => router.get('/itcare/a/:name', () => ({ status: 200 }))).toThrow(/GET \/itcare\/a\/:name is registered twice/);
    expect(() => router.head('/itcare/a/:name', () => ({ status: 200 }))).not.toThrow();
  });

  it('registers a kind folder with its descriptor alone: shared routes, operations, aggregate list, products', () => {
    expect(world(ITCARE_KINDS.filter((k) => !k.lists.includes('message-brokers'))).call('GET', '/itcare/message-brokers').status).toBe(404);
    const { call } = world([...ITCARE_KINDS, broker]);
    const created = call('POST', '/itcare/message-brokers/testbroker', { name: 'orders-mq', serviceId: 46922, networkId: 1234511 });
    expect(created).toMatchObject({ status: 202, body: { process: 'CREATE', message: 'Create Test Broker orders-mq', resourceType: 'TESTBROKER' } });
    const id = (created.body as { internalId: number }).internalId;
    expect(call('GET', `/itcare/message-brokers/testbroker/${id}`)).toMatchObject({ status: 200, body: { name: 'orders-mq', status: 'ACTIVE', path: '/message-brokers/testbroker', nodeCount: 1 } });
    expect(call('GET', `/itcare/message-brokers/testbroker/${id}/nodes`).body).toEqual([expect.objectContaining({ name: 'TB01' })]);
    expect(call('GET', `/itcare/message-brokers/testbroker/${id}/networks`).body).toEqual([expect.objectContaining({ id: 1234511 })]);
    const page = call('GET', '/itcare/message-brokers?names=orders-mq').body as { content: Array<Record<string, unknown>> };
    expect(page.content).toEqual([expect.objectContaining({ id, sizing: '2cpu4gb', topology: 'Standalone', version: '3.9', tags: [] })]);
    expect(call('GET', '/itcare/compute/services/46922/brokers?sizes=2CPU4GB').body).toEqual([expect.objectContaining({ id })]);
    expect(call('GET', '/itcare/compute/services/46922/brokers?sizes=4cpu8gb').body).toEqual([]);
    expect(call('GET', '/itcare/databases?names=orders-mq').body).toMatchObject({ content: [] });
    expect(call('GET', '/itcare/compute/platform/products?type=testbroker').body).toEqual([{ code: 'TB_1', technology: 'TESTBROKER' }]);
    const ops = call('GET', `/itcare/operations?resourceId=${id}`).body as Array<{ operation: string }>;
    expect(ops.map((o) => o.operation)).toEqual(['start', 'stop', 'resize', 'update_monitoring', 'update_patch_party', 'delete']);
    expect(call('PATCH', `/itcare/message-brokers/testbroker/${id}`, { operation: 'stop' })).toMatchObject({ status: 202, body: { message: 'Stop Test Broker orders-mq' } });
    expect(call('GET', `/itcare/message-brokers/testbroker/${id}`).body).toMatchObject({ status: 'INACTIVE' });
    expect(call('PATCH', `/itcare/message-brokers/testbroker/${id}`, { operation: 'reconfigure' })).toMatchObject({ status: 400 });
    expect(call('DELETE', `/itcare/message-brokers/testbroker/${id}`, { changeReference: 'CHG1' })).toMatchObject({ status: 202 });
    expect(call('GET', `/itcare/message-brokers/testbroker/${id}`).status).toBe(404);
  });

  it('refuses a DELETE body when the kind documents none', () => {
    const { call } = world([...ITCARE_KINDS, { ...broker, deletion: { body: false } }]);
    const id = (call('POST', '/itcare/message-brokers/testbroker', { name: 'orders-mq', serviceId: 46922, networkId: 1234511 }).body as { internalId: number }).internalId;
    expect(call('DELETE', `/itcare/message-brokers/testbroker/${id}`, { changeReference: 'CHG1' })).toMatchObject({ status: 400, body: { errorMessage: 'Error: DELETE Test Broker takes no body' } });
    expect(call('DELETE', `/itcare/message-brokers/testbroker/${id}`)).toMatchObject({ status: 202 });
  });

  it("applies the kind's delete precondition before the action", () => {
    const inactiveOnly = (r: { status: string }): void => {
      if (r.status !== 'INACTIVE') throw fieldError('id', 'Error: stop it before deleting it');
    };
    const { call } = world([...ITCARE_KINDS, { ...broker, deletion: { body: true, check: inactiveOnly } }]);
    const id = (call('POST', '/itcare/message-brokers/testbroker', { name: 'orders-mq', serviceId: 46922, networkId: 1234511 }).body as { internalId: number }).internalId;
    expect(call('DELETE', `/itcare/message-brokers/testbroker/${id}`)).toMatchObject({ status: 400, body: { errorMessage: 'Error: stop it before deleting it' } });
    expect(call('PATCH', `/itcare/message-brokers/testbroker/${id}`, { operation: 'stop' }).status).toBe(202);
    expect(call('DELETE', `/itcare/message-brokers/testbroker/${id}`)).toMatchObject({ status: 202 });
  });
});
