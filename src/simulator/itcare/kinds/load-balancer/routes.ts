// Load-balancer routes (ITCARE-API §7, `004:154-2624`): the shared routes (GET, PATCH through the
// descriptor's operations, DELETE with an optional `{changeReference}`), the paged list, create, the
// protocol catalogue, the internal whitelist and the service sub-list `/services/{id}/loadbalancers`;
// URLs and pool members are in their own route files.
import { fieldError, json, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import type { ItcareKind } from '../../common/kind.js';
import { byFlag, byList, resourceFilter, type FilterBuilder } from '../../common/list-filters.js';
import { listParam, matchIn, matchNames, pageOf } from '../../common/list-query.js';
import { loadService } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject } from '../../common/validate.js';
import { createLoadBalancer } from './create.js';
import { registerLoadBalancerMembers } from './members.js';
import { LB_BASE, lbBot, lbUrls, PROTOCOLS, urlKey } from './model.js';
import { registerLoadBalancerUrls } from './urls.js';
import { loadBalancerView } from './views.js';

/** "Internal Whitelist" (`004:1035-1053`, undescribed string[]): Cegedim's internal ranges (choice). */
const INTERNAL_WHITELIST = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export function loadBalancerRoutes(router: Router, self: ItcareKind): void {
  registerResourceRoutes(router, self, { create: (ctx) => createLoadBalancer(ctx, self, asObject(ctx.body)) });
  router.get(LB_BASE, (ctx) => {
    const test = resourceFilter(ctx, LB_FILTERS);
    const lbs = ctx.state.resources.filter((r) => r.kind === self.kind && test(r));
    return json(200, pageOf(lbs.map((r) => loadBalancerView(ctx.state, r)), ctx.query));
  });
  router.get(`${LB_BASE}/protocols`, () => json(200, structuredClone(PROTOCOLS)));
  router.get(`${LB_BASE}/internal-whitelist`, () => json(200, [...INTERNAL_WHITELIST]));
  registerLoadBalancerUrls(router);
  registerLoadBalancerMembers(router);
  /** `names`, `statuses` and `nodes` ("Number of Members", `001:10411-10440`). */
  router.get('/itcare/compute/services/:id/loadbalancers', (ctx) => {
    const s = loadService(ctx);
    const names = listParam(ctx.query, 'names');
    const statuses = listParam(ctx.query, 'statuses');
    const nodes = intParam(ctx, 'nodes');
    const items = ctx.state.resources
      .filter((r) => r.kind === self.kind && r.serviceId === s.id && matchNames(names, r.name) && matchIn(statuses, r.status)
        && (nodes === undefined || r.nodeCount === nodes))
      .sort((a, b) => a.id - b.id);
    return json(200, items.map((r) => loadBalancerView(ctx.state, r)));
  });
}

/** `urls` match a substring of any of the LB's URLs, case-insensitive (the example is `.cegedim.cloud`). */
const urls: FilterBuilder = (ctx) => {
  const values = listParam(ctx.query, 'urls');
  return values ? (r) => values.some((u) => lbUrls(r).some((x) => urlKey(x.name).includes(u.toLowerCase()))) : undefined;
};

/**
 * List filters (`004:1073-1143`): `names` match the LB name (its url) exactly; `protocols` the
 * profile name. iRules, persistence, balancing mode and vlan filters are not modelled (ignored).
 */
const LB_FILTERS = [
  'services', 'names', 'environments', 'statuses', 'tags', byList('protocols', (r) => String(r.attrs.profileName)), urls,
  byFlag('botdefense', (r) => lbBot(r) !== undefined), 'monitoringStatus', 'monitoringOnCallStatus',
] as const;

function intParam(ctx: RouteContext, name: string): number | undefined {
  const v = ctx.query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) throw fieldError(name, `Error on field '${name}': must be an integer`);
  return Number(v);
}
