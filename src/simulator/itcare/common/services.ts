// Service routes (ITCARE-API §10.1, `001:9541-11908`): the paged list, one service and its
// sub-lists of every kind (resources, actions in progress, history). Services are read-only. The
// sub-lists by category are the aggregates' (`aggregates.ts`), those of one kind are in its folder.
import { json } from '../../reply.js';
import type { Router } from '../../router.js';
import { actionObject, actionRecord } from './actions.js';
import { listParam, matchIn, matchNames, matchTags, pageOf } from './list-query.js';
import { loadService } from './paas.js';
import { resourceBase, serviceView } from './views.js';

const BASE = '/itcare/compute/services';

export function registerServices(router: Router): void {
  router.get(BASE, (ctx) => {
    const q = ctx.query;
    const names = listParam(q, 'names');
    const environments = listParam(q, 'environments');
    const statuses = listParam(q, 'statuses');
    const tags = listParam(q, 'tags');
    const items = ctx.state.services.filter((s) => matchNames(names, s.name) && matchIn(environments, s.environment)
      && matchIn(statuses, s.status) && matchTags(tags, s.tags));
    return json(200, pageOf(items.map(serviceView), q));
  });
  router.get(`${BASE}/:id`, (ctx) => json(200, serviceView(loadService(ctx))));
  router.get(`${BASE}/:id/resources`, (ctx) => {
    const s = loadService(ctx);
    const names = listParam(ctx.query, 'names');
    const categories = listParam(ctx.query, 'categories');
    const statuses = listParam(ctx.query, 'statuses');
    const items = ctx.state.resources
      .filter((r) => r.serviceId === s.id && matchNames(names, r.name) && matchIn(categories, r.category) && matchIn(statuses, r.status))
      .sort((a, b) => a.id - b.id);
    return json(200, items.map((r) => resourceBase(ctx.state, r)));
  });
  /** Action objects (§2.2 shape) of the service's resources; `category` filters by resource category. */
  router.get(`${BASE}/:id/actions-in-progress`, (ctx) => {
    const s = loadService(ctx);
    const category = ctx.query.get('category') ?? '';
    const items = ctx.state.actions
      .filter((a) => a.serviceId === s.id && a.status === 'IN_PROGRESS' && (!category || a.category.toLowerCase() === category.toLowerCase()))
      .sort((a, b) => a.id - b.id);
    return json(200, items.map(actionObject));
  });
  router.get(`${BASE}/:id/history`, (ctx) => {
    const s = loadService(ctx);
    const ops = listParam(ctx.query, 'actions');
    const statuses = listParam(ctx.query, 'statuses');
    const names = listParam(ctx.query, 'names');
    const items = ctx.state.actions
      .filter((a) => a.serviceId === s.id && (!ops || matchIn(ops, a.operation) || matchIn(ops, a.process))
        && matchIn(statuses, a.status) && matchNames(names, a.resourceName))
      .sort((a, b) => a.id - b.id);
    return json(200, items.map(actionRecord));
  });
}
