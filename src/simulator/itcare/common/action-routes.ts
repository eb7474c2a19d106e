// Action tracking routes (ITCARE-API §2.3, `001:19059-19127`): one action by id, and the filtered
// list. `requestId` is taken to be the action id returned by the 202 (undocumented, §13.19).
import { actionRecord } from './actions.js';
import { intListParam, listParam, matchIn } from './list-query.js';
import { json, notFound } from '../../reply.js';
import type { Router } from '../../router.js';
import { parseId } from './validate.js';

export function registerActionRoutes(router: Router): void {
  router.get('/itcare/actions/:actionId', (ctx) => {
    const id = parseId(ctx.params.actionId, 'actionId');
    const a = ctx.state.actions.find((x) => x.id === id);
    if (!a) throw notFound();
    return json(200, actionRecord(a));
  });
  router.get('/itcare/actions', (ctx) => {
    const q = ctx.query;
    const resourceName = q.get('resourceName') ?? undefined;
    const resourceId = intListParam(q, 'resourceId');
    const serviceId = intListParam(q, 'serviceId');
    const requestId = intListParam(q, 'requestId');
    const statuses = listParam(q, 'statuses');
    const items = ctx.state.actions
      .filter((a) => (resourceName === undefined || a.resourceName === resourceName)
        && (!resourceId || resourceId.includes(a.resourceId))
        && (!serviceId || serviceId.includes(a.serviceId))
        && (!requestId || requestId.includes(a.id))
        && matchIn(statuses, a.status))
      .sort((a, b) => a.id - b.id)
      .map(actionRecord);
    return json(200, items);
  });
}
