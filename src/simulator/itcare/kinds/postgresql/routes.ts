// PostgreSQL routes (ITCARE-API §5, `001:15463-16329`): create (STANDALONE | HA), GET, databases,
// extensions, versions, nodes, networks, PATCH (common ops + enable_ha, upgrade, install_extension;
// restore is refused), DELETE. The create schema is collapsed in the docs: the rules come from the prose.
import { iso } from '../../common/actions.js';
import { fieldError, json, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId, newPatchParty, type ResourceRecord } from '../../../state.js';
import { asObject, checkPaasName, checkPassword, checkSizing, optionalBool, optionalString, requireBool, requireInt, requireString } from '../../common/validate.js';
import { checkPlacement, checkUniqueName, commonOps, createResource, deleteResource, loadResource, monitoringAtCreate, patchResource } from '../../common/paas.js';
import { otherAz, PG_EXTENSIONS, PG_MAX_VERSION, pgOps, upgradeTargets, type PgDatabase } from './operations.js';
import { networkView, nodeView, nodesOf, resourceBase, sizingParts, type NodeRecord } from '../../common/views.js';

export const PG_KIND = 'postgresql';
export const PG_LABEL = 'PostgreSQL';
const BASE = '/itcare/databases/postgresql';
export function registerPostgresql(router: Router): void {
  router.post(BASE, createPostgresql);
  router.get(`${BASE}/:id`, (ctx) => json(200, pgView(ctx, loadResource(ctx, PG_KIND))));
  router.get(`${BASE}/:id/databases`, (ctx) => json(200, structuredClone(loadResource(ctx, PG_KIND).attrs.databases ?? [])));
  router.get(`${BASE}/:id/extensions`, (ctx) => (loadResource(ctx, PG_KIND), json(200, PG_EXTENSIONS)));
  router.get(`${BASE}/:id/versions`, (ctx) => json(200, upgradeTargets(loadResource(ctx, PG_KIND))));
  router.get(`${BASE}/:id/nodes`, (ctx) => {
    const r = loadResource(ctx, PG_KIND);
    return json(200, nodesOf(r).map((n, i) => nodeView(ctx.state, r, n, i)));
  });
  router.get(`${BASE}/:id/networks`, (ctx) => {
    const r = loadResource(ctx, PG_KIND);
    return json(200, ctx.state.networks.filter((n) => n.id === r.attrs.networkId).map(networkView));
  });
  router.patch(`${BASE}/:id`, (ctx) => patchResource(ctx, PG_KIND, PG_LABEL, { ...commonOps, ...pgOps }));
  router.delete(`${BASE}/:id`, (ctx) => deleteResource(ctx, PG_KIND, PG_LABEL, false));
}

function createPostgresql(ctx: RouteContext): Reply {
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
  const r: ResourceRecord = {
    id, kind: PG_KIND, name, serviceId: service.id, category: 'MANAGED_DATABASES', type: 'POSTGRESQL',
    family: 'POSTGRESQL', technology: 'POSTGRESQL', path: '/databases/postgresql', status: 'PREPARATION',
    version: String(version), sizing, topology, nodeCount: count, ...monitoring, patchParty: newPatchParty(),
    tags: [], creationTime: iso(ctx.now), creationUser: ctx.principal,
    attrs: {
      region, area, az: az ?? null, networkId: network.id, diskSize, trigram, allowedReplicationLag, tlsEnabled: tls,
      nodePrefix: nodePrefix ?? null, backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION',
      nodes, databases, ipAddress: `${network.cidr.split('.').slice(0, 3).join('.')}.${100 + (id % 100)}`,
    },
  };
  return createResource(ctx, r, PG_LABEL);
}

/** `GET /itcare/databases/postgresql/{id}` (`001:15633-15724`). */
function pgView(ctx: RouteContext, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  const a = r.attrs;
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(ctx.state, r), {
    allowMonitoringDisplay: true, allowedReplicationLag: a.allowedReplicationLag, area: a.area, cpu, ram,
    instanceCount: r.nodeCount, ipAddress: a.ipAddress, networkId: a.networkId, nodeCount: r.nodeCount,
    nodeSizing: r.sizing, storage: a.diskSize, tlsEnabled: a.tlsEnabled === true, topology: r.topology,
    trigram: a.trigram, url: `${r.name}.${String(a.area).toLowerCase()}.postgresql.cegedim.cloud:5432`, version: r.version,
  });
}
