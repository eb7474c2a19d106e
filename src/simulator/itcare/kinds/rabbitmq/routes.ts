// RabbitMQ routes (`001:14166-14934`): the shared routes (GET, nodes, networks, PATCH through the
// descriptor's operations, DELETE without body) and the create with the schema's rules
// (`001:14205-14301`).
import type { Reply, RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, farmNodes, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkPassword, checkSizing, optionalBool, optionalString, requireInt, requireString } from '../../common/validate.js';
import { rabbitmqNodeView } from './views.js';

export function rabbitmqRoutes(router: Router, self: ItcareKind): void {
  registerResourceRoutes(router, self, { create: (ctx) => createRabbitmq(ctx, self), nodes: rabbitmqNodeView, networks: true });
}

/**
 * Required fields are the schema's, except three the docs contradict (README "Choices"): `platform`
 * and `region` (Required, in no example: `region` defaults to the area's region) and `vmPrefix`
 * (Required, and "optional" in the prose's second list: it defaults to the name). `name` and
 * `rabbitMqVersion` have no documented pattern: any non-empty string. Unknown fields are ignored.
 */
function createRabbitmq(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = optionalString(body, 'region') ?? area.split('-')[0]!;
  const { service, network } = checkPlacement(ctx, body);
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  // 1..5 as the schema says (`001:14223`); the prose's "at least 1 or 3" is read as 1..5 too, so 2 is accepted.
  const brokerCount = requireInt(body, 'brokerCount', { min: 1, max: 5 });
  const diskSize = requireInt(body, 'diskSize', { min: 10, max: 2048 });
  const version = requireString(body, 'rabbitMqVersion');
  const vmPrefix = optionalString(body, 'vmPrefix');
  const az = optionalString(body, 'az');
  const platform = optionalString(body, 'platform');
  const tlsEnabled = optionalBool(body, 'tlsEnabled') ?? false;
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const nodes = farmNodes(ctx, (vmPrefix ?? name.slice(0, 10)).toUpperCase(), brokerCount, area, az);
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version, sizing, topology: brokerCount === 1 ? 'Standalone' : 'Cluster', nodeCount: brokerCount, monitoring,
    attrs: {
      region, area, az: az ?? null, networkId: network.id, diskSize, tlsEnabled, vmPrefix: vmPrefix ?? null, platform: platform ?? null,
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nodes,
    },
  });
  return createResource(ctx, r, self.label);
}
