// Generic resource routes (ITCARE-API §10.2, `001:7925-8240`, `001:9116-9163`): the paged list over
// every kind, one resource, the HEAD existence check by name, its patch policy and its history.
import { empty, json, notFound, type RouteContext } from '../../reply.js';
import type { Router } from '../../router.js';
import { findResource, type ResourceRecord } from '../../state.js';
import { actionRecord } from './actions.js';
import { resourceFilter } from './list-filters.js';
import { listParam, matchIn, pageOf } from './list-query.js';
import { patchPartyView } from './patch-party.js';
import { parseId } from './validate.js';
import { resourceItem } from './views.js';

const BASE = '/itcare/compute/resources';

export function registerResources(router: Router): void {
  router.get(BASE, (ctx) => {
    const test = resourceFilter(ctx, ['services', 'ids', 'names', 'types', 'families', 'versions', 'environments', 'statuses', 'tags']);
    return json(200, pageOf(ctx.state.resources.filter(test).map((r) => resourceItem(ctx.state, r)), ctx.query));
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

/** The resource `:id` of any kind, or 404. */
function load(ctx: RouteContext): ResourceRecord {
  const r = findResource(ctx.state, parseId(ctx.params.id));
  if (!r) throw notFound();
  return r;
}
