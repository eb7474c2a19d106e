// Kubernetes routes (ITCARE-API §6, `001:16383-18219`): the paged list, create, GET, nodes,
// networks, node metrics, ingress providers, PATCH operations, DELETE of the cluster or of one
// node, the cluster's custom load balancers, and the service sub-list `/services/{id}/kubernetes`.
import { assertIdle, iso, registerEffect } from '../../common/actions.js';
import { boolParam, intListParam, listParam, matchIn, matchNames, matchTags, pageOf } from '../../common/list-query.js';
import { fieldError, json, notFound, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId, findService, newPatchParty, type ResourceRecord } from '../../../state.js';
import { asObject, checkChangeReference, checkSizing, optionalBool, optionalString, parseId, requireInt, requireString } from '../../common/validate.js';
import { INGRESS_NODE_COUNT, INGRESS_PROVIDERS, K8S_DEFAULT_VERSION, k8sNodes, makeNodes, versionDetailed } from './nodes.js';
import { deleteNodeResult, k8sOps } from './operations.js';
import { clusterView, k8sNodeView, metrics } from './views.js';
import { createLoadBalancer } from '../load-balancer/create.js';
import { loadBalancerView } from '../load-balancer/views.js';
import { accepted, checkPlacement, checkUniqueName, createResource, loadResource, monitoringAtCreate, patchResource } from '../../common/paas.js';
import { networkView } from '../../common/views.js';

export const K8S_KIND = 'kubernetes';
const LABEL = 'Kubernetes';
const BASE = '/itcare/compute/containers/kubernetes';
const NAME_PATTERN = /^[a-z0-9-]+$/; // `[a-z0-9\-]+` (`001:16660`), anchored

/** Deleting a cluster also removes its custom load balancers (choice: they are sub-resources of it). */
registerEffect('kubernetes.delete', (state, action) => {
  for (let i = state.resources.length - 1; i >= 0; i--) {
    const r = state.resources[i]!;
    if (r.id === action.resourceId || r.attrs.parentId === action.resourceId) state.resources.splice(i, 1);
  }
});

export function registerKubernetes(router: Router): void {
  router.get(BASE, (ctx) => json(200, pageOf(filterClusters(ctx, ctx.state.resources).map((r) => clusterView(ctx.state, r)), ctx.query)));
  router.post(BASE, createCluster);
  router.get(`${BASE}/ingress-providers`, () => json(200, [...INGRESS_PROVIDERS]));
  router.get(`${BASE}/:id`, (ctx) => json(200, clusterView(ctx.state, loadResource(ctx, K8S_KIND))));
  router.get(`${BASE}/:id/nodes`, (ctx) => {
    const r = loadResource(ctx, K8S_KIND);
    return json(200, k8sNodes(r).map((n) => k8sNodeView(ctx.state, r, n)));
  });
  router.get(`${BASE}/:id/networks`, (ctx) => {
    const r = loadResource(ctx, K8S_KIND);
    return json(200, ctx.state.networks.filter((n) => n.id === r.attrs.networkId).map(networkView));
  });
  router.get(`${BASE}/:id/metrics`, (ctx) => json(200, metrics(loadResource(ctx, K8S_KIND), ctx.query.get('type'))));
  router.get(`${BASE}/:id/loadbalancers`, (ctx) => {
    const r = loadResource(ctx, K8S_KIND);
    const lbs = ctx.state.resources.filter((x) => x.attrs.parentId === r.id).sort((a, b) => a.id - b.id);
    return json(200, lbs.map((lb) => loadBalancerView(ctx.state, lb)));
  });
  /** The LB create body without `members` (`001:17303-17465`); its serviceId must be the cluster's (choice). */
  router.post(`${BASE}/:id/loadbalancers`, (ctx) => createLoadBalancer(ctx, asObject(ctx.body), loadResource(ctx, K8S_KIND)));
  router.patch(`${BASE}/:id`, (ctx) => patchResource(ctx, K8S_KIND, LABEL, k8sOps));
  router.delete(`${BASE}/:id`, (ctx) => {
    const r = loadResource(ctx, K8S_KIND);
    if (ctx.body !== undefined) checkChangeReference(asObject(ctx.body));
    assertIdle(ctx.state, r.id);
    return accepted(ctx, { resource: r, operation: 'delete', message: `Delete ${LABEL} ${r.name}`, effect: { type: 'custom', name: 'kubernetes.delete' } });
  });
  /** An id that is not a node of the cluster is 404 (choice: the path names a missing node). */
  router.delete(`${BASE}/:id/nodes/:nodeId`, (ctx) => {
    const r = loadResource(ctx, K8S_KIND);
    const nodeId = parseId(ctx.params.nodeId, 'nodeId');
    if (!k8sNodes(r).some((n) => n.id === nodeId)) throw notFound();
    assertIdle(ctx.state, r.id);
    const node = k8sNodes(r).find((n) => n.id === nodeId)!;
    return accepted(ctx, { ...deleteNodeResult(r, nodeId), resource: r, operation: 'delete_node', message: `Delete node ${node.name} of ${LABEL} ${r.name}` });
  });
  router.get('/itcare/compute/services/:id/kubernetes', (ctx) => {
    const s = findService(ctx.state, parseId(ctx.params.id));
    if (!s) throw notFound();
    const items = filterClusters(ctx, ctx.state.resources.filter((r) => r.serviceId === s.id));
    return json(200, items.sort((a, b) => a.id - b.id).map((r) => clusterView(ctx.state, r)));
  });
}

