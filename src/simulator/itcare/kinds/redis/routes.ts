// Redis routes (ITCARE-API §4, `001:5338-6107`): the shared routes (GET, nodes, networks, PATCH
// through the descriptor's operations, DELETE) and the create with the documented rules.
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import {
  asObject, checkPaasName, checkPassword, checkSizing, optionalBool, optionalString, requireInt, requireString,
} from '../../common/validate.js';
import type { NodeRecord } from '../../common/views.js';

export function redisRoutes(router: Router, self: ItcareKind): void {
  registerResourceRoutes(router, self, { create: (ctx) => createRedis(ctx, self), nodes: true, networks: true });
}

/**
 * Required fields are the schema's (`001:5378-5476`) except `platform`: Required there but absent
 * from every example (`001:5363-5377`), so it is accepted when absent. Unknown fields are ignored,
 * as Spring/Jackson does by default.
 */
function createRedis(ctx: RouteContext, self: ItcareKind): Reply {
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
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version, sizing, topology: instanceCount === 1 ? 'STANDALONE' : 'CLUSTER',
    nodeCount: instanceCount, monitoring,
    attrs: {
      region, area, az: az ?? null, networkId: network.id, diskSize, persistenceMode, tlsEnabled,
      vmPrefix: vmPrefix ?? null, backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nodes,
    },
  });
  return createResource(ctx, r, self.label);
}
