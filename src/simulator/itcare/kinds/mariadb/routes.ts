// MariaDB routes (ITCARE-API §11, `001:12123-12880`): the shared routes (GET, networks, PATCH through
// the descriptor's operations, DELETE), the nodes, and the create with the documented rules.
import { fieldError, json, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, loadResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import {
  asObject, checkPassword, checkSizing, optionalBool, optionalString, requireInt, requireString, type Body,
} from '../../common/validate.js';
import type { NodeRecord } from '../../common/views.js';
import { mariadbNodes } from './views.js';

/** The schema's name pattern `[a-z0-9\-]{4,60}$` (`001:12209`), anchored. */
const NAME_PATTERN = /^[a-z0-9-]{4,60}$/;

/** `topology` (enum, values not rendered, `001:12258`): the sample's `SINGLE` or the prose's "cluster" (`001:12140`). */
const TOPOLOGIES = { SINGLE: { label: 'Standalone', count: 1 }, CLUSTER: { label: 'Galera', count: 3 } } as const;

/** A version such as `10.6` (`001:12151`); the prose's "Example: 13" is a version too. */
const VERSION_PATTERN = /^\d+(\.\d+){0,2}$/;
const DEFAULT_VERSION = '10.6';

export function mariadbRoutes(router: Router, self: ItcareKind): void {
  registerResourceRoutes(router, self, { create: (ctx) => createMariadb(ctx, self), networks: true });
  router.get(`/itcare${self.resource.path}/:id/nodes`, (ctx) => json(200, mariadbNodes(ctx.state, loadResource(ctx, self.kind))));
}

/**
 * Required fields are the schema's (`001:12166-12262`) except `platform` (Required there, in no
 * example, as for every PaaS kind). Unknown fields are ignored, as Spring/Jackson does by default.
 */
function createMariadb(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = checkName(body);
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = requireString(body, 'region');
  const { service, network } = checkPlacement(ctx, body);
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  const diskSize = requireInt(body, 'diskSize', { min: 40, max: 1024 });
  const instanceCount = requireInt(body, 'instanceCount', { min: 1, max: 3 });
  const topology = checkTopology(body, instanceCount);
  const version = checkVersion(body);
  const az = optionalString(body, 'az');
  const tlsEnabled = optionalBool(body, 'tlsEnabled') ?? false;
  const authenticationDomain = optionalString(body, 'authenticationDomain') ?? null;
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const prefix = name.replace(/-/g, '').slice(0, 10).toUpperCase();
  const nodes: NodeRecord[] = Array.from({ length: instanceCount }, (_, i) => ({
    id: allocateResourceId(ctx.state), name: `${prefix}${String(i + 1).padStart(2, '0')}`,
    // A standalone instance goes to `az`; a Galera cluster is spread over every AZ of the area (`001:980`).
    az: instanceCount === 1 && az ? az : `${area}-${'ABC'[i]}`,
  }));
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version, sizing, topology, nodeCount: instanceCount, monitoring,
    attrs: {
      region, area, az: az ?? null, networkId: network.id, diskSize, tlsEnabled, authenticationDomain,
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nodes,
    },
  });
  return createResource(ctx, r, self.label);
}

/** The schema pattern (4..60, dashes allowed) and the prose's "must not be the keyword 'cluster'" (`001:12132`). */
function checkName(body: Body): string {
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) throw fieldError('name', "Error on field 'name': must contain 4 to 60 lowercase letters, digits or dashes");
  if (name === 'cluster') throw fieldError('name', "Error on field 'name': must not be the keyword 'cluster'");
  return name;
}

/**
 * SINGLE or CLUSTER, any case; SINGLE is one instance, CLUSTER the three-node Galera cluster of the
 * product page (`001:974-980`). Stored as `Standalone` / `Galera`, the spellings of the databases list's
 * `topologies` example (`001:11970`) and of the seeded farm.
 */
function checkTopology(body: Body, instanceCount: number): string {
  const raw = requireString(body, 'topology').toUpperCase();
  const topology = raw === 'SINGLE' || raw === 'CLUSTER' ? TOPOLOGIES[raw] : undefined;
  if (!topology) throw fieldError('topology', "Error on field 'topology': must be SINGLE or CLUSTER");
  if (instanceCount !== topology.count) {
    throw fieldError('instanceCount', `Error on field 'instanceCount': a ${raw} topology has ${topology.count} instance${topology.count > 1 ? 's' : ''}`);
  }
  return topology.label;
}

/** Optional; a string (a number is accepted, as Jackson coerces it); default 10.6, the example's. */
function checkVersion(body: Body): string {
  const raw = body.version;
  if (raw === undefined || raw === null) return DEFAULT_VERSION;
  const version = typeof raw === 'number' ? String(raw) : optionalString(body, 'version')!;
  if (!VERSION_PATTERN.test(version)) throw fieldError('version', "Error on field 'version': must look like 10.6");
  return version;
}
