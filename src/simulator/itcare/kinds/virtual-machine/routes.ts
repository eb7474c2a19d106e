// Virtual machine routes (ITCARE-API §11 "Instances", `001:2760-4134`): the shared routes (create,
// GET, PATCH through the descriptor's operations, DELETE when INACTIVE), the paged list with its
// filters, `/networks` (one object), `/storage`, the snapshots, and `/compute/services/{id}/instances`.
import { json, notFound, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import type { ResourceRecord } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { byFlag, byList, resourceFilter, type FilterBuilder } from '../../common/list-filters.js';
import { boolParam, pageOf } from '../../common/list-query.js';
import { loadResource, loadService } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { networkView } from '../../common/views.js';
import { createInstance } from './create.js';
import { registerSnapshots } from './snapshots.js';
import { poolIndex, storageView, vmAz, vmView } from './views.js';

/** `ResourceRecord.kind` of a VM, as the seed stores it; load-balancer members must be of this kind. */
export const INSTANCE_KIND = 'instance';

/**
 * The list's own filters (`001:2760-2830`): `az` the instance's AZ, `ip` its address, `vlan` its
 * network's `technicalId` (`VLAN-<id>` in the simulator; the example `EB_1125_DMZ8` has no documented
 * format). `clouds` is not applied (the simulator has one cloud), as on the other lists.
 */
const az = byList('az', vmAz);
const ip = byList('ip', (r) => String(r.attrs.ipAddress ?? ''));
const vlan = byList('vlan', (r) => `VLAN-${String(r.attrs.networkId ?? '')}`);

const LIST_FILTERS = [
  'services', 'names', 'types', 'families', 'environments', 'statuses', 'tags', 'monitoringStatus', 'monitoringOnCallStatus',
  'backupStatus', 'recoveryStatus', 'includedInPatchParty', az, ip, vlan,
] as const;

/** A boolean parameter that is checked (400 when not true/false) and has no effect here. */
const ignoredFlag = (name: string): FilterBuilder => (ctx) => {
  boolParam(ctx.query, name);
  return undefined;
};

/**
 * `/compute/services/{id}/instances` (`001:11100-11154`): `backup` is the backup flag, `drp` the
 * DRP status (never set in the simulator, so only `false` matches); the `with…` flags add nodes of
 * other kinds (managed nodes, application servers, Oracle, Mongo) the simulator does not model.
 */
const SERVICE_FILTERS = [
  'names', 'families', byFlag('backup', (r) => r.attrs.backupEnabled === true), byFlag('drp', () => false),
  ignoredFlag('withManagedNodes'), ignoredFlag('withApplicationServers'), ignoredFlag('withOracleDbs'), ignoredFlag('withMongoNodeJs'),
  'statuses',
] as const;

export function virtualMachineRoutes(router: Router, self: ItcareKind): void {
  const base = `/itcare${self.resource.path}`;
  const instances = (ctx: RouteContext, from: ResourceRecord[], filters: Parameters<typeof resourceFilter>[1]): ResourceRecord[] => {
    const test = resourceFilter(ctx, filters);
    return from.filter((r) => r.kind === self.kind && test(r));
  };
  registerResourceRoutes(router, self, { create: (ctx) => createInstance(ctx, self) });
  router.get(base, (ctx) => json(200, pageOfInstances(ctx, instances(ctx, ctx.state.resources, LIST_FILTERS))));
  /**
   * One object as sampled (`001:4068-4097`), its `ipAddress` being the instance's address (choice:
   * the sample does not say whether it is the network's or the resource's; the LB create example pairs
   * a member's network id with "ipAddress": "1.2.3.4", `004:1764-1772`).
   */
  router.get(`${base}/:id/networks`, (ctx) => {
    const r = loadResource(ctx, self.kind);
    const net = ctx.state.networks.find((n) => n.id === r.attrs.networkId);
    if (!net) throw notFound();
    return json(200, { ...networkView(net), ipAddress: String(r.attrs.ipAddress ?? '') });
  });
  router.get(`${base}/:id/storage`, (ctx) => json(200, storageView(loadResource(ctx, self.kind))));
  registerSnapshots(router, self);
  router.get('/itcare/compute/services/:id/instances', (ctx) => {
    const s = loadService(ctx);
    const items = instances(ctx, ctx.state.resources.filter((r) => r.serviceId === s.id), SERVICE_FILTERS);
    const pools = poolIndex(ctx.state);
    return json(200, items.sort((a, b) => a.id - b.id).map((r) => vmView(ctx.state, r, pools)));
  });
}

/**
 * One page of instances. The default order (by id) is decided on the records, so only the page's
 * instances are rendered; a `sort` on another property renders them all first (the instance is the
 * largest item of the API, and a converged plan of many VMs reads every page).
 */
function pageOfInstances(ctx: RouteContext, records: ResourceRecord[]): Record<string, unknown> {
  const pools = poolIndex(ctx.state);
  if (ctx.query.get('sort')) return pageOf(records.map((r) => vmView(ctx.state, r, pools)), ctx.query);
  const page = pageOf(records.map((r) => ({ id: r.id, record: r })), ctx.query);
  return { ...page, content: (page.content as Array<{ record: ResourceRecord }>).map((x) => vmView(ctx.state, x.record, pools)) };
}
