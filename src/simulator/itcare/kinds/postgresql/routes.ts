// PostgreSQL routes (ITCARE-API §5, `001:15463-16329`): the shared routes (GET, nodes, networks,
// PATCH through the descriptor's operations, DELETE), create (STANDALONE | HA), and the databases,
// extensions and upgrade versions of an instance. The create schema is collapsed in the docs: the
// rules come from the prose.
import { fieldError, json, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkPlacement, checkUniqueName, createResource, loadResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkPaasName, checkPassword, checkSizing, optionalBool, optionalString, requireBool, requireInt, requireString } from '../../common/validate.js';
import type { NodeRecord } from '../../common/views.js';
import { otherAz, PG_EXTENSIONS, PG_MAX_VERSION, upgradeTargets, type PgDatabase } from './operations.js';

export function postgresqlRoutes(router: Router, self: ItcareKind): void {
  const base = `/itcare${self.resource.path}`;
  registerResourceRoutes(router, self, { create: (ctx) => createPostgresql(ctx, self), nodes: true, networks: true });
  router.get(`${base}/:id/databases`, (ctx) => json(200, structuredClone(loadResource(ctx, self.kind).attrs.databases ?? [])));
  router.get(`${base}/:id/extensions`, (ctx) => (loadResource(ctx, self.kind), json(200, PG_EXTENSIONS)));
  router.get(`${base}/:id/versions`, (ctx) => json(200, upgradeTargets(loadResource(ctx, self.kind))));
}

function createPostgresql(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = checkPaasName(body);
  checkPassword(body);
  const area = requireString(body, 'area');
  const region = optionalString(body, 'region') ?? area.split('-')[0]!;
  const { service, network } = checkPlacement(ctx, body);
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  const diskSize = requireInt(body, 'diskSize', { min: 40, max: 1024 });
  // postgreVersion is a string in the examples ("13"); an integer is accepted too.
  const version = requireInt(body, 'postgreVersion', { min: 10, max: PG_MAX_VERSION });
  const topology = requireString(body, 'topology').toUpperCase();
  if (topology !== 'STANDALONE' && topology !== 'HA') throw fieldError('topology', "Error on field 'topology': must be STANDALONE or HA");
  // trigram: format undocumented; three letters or digits (choice, after the example "tri").
  const trigram = requireString(body, 'trigram');
  if (!/^[A-Za-z0-9]{3}$/.test(trigram)) throw fieldError('trigram', "Error on field 'trigram': must be 3 letters or digits");
  const allowedReplicationLag = requireInt(body, 'allowedReplicationLag', { min: 1, max: 10240 });
  const ha = topology === 'HA';
  if (ha && version < 12) throw fieldError('postgreVersion', "Error on field 'postgreVersion': HA requires version 12 or later");
  // HA extra fields (`001:15483-15488`): nodePrefix 5..12 uppercase (pattern as Kafka's `[A-Z0-9]{5,12}`), az, tls.
  const nodePrefix = ha ? requireString(body, 'nodePrefix') : optionalString(body, 'nodePrefix');
  if (nodePrefix !== undefined && !/^[A-Z0-9]{5,12}$/.test(nodePrefix)) {
    throw fieldError('nodePrefix', "Error on field 'nodePrefix': must be 5 to 12 uppercase letters or digits");
  }
  const az = ha ? requireString(body, 'az') : optionalString(body, 'az');
  const tls = ha ? requireBool(body, 'tls') : optionalBool(body, 'tls') ?? false;
  if (tls && version < 13) throw fieldError('tls', "Error on field 'tls': TLS is available from version 13"); // `001:24487`
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const id = allocateResourceId(ctx.state);
  const count = ha ? 2 : 1;
  const prefix = nodePrefix ?? name.slice(0, 10).toUpperCase();
  const firstAz = az ?? `${area}-A`;
  const nodes: NodeRecord[] = Array.from({ length: count }, (_, i) => ({
    id: allocateResourceId(ctx.state), name: `${prefix}${String(i + 1).padStart(2, '0')}`,
    az: i === 0 ? firstAz : otherAz(area, firstAz),
  }));
  // Choice: a new instance has one database named after the instance, with no extension installed.
  const databases: PgDatabase[] = [{ name, extensions: [] }];
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version: String(version), sizing, topology, nodeCount: count, monitoring,
    attrs: {
      region, area, az: az ?? null, networkId: network.id, diskSize, trigram, allowedReplicationLag, tlsEnabled: tls,
      nodePrefix: nodePrefix ?? null, backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION',
      nodes, databases, ipAddress: `${network.cidr.split('.').slice(0, 3).join('.')}.${100 + (id % 100)}`,
    },
  });
  return createResource(ctx, r, self.label);
}
