// Redis routes (ITCARE-API §4, `001:5338-6107`): create with the documented rules, GET, nodes,
// networks, PATCH start/stop/resize/update_monitoring/update_patch_party, DELETE.
import { iso } from '../../common/actions.js';
import { fieldError, json, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId, newPatchParty, type ResourceRecord } from '../../../state.js';
import {
  asObject, checkPaasName, checkPassword, checkSizing, optionalBool, optionalString, requireInt, requireString,
} from '../../common/validate.js';
import { checkPlacement, checkUniqueName, commonOps, createResource, deleteResource, loadResource, monitoringAtCreate, patchResource } from '../../common/paas.js';
import { networkView, nodeView, nodesOf, resourceBase, sizingParts, type NodeRecord } from '../../common/views.js';

const KIND = 'redis';
const LABEL = 'Redis';
const BASE = '/itcare/databases/redis';

export function registerRedis(router: Router): void {
  router.post(BASE, createRedis);
  router.get(`${BASE}/:id`, (ctx) => json(200, redisView(ctx, loadResource(ctx, KIND))));
  router.get(`${BASE}/:id/nodes`, (ctx) => {
    const r = loadResource(ctx, KIND);
    return json(200, nodesOf(r).map((n, i) => nodeView(ctx.state, r, n, i)));
  });
  router.get(`${BASE}/:id/networks`, (ctx) => {
    const r = loadResource(ctx, KIND);
    return json(200, ctx.state.networks.filter((n) => n.id === r.attrs.networkId).map(networkView));
  });
  router.patch(`${BASE}/:id`, (ctx) => patchResource(ctx, KIND, LABEL, commonOps));
  router.delete(`${BASE}/:id`, (ctx) => deleteResource(ctx, KIND, LABEL, false));
}

/**
 * Required fields are the schema's (`001:5378-5476`) except `platform`: Required there but absent
 * from every example (`001:5363-5377`), so it is accepted when absent. Unknown fields are ignored,
 * as Spring/Jackson does by default.
 */
function createRedis(ctx: RouteContext): Reply {
  const body = asObject(ctx.body);
  const name = checkPaasName(body);
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = requireString(body, 'region');
  const { service, network } = checkPlacement(ctx, body);
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  const diskSize = requireInt(body, 'diskSize', { min: 40, max: 1024 });
  // 1..3 as the API says (`001:5354`); the product page only offers 1 or 3 (`001:1762-1781`): 2 is accepted.
  const instanceCount = requireInt(body, 'instanceCount', { min: 1, max: 3 });
  const version = requireString(body, 'redisVersion');
  if (!/^\d+(\.\d+){0,2}$/.test(version)) throw fieldError('redisVersion', "Error on field 'redisVersion': must look like 6.2.5");
  // No enum is documented for persistenceMode (only the example PERSISTENT): any non-empty string.
  const persistenceMode = requireString(body, 'persistenceMode');
  const az = optionalString(body, 'az');
  const vmPrefix = optionalString(body, 'vmPrefix');
  const tlsEnabled = optionalBool(body, 'tlsEnabled') ?? false;
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const prefix = (vmPrefix ?? name.slice(0, 10)).toUpperCase();
  const nodes: NodeRecord[] = Array.from({ length: instanceCount }, (_, i) => ({
    id: allocateResourceId(ctx.state),
    name: `${prefix}${String(i + 1).padStart(2, '0')}`,
    // A single node goes to the requested AZ; a Sentinel cluster is spread over the area's AZs (`001:1768`).
    az: instanceCount === 1 && az ? az : `${area}-${'ABC'[i]}`,
  }));
  const r: ResourceRecord = {
    id, kind: KIND, name, serviceId: service.id, category: 'MANAGED_DATABASES', type: 'REDIS', family: 'REDIS',
    technology: 'REDIS', path: '/databases/redis', status: 'PREPARATION', version, sizing,
    topology: instanceCount === 1 ? 'STANDALONE' : 'CLUSTER', nodeCount: instanceCount, ...monitoring,
    patchParty: newPatchParty(), tags: [], creationTime: iso(ctx.now), creationUser: ctx.principal,
    attrs: {
      region, area, az: az ?? null, networkId: network.id, diskSize, persistenceMode, tlsEnabled,
      vmPrefix: vmPrefix ?? null, backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nodes,
    },
  };
  return createResource(ctx, r, LABEL);
}

/** `GET /itcare/databases/redis/{id}` (`001:5554-5638`). */
function redisView(ctx: RouteContext, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(r.attrs.area).toLowerCase();
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(ctx.state, r), {
    allowMonitoringDisplay: true,
    cpu,
    ram,
    nodeCount: r.nodeCount,
    persistenceMode: r.attrs.persistenceMode,
    tlsEnabled: r.attrs.tlsEnabled === true,
    topology: r.topology,
    url: `${r.name}.${area}.redis.cegedim.cloud:${r.nodeCount > 1 ? 26379 : 6379}`,
    version: r.version,
  });
}
