// Kubernetes routes (ITCARE-API §6, `001:16383-18219`): the shared routes (GET, networks, PATCH
// through the descriptor's operations, DELETE), the paged list, create, nodes, node metrics, ingress
// providers, DELETE of one node, the cluster's custom load balancers and the service sub-list
// `/services/{id}/kubernetes`.
import { fieldError, json, notFound, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId, type ResourceRecord } from '../../../state.js';
import { assertIdle, type CustomEffect } from '../../common/actions.js';
import type { ItcareKind } from '../../common/kind.js';
import { resourceFilter, type FilterBuilder } from '../../common/list-filters.js';
import { listParam, matchIn, pageOf } from '../../common/list-query.js';
import { accepted, checkPlacement, checkUniqueName, createResource, loadResource, loadService, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkSizing, optionalBool, optionalString, parseId, requireInt, requireString } from '../../common/validate.js';
import { createLoadBalancer } from '../load-balancer/create.js';
import { loadBalancer } from '../load-balancer/index.js';
import { INGRESS_NODE_COUNT, INGRESS_PROVIDERS, K8S_DEFAULT_VERSION, k8sNodes, makeNodes, versionDetailed } from './nodes.js';
import { deleteNodeResult } from './operations.js';
import { clusterView, k8sNodeView, metrics } from './views.js';

const NAME_PATTERN = /^[a-z0-9-]+$/; // `[a-z0-9\-]+` (`001:16660`), anchored

/** The effect of a cluster's delete action. */
export const DELETE_CLUSTER_EFFECT = 'kubernetes.delete';

/** Deleting a cluster also removes its custom load balancers (choice: they are sub-resources of it). */
export const deleteCluster: CustomEffect = (state, action) => {
  for (let i = state.resources.length - 1; i >= 0; i--) {
    const r = state.resources[i]!;
    if (r.id === action.resourceId || r.attrs.parentId === action.resourceId) state.resources.splice(i, 1);
  }
};

export function kubernetesRoutes(router: Router, self: ItcareKind): void {
  const base = `/itcare${self.resource.path}`;
  const kind = self.kind;
  const list = (ctx: RouteContext, from: ResourceRecord[]): ResourceRecord[] => {
    const test = resourceFilter(ctx, CLUSTER_FILTERS);
    return from.filter((r) => r.kind === kind && test(r));
  };
  registerResourceRoutes(router, self, { create: (ctx) => createCluster(ctx, self), networks: true });
  router.get(base, (ctx) => json(200, pageOf(list(ctx, ctx.state.resources).map((r) => clusterView(ctx.state, r)), ctx.query)));
  router.get(`${base}/ingress-providers`, () => json(200, [...INGRESS_PROVIDERS]));
  router.get(`${base}/:id/nodes`, (ctx) => {
    const r = loadResource(ctx, kind);
    return json(200, k8sNodes(r).map((n) => k8sNodeView(ctx.state, r, n)));
  });
  router.get(`${base}/:id/metrics`, (ctx) => json(200, metrics(loadResource(ctx, kind), ctx.query.get('type'))));
  router.get(`${base}/:id/loadbalancers`, (ctx) => {
    const r = loadResource(ctx, kind);
    const lbs = ctx.state.resources.filter((x) => x.attrs.parentId === r.id).sort((a, b) => a.id - b.id);
    return json(200, lbs.map((lb) => loadBalancer.view!(ctx.state, lb)));
  });
  /** The LB create body without `members` (`001:17303-17465`); its serviceId must be the cluster's (choice). */
  router.post(`${base}/:id/loadbalancers`, (ctx) => createLoadBalancer(ctx, loadBalancer, asObject(ctx.body), loadResource(ctx, kind)));
  /** An id that is not a node of the cluster is 404 (choice: the path names a missing node). */
  router.delete(`${base}/:id/nodes/:nodeId`, (ctx) => {
    const r = loadResource(ctx, kind);
    const nodeId = parseId(ctx.params.nodeId, 'nodeId');
    if (!k8sNodes(r).some((n) => n.id === nodeId)) throw notFound();
    assertIdle(ctx.state, r.id);
    const node = k8sNodes(r).find((n) => n.id === nodeId)!;
    return accepted(ctx, { ...deleteNodeResult(r, nodeId), resource: r, operation: 'delete_node', message: `Delete node ${node.name} of ${self.label} ${r.name}` });
  });
  router.get('/itcare/compute/services/:id/kubernetes', (ctx) => {
    const s = loadService(ctx);
    const items = list(ctx, ctx.state.resources.filter((r) => r.serviceId === s.id));
    return json(200, items.sort((a, b) => a.id - b.id).map((r) => clusterView(ctx.state, r)));
  });
}

/** `versions` matches the minor (`1.29`) or the detailed version (`v1.29.10`). */
const versions: FilterBuilder = (ctx) => {
  const values = listParam(ctx.query, 'versions');
  return values ? (r) => matchIn(values, r.version) || matchIn(values, versionDetailed(r.version)) : undefined;
};

/** List filters (`001:16383-16448`); `topologies` is `Standard` | `HA`; `recoveryStatus` (DRP) is always false here. */
const CLUSTER_FILTERS = [
  'services', 'names', 'environments', 'statuses', 'tags', 'topologies', versions, 'regions', 'monitoringStatus',
  'monitoringOnCallStatus', 'backupStatus', 'recoveryStatus', 'includedInPatchParty',
] as const;

/**
 * Required fields are the schema's (`001:16599-16746`) except `platform` (Required but in no
 * example: accepted when absent). The new cluster is `Standard`, at the default version, with
 * `instanceCount` nodes of `nodeSizing` spread over the area's AZs; the first two are ingress nodes.
 */
function createCluster(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) throw fieldError('name', "Error on field 'name': must match [a-z0-9\\-]+");
  const area = requireString(body, 'area');
  const region = requireString(body, 'region');
  const { service, network } = checkPlacement(ctx, body);
  const sizing = requireString(body, 'nodeSizing');
  checkSizing(sizing, 'nodeSizing');
  const instanceCount = requireInt(body, 'instanceCount', { min: 2, max: 12 });
  const rawIngress = requireString(body, 'ingressProvider');
  // Matched case-insensitively and stored as listed by /ingress-providers (choice).
  const ingressProvider = INGRESS_PROVIDERS.find((p) => p.toLowerCase() === rawIngress.toLowerCase());
  if (!ingressProvider) {
    throw fieldError('ingressProvider', `Error on field 'ingressProvider': must be one of ${INGRESS_PROVIDERS.join(', ')}`);
  }
  const platform = optionalString(body, 'platform');
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const r = newRecord(ctx, self, {
    id: allocateResourceId(ctx.state), name, serviceId: service.id, version: K8S_DEFAULT_VERSION, sizing, topology: 'Standard',
    nodeCount: instanceCount, monitoring,
    attrs: {
      region, area, networkId: network.id, ingressProvider, supportsHAMode: true, platform: platform ?? null,
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nextNode: 1,
    },
  });
  const made = makeNodes(ctx.state, r, [], instanceCount, sizing, undefined);
  made.nodes.forEach((n, i) => { n.ingress = i < INGRESS_NODE_COUNT; });
  r.attrs.nodes = made.nodes;
  r.attrs.nextNode = made.nextNode;
  return createResource(ctx, r, self.label);
}
