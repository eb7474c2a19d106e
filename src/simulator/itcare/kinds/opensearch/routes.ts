// OpenSearch routes (ITCARE-API §11, `001:4538-5335`): the shared routes (GET, networks, PATCH through
// the descriptor's operations, DELETE), the nodes, and the create with the documented rules.
import { fieldError, json, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, loadResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkPassword, checkSizing, optionalBool, requireInt, requireString, type Body } from '../../common/validate.js';
import { addNodes, MAX_NODES } from './nodes.js';
import { opensearchNodes } from './views.js';

/** Schema patterns, anchored: name `[a-z0-9_\-]{4,60}$` (`001:4616`), nodePrefix `[A-Z0-9-.]{4,60}$` (`001:4637`). */
const NAME_PATTERN = /^[a-z0-9_-]{4,60}$/;
const NODE_PREFIX_PATTERN = /^[A-Z0-9.-]{4,60}$/;
/** `clusterVersion`, e.g. `1.2.3` (`001:4551`). */
const VERSION_PATTERN = /^\d+(\.\d+){0,2}$/;

export function opensearchRoutes(router: Router, self: ItcareKind): void {
  registerResourceRoutes(router, self, { create: (ctx) => createOpensearch(ctx, self), networks: true });
  router.get(`/itcare${self.resource.path}/:id/nodes`, (ctx) => json(200, opensearchNodes(ctx.state, loadResource(ctx, self.kind))));
}

/**
 * Required fields are the schema's (`001:4576-4648`) except `platform` (Required there, in no example).
 * The example's `az` is not a field of the schema and is ignored, as any unknown field.
 */
function createOpensearch(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) throw fieldError('name', "Error on field 'name': must contain 4 to 60 lowercase letters, digits, '_' or '-'");
  if (name === 'cluster') throw fieldError('name', "Error on field 'name': must not be the keyword 'cluster'");
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = requireString(body, 'region');
  const { service, network } = checkPlacement(ctx, body);
  const version = requireString(body, 'clusterVersion');
  if (!VERSION_PATTERN.test(version)) throw fieldError('clusterVersion', "Error on field 'clusterVersion': must look like 1.2.3");
  const diskSize = requireInt(body, 'diskSize', { min: 40, max: 1024 });
  const instanceCount = checkInstanceCount(body);
  const nodePrefix = requireString(body, 'nodePrefix');
  if (!NODE_PREFIX_PATTERN.test(nodePrefix)) {
    throw fieldError('nodePrefix', "Error on field 'nodePrefix': must contain 4 to 60 uppercase letters, digits, '-' or '.'");
  }
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const r = newRecord(ctx, self, {
    id: allocateResourceId(ctx.state), name, serviceId: service.id, version, sizing, topology: 'Cluster', nodeCount: instanceCount, monitoring,
    attrs: {
      region, area, networkId: network.id, diskSize, nodePrefix, nextNode: 1,
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION',
    },
  });
  const made = addNodes(ctx.state, r, [], instanceCount, sizing, diskSize);
  r.attrs.nodes = made.nodes;
  r.attrs.nextNode = made.nextNode;
  return createResource(ctx, r, self.label);
}

/**
 * A string with the pattern `[13579]$` (`001:4603`; the example sends "3"); a number is accepted too,
 * as Jackson coerces it. "Must be odd and at least be 3, ... Maximum is 51" (`001:4554`).
 */
function checkInstanceCount(body: Body): number {
  const raw = body.instanceCount;
  if (raw === undefined || raw === null || raw === '') throw fieldError('instanceCount', "Error on field 'instanceCount': is required");
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d{1,3}$/.test(text)) throw fieldError('instanceCount', "Error on field 'instanceCount': must be a number such as \"3\"");
  const count = Number(text);
  if (count % 2 === 0) throw fieldError('instanceCount', "Error on field 'instanceCount': must be odd");
  if (count < 3 || count > MAX_NODES) throw fieldError('instanceCount', `Error on field 'instanceCount': must be between 3 and ${MAX_NODES}`);
  return count;
}
