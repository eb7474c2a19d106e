// Load-balancer routes (ITCARE-API §7, `004:154-2624`): the paged list, create, GET, PATCH
// operations, DELETE, the protocol catalogue, the internal whitelist and the service sub-list
// `/services/{id}/loadbalancers`; URLs and pool members are in their own route files.
import { boolParam, intListParam, listParam, matchIn, matchNames, matchTags, pageOf } from '../../common/list-query.js';
import { fieldError, json, notFound, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { findService, type ResourceRecord } from '../../../state.js';
import { asObject, parseId } from '../../common/validate.js';
import { createLoadBalancer } from './create.js';
import { registerLoadBalancerMembers } from './members.js';
import { LB_BASE, LB_KIND, LB_LABEL, lbBot, lbUrls, PROTOCOLS, urlKey } from './model.js';
import { lbOps } from './operations.js';
import { registerLoadBalancerUrls } from './urls.js';
import { loadBalancerView } from './views.js';
import { deleteResource, loadResource, patchResource } from '../../common/paas.js';

/** "Internal Whitelist" (`004:1035-1053`, undescribed string[]): Cegedim's internal ranges (choice). */
const INTERNAL_WHITELIST = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export function registerLoadBalancers(router: Router): void {
  router.get(LB_BASE, (ctx) => json(200, pageOf(filterLbs(ctx, ctx.state.resources).map((r) => loadBalancerView(ctx.state, r)), ctx.query)));
  router.post(LB_BASE, (ctx) => createLoadBalancer(ctx, asObject(ctx.body)));
  router.get(`${LB_BASE}/protocols`, () => json(200, structuredClone(PROTOCOLS)));
  router.get(`${LB_BASE}/internal-whitelist`, () => json(200, [...INTERNAL_WHITELIST]));
  router.get(`${LB_BASE}/:id`, (ctx) => json(200, loadBalancerView(ctx.state, loadResource(ctx, LB_KIND))));
  router.patch(`${LB_BASE}/:id`, (ctx) => patchResource(ctx, LB_KIND, LB_LABEL, lbOps));
  router.delete(`${LB_BASE}/:id`, (ctx) => deleteResource(ctx, LB_KIND, LB_LABEL));
  registerLoadBalancerUrls(router);
  registerLoadBalancerMembers(router);
  /** `names`, `statuses` and `nodes` ("Number of Members", `001:10411-10440`). */
  router.get('/itcare/compute/services/:id/loadbalancers', (ctx) => {
    const s = findService(ctx.state, parseId(ctx.params.id));
    if (!s) throw notFound();
    const names = listParam(ctx.query, 'names');
    const statuses = listParam(ctx.query, 'statuses');
    const nodes = intParam(ctx, 'nodes');
    const items = ctx.state.resources
      .filter((r) => r.kind === LB_KIND && r.serviceId === s.id && matchNames(names, r.name) && matchIn(statuses, r.status)
        && (nodes === undefined || r.nodeCount === nodes))
      .sort((a, b) => a.id - b.id);
    return json(200, items.map((r) => loadBalancerView(ctx.state, r)));
  });
}

/**
 * List filters (`004:1073-1143`): `names` match the LB name (its url) exactly; `urls` match a
 * substring of any of its URLs, case-insensitive (the example is `.cegedim.cloud`); `protocols` the
 * profile name. iRules, persistence, balancing mode and vlan filters are not modelled (ignored).
 */
function filterLbs(ctx: RouteContext, from: ResourceRecord[]): ResourceRecord[] {
  const q = ctx.query;
  const services = intListParam(q, 'services');
  const [names, environments, statuses, tags, urls, protocols] =
    ['names', 'environments', 'statuses', 'tags', 'urls', 'protocols'].map((p) => listParam(q, p));
  const [bot, monitoring, onCall] = ['botdefense', 'monitoringStatus', 'monitoringOnCallStatus'].map((p) => boolParam(q, p));
  return from.filter((r) => r.kind === LB_KIND
    && (!services || services.includes(r.serviceId)) && matchNames(names, r.name)
    && matchIn(environments, findService(ctx.state, r.serviceId)?.environment) && matchIn(statuses, r.status)
    && matchTags(tags, r.tags) && matchIn(protocols, String(r.attrs.profileName))
    && (!urls || urls.some((u) => lbUrls(r).some((x) => urlKey(x.name).includes(u.toLowerCase()))))
    && (bot === undefined || (lbBot(r) !== undefined) === bot)
    && (monitoring === undefined || r.monitoringEnabled === monitoring)
    && (onCall === undefined || r.monitoringOnCallEnabled === onCall));
}

function intParam(ctx: RouteContext, name: string): number | undefined {
  const v = ctx.query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) throw fieldError(name, `Error on field '${name}': must be an integer`);
  return Number(v);
}
