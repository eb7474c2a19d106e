// GlusterFS routes (`001:23251-24300`): the shared routes (GET, networks, PATCH through the
// descriptor's operations, DELETE without body), the create (201), its nodes, its volumes, its paged
// list and the service sub-list `/compute/services/{id}/storage` (`001:9800-9927`).
import { fieldError, json, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId, type ResourceRecord } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { byList, resourceFilter, type FilterBuilder } from '../../common/list-filters.js';
import { listParam } from '../../common/list-query.js';
import { checkPlacement, checkUniqueName, createResource, farmNodes, loadResource, loadService, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkPassword, checkSizing, optionalBool, optionalString, requireInt, requireString } from '../../common/validate.js';
import { glusterfsNodeView, storageItem, volumeView } from './views.js';
import { userNameOf, VOLUME_SIZE, volumesOf } from './volumes.js';

/** `[a-z0-9_\-]{5,60}$` (`001:23391`), anchored. */
const NAME_PATTERN = /^[a-z0-9_-]{5,60}$/;
/** "Instance(s) 2", "2 vCPU", "4 Go", "10.2" (the product page, `001:28407-28423`). */
const NODE_COUNT = 2;
const DEFAULT_SIZING = '2cpu4gb';
const VERSION = '10.2';

export function glusterfsRoutes(router: Router, self: ItcareKind): void {
  const base = `/itcare${self.resource.path}`;
  registerResourceRoutes(router, self, { create: (ctx) => createGlusterfs(ctx, self), nodes: glusterfsNodeView, networks: true, list: LIST_FILTERS });
  router.get(`${base}/:id/volumes`, (ctx) => json(200, volumesOf(loadResource(ctx, self.kind)).map(volumeView)));
  router.get('/itcare/compute/services/:id/storage', (ctx) => {
    const s = loadService(ctx);
    const test = resourceFilter(ctx, STORAGE_FILTERS);
    const items = ctx.state.resources.filter((r) => r.kind === self.kind && r.serviceId === s.id && test(r)).sort((a, b) => a.id - b.id);
    return json(200, items.map((r) => storageItem(ctx.state, r)));
  });
}

/**
 * `virtualIps` (`127.0.0.1, 127.0, 127, 10.%.62`, `001:23301-23303`): each value matches the leading
 * octets of the virtual IP; `%` stands for any characters.
 */
const virtualIps: FilterBuilder = (ctx) => {
  const values = listParam(ctx.query, 'virtualIps');
  if (!values) return undefined;
  const patterns = values.map((v) => new RegExp(`^${v.split('%').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[0-9.]*')}(?:$|\\.)`));
  return (r) => patterns.some((p) => p.test(String(r.attrs.virtualIp)));
};

/** The list's filters (`001:23251-23318`), in the order of the docs; `page`, `size`, `sort` are the page's. */
const LIST_FILTERS = [
  'services', 'names', 'environments', 'statuses', 'tags', 'monitoringStatus', 'monitoringOnCallStatus', 'backupStatus',
  'recoveryStatus', 'includedInPatchParty', 'topologies', 'versions', virtualIps, 'clouds',
] as const;

/** `nodeCount` (int32) of the storage sub-list: the exact node count. */
const nodeCount: FilterBuilder = (ctx) => {
  const v = ctx.query.get('nodeCount');
  if (v === null || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) throw fieldError('nodeCount', "Error on field 'nodeCount': must be an integer");
  return (r: ResourceRecord) => r.nodeCount === Number(v);
};

/** `vip` ("IP Address, ex: 10.10.10.10"): the exact virtual IP. */
const vip: FilterBuilder = (ctx) => {
  const v = ctx.query.get('vip');
  return v === null || v === '' ? undefined : (r) => r.attrs.virtualIp === v.trim();
};

/** The storage sub-list's filters (`001:9800-9830`): names, statuses, sizes (`2cpu4gb`), nodeCount, vip. */
const STORAGE_FILTERS = ['names', 'statuses', byList('sizes', (r) => r.sizing), nodeCount, vip] as const;

/**
 * Required fields are the schema's (`001:23356-23440`), except `platform` and `region` (Required, in
 * no example: `region` defaults to the area's region) and `nodeSizing` (Required, absent from the
 * prose and the example: defaults to the product's 2cpu4gb). `user_name` or `userName` (both spellings
 * are in the docs); `diskSize` a number or a numeric string (the example sends `"15"`). The first
 * volume is named after its user.
 */
function createGlusterfs(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) throw fieldError('name', "Error on field 'name': must contain 5 to 60 lowercase letters, digits, dashes or underscores");
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = optionalString(body, 'region') ?? area.split('-')[0]!;
  const { service, network } = checkPlacement(ctx, body);
  const diskSize = requireInt(body, 'diskSize', VOLUME_SIZE);
  const sizing = optionalString(body, 'nodeSizing') ?? DEFAULT_SIZING;
  checkSizing(sizing, 'nodeSizing');
  const userName = userNameOf(body);
  if (userName === undefined) throw fieldError('user_name', "Error on field 'user_name': is required");
  const platform = optionalString(body, 'platform');
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const prefix = name.replace(/[^a-z0-9]/g, '').slice(0, 10).toUpperCase() || 'GLUSTER';
  const nodes = farmNodes(ctx, prefix, NODE_COUNT, area);
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version: VERSION, sizing, topology: 'Cluster', nodeCount: NODE_COUNT, monitoring,
    attrs: {
      region, area, networkId: network.id, platform: platform ?? null, nodes,
      virtualIp: `${network.cidr.split('.').slice(0, 3).join('.')}.${200 + (id % 50)}`,
      volumes: [{ name: userName, userName, diskSize }],
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION',
    },
  });
  // The schema answers 201 Created (`001:23442-23443`) with the action, which runs as every create does.
  return { ...createResource(ctx, r, self.label), status: 201 };
}