/**
 * List filters (`001:16383-16448`). `versions` matches the minor (`1.29`) or the detailed version
 * (`v1.29.10`); `topologies` is `Standard` | `HA`; `recoveryStatus` (DRP) is always false here.
 */
function filterClusters(ctx: RouteContext, from: ResourceRecord[]): ResourceRecord[] {
  const q = ctx.query;
  const services = intListParam(q, 'services');
  const [names, environments, statuses, tags, topologies, versions, regions] =
    ['names', 'environments', 'statuses', 'tags', 'topologies', 'versions', 'regions'].map((p) => listParam(q, p));
  const [monitoring, onCall, backup, recovery, patchParty] =
    ['monitoringStatus', 'monitoringOnCallStatus', 'backupStatus', 'recoveryStatus', 'includedInPatchParty'].map((p) => boolParam(q, p));
  return from.filter((r) => r.kind === K8S_KIND
    && (!services || services.includes(r.serviceId)) && matchNames(names, r.name)
    && matchIn(environments, findService(ctx.state, r.serviceId)?.environment) && matchIn(statuses, r.status)
    && matchTags(tags, r.tags) && matchIn(topologies, r.topology) && matchIn(regions, String(r.attrs.region))
    && (!versions || matchIn(versions, r.version) || matchIn(versions, versionDetailed(r.version)))
    && (monitoring === undefined || r.monitoringEnabled === monitoring)
    && (onCall === undefined || r.monitoringOnCallEnabled === onCall)
    && (backup === undefined || (r.attrs.backupEnabled === true) === backup)
    && (recovery === undefined || recovery === false)
    && (patchParty === undefined || !r.patchParty.excluded === patchParty));
}

/**
 * Required fields are the schema's (`001:16599-16746`) except `platform` (Required but in no
 * example: accepted when absent). The new cluster is `Standard`, at the default version, with
 * `instanceCount` nodes of `nodeSizing` spread over the area's AZs; the first two are ingress nodes.
 */
function createCluster(ctx: RouteContext): Reply {
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

  const r: ResourceRecord = {
    id: allocateResourceId(ctx.state), kind: K8S_KIND, name, serviceId: service.id, category: 'CONTAINERS', type: 'KUBERNETES',
    family: 'KUBERNETES', technology: 'KUBERNETES', path: '/compute/containers/kubernetes', status: 'PREPARATION',
    version: K8S_DEFAULT_VERSION, sizing, topology: 'Standard', nodeCount: instanceCount, ...monitoring,
    patchParty: newPatchParty(), tags: [], creationTime: iso(ctx.now), creationUser: ctx.principal,
    attrs: {
      region, area, networkId: network.id, ingressProvider, supportsHAMode: true, platform: platform ?? null,
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION', nextNode: 1,
    },
  };
  const made = makeNodes(ctx.state, r, [], instanceCount, sizing, undefined);
  made.nodes.forEach((n, i) => { n.ingress = i < INGRESS_NODE_COUNT; });
  r.attrs.nodes = made.nodes;
  r.attrs.nextNode = made.nextNode;
  return createResource(ctx, r, LABEL);
}

