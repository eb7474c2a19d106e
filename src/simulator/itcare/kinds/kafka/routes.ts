// Apache Kafka routes (`001:18221-19000`): the shared routes (GET, networks, PATCH through the
// descriptor's operations, DELETE without body), its nodes, and the create with the schema's rules
// (`001:18255-18348`).
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, farmNodes, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkPassword, checkSizing, optionalBool, optionalString, requireInt, requireString } from '../../common/validate.js';
import { kafkaNodeView } from './views.js';

/** `(?!cluster$)([a-z0-9_]{5,60})$` (`001:18295`), anchored at both ends. */
const NAME_PATTERN = /^(?!cluster$)[a-z0-9_]{5,60}$/;
/** `[A-Z0-9]{5,12}$`, min 5, max 12 (`001:18312-18316`), anchored. */
const PREFIX_PATTERN = /^[A-Z0-9]{5,12}$/;

export function kafkaRoutes(router: Router, self: ItcareKind): void {
  registerResourceRoutes(router, self, { create: (ctx) => createKafka(ctx, self), nodes: kafkaNodeView, networks: true });
}

/**
 * Required fields are the schema's, except `platform` and `region` (Required, in no example:
 * `region` defaults to the area's region). The password pattern is the `\d` variant (`001:18260`),
 * the same rule as the others in JavaScript. `kafkaVersion` has no pattern: any non-empty string.
 */
function createKafka(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) {
    throw fieldError('name', "Error on field 'name': must contain 5 to 60 lowercase letters, digits or underscores, and not be 'cluster'");
  }
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = optionalString(body, 'region') ?? area.split('-')[0]!;
  const { service, network } = checkPlacement(ctx, body);
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  const brokerCount = requireInt(body, 'brokerCount', { min: 3, max: 5 });
  const diskSize = requireInt(body, 'diskSize', { min: 40, max: 1024 });
  const version = requireString(body, 'kafkaVersion');
  const nodePrefix = requireString(body, 'nodePrefix');
  if (!PREFIX_PATTERN.test(nodePrefix)) throw fieldError('nodePrefix', "Error on field 'nodePrefix': must be 5 to 12 uppercase letters or digits");
  const platform = optionalString(body, 'platform');
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const nodes = farmNodes(ctx, nodePrefix, brokerCount, area);
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version, sizing, topology: 'Cluster', nodeCount: brokerCount, monitoring,
    attrs: {
      region, area, networkId: network.id, diskSize, nodePrefix, platform: platform ?? null, overloadedParams: {},
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nodes,
    },
  });
  return createResource(ctx, r, self.label);
}
