// Generic resource routes (ITCARE-API §10.2, `001:7925-8240`, `001:9116-9163`): the paged list over
// every kind, one resource, the HEAD existence check by name, its patch policy and its history.
import { actionRecord } from './actions.js';
import { intListParam, listParam, matchIn, matchNames, matchTags, pageOf } from './list-query.js';
import { patchPartyView } from './patch-party.js';
import { empty, json, notFound, type RouteContext } from '../../reply.js';
import type { Router } from '../../router.js';
import { findResource, findService, type ResourceRecord } from '../../state.js';
import { parseId } from './validate.js';
import { K8S_VERSIONS } from '../kinds/kubernetes-cluster/nodes.js';
import { networkView, resourceItem } from './views.js';

const BASE = '/itcare/compute/resources';

export function registerResources(router: Router): void {
  router.get(BASE, (ctx) => {
    const q = ctx.query;
    const f = {
      services: intListParam(q, 'services'), ids: intListParam(q, 'ids'), names: listParam(q, 'names'),
      types: listParam(q, 'types'), families: listParam(q, 'families'), versions: listParam(q, 'versions'),
      environments: listParam(q, 'environments'), statuses: listParam(q, 'statuses'), tags: listParam(q, 'tags'),
    };
    const items = ctx.state.resources.filter((r) =>
      (!f.services || f.services.includes(r.serviceId)) && (!f.ids || f.ids.includes(r.id))
      && matchNames(f.names, r.name) && matchIn(f.types, r.type) && matchIn(f.families, r.family)
      && matchIn(f.versions, r.version) && matchIn(f.environments, findService(ctx.state, r.serviceId)?.environment)
      && matchIn(f.statuses, r.status) && matchTags(f.tags, r.tags));
    return json(200, pageOf(items.map((r) => resourceItem(ctx.state, r)), q));
  });
  router.get(`${BASE}/:id`, (ctx) => json(200, resourceItem(ctx.state, load(ctx))));
  /**
   * 200 with no content when a resource has that name (`001:7925-7945`); 404 otherwise (the
   * not-found answer is undocumented). `type`, when given, must equal the resource's type
   * (case-insensitive). The match is on the exact name, across services.
   */
  router.head(`${BASE}/:name`, (ctx) => {
    const name = ctx.params.name!;
    const type = ctx.query.get('type');
    const found = ctx.state.resources.some((r) => r.name === name && (!type || r.type.toLowerCase() === type.toLowerCase()));
    if (!found) throw notFound();
    return empty(200);
  });
  /**
   * `GET /itcare/compute/instances/{id}/networks` (`001:4050-4100`): "network information of a
   * resource", one object as sampled, its `ipAddress` being the instance's address (choice: the sample
   * does not say whether it is the network's or the resource's; the LB create example pairs a member's
   * network id with "ipAddress": "1.2.3.4", `004:1764-1772`).
   */
  router.get('/itcare/compute/instances/:id/networks', (ctx) => {
    const r = load(ctx);
    if (r.kind !== 'instance') throw notFound();
    const net = ctx.state.networks.find((n) => n.id === r.attrs.networkId);
    if (!net) throw notFound();
    return json(200, { ...networkView(net), ipAddress: String(r.attrs.ipAddress ?? '') });
  });
  /**
   * `GET /itcare/compute/platform/products?type=` (`001:4336-4400`): the catalogue. Only the
   * Kubernetes products are modelled, one per version the simulator offers (`productVersion` = the
   * minor, as `upgrade` takes it, `001:17768-17784`); another type answers an empty list.
   */
  router.get('/itcare/compute/platform/products', (ctx) => {
    const type = ctx.query.get('type');
    if (type && type.toUpperCase() !== 'KUBERNETES') return json(200, []);
    return json(200, K8S_VERSIONS.map((v) => ({
      category: 'CONTAINERS', code: `K8S_${v.version.replace('.', '_')}`, id: `kubernetes-${v.version}`, label: `Kubernetes ${v.version}`,
      name: 'Kubernetes', platform: 'kubernetes', productDisplayable: true, productIsDisabled: false, productIsInBetaMode: false,
      productVersion: v.version, status: 'ACTIVE', supportPhase: 'STANDARD', technology: 'KUBERNETES',
    })));
  });
  router.get(`${BASE}/:id/patch-policy`, (ctx) => json(200, patchPartyView(load(ctx))));
  router.get(`${BASE}/:id/history`, (ctx) => {
    const r = load(ctx);
    const ops = listParam(ctx.query, 'actions');
    const statuses = listParam(ctx.query, 'statuses');
    const items = ctx.state.actions
      .filter((a) => a.resourceId === r.id && (!ops || matchIn(ops, a.operation) || matchIn(ops, a.process)) && matchIn(statuses, a.status))
      .sort((a, b) => a.id - b.id)
      .map(actionRecord);
    return json(200, items);
  });
}

function load(ctx: RouteContext): ResourceRecord {
  const r = findResource(ctx.state, parseId(ctx.params.id));
  if (!r) throw notFound();
  return r;
}
