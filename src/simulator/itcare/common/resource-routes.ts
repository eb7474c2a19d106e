// The routes every kind of the ITCare pattern has (ITCARE-API §11), built from its descriptor:
// `POST {path}` (its create), `GET {path}` (its own paged list, when it has one), `GET {path}/{id}` (its
// view), `GET {path}/{id}/nodes` and `/networks`, `PATCH {path}/{id}` (its operations table) and
// `DELETE {path}/{id}` (its deletion rule).
import { json } from '../../reply.js';
import type { Handler, Router } from '../../router.js';
import type { ItcareKind } from './kind.js';
import { resourceFilter, type FilterBuilder, type SharedFilter } from './list-filters.js';
import { pageOf } from './list-query.js';
import { deleteResource, loadResource, patchResource } from './paas.js';
import { networkView, nodesOf, nodeView } from './views.js';

/** One node of a farm as `GET {path}/{id}/nodes` shows it (`nodeView` by default). */
export type NodeView = typeof nodeView;

/** Which of the shared routes a kind has besides create, GET, PATCH and DELETE. */
export interface ResourceRoutes {
  /** `POST {path}`: validates, stores the record in PREPARATION (`newRecord`, `createResource`), answers 202. */
  create: Handler;
  /**
   * `GET {path}/{id}/nodes`: the Node of each `attrs.nodes` entry (`nodesOf`), shown by `nodeView`, or
   * by the kind's own function when its nodes carry more fields (RabbitMQ's `erlangVersion`…).
   */
  nodes?: boolean | NodeView;
  /** `GET {path}/{id}/networks`: the record's `attrs.networkId` as a one-item Network list. */
  networks?: boolean;
  /**
   * `GET {path}`: the kind's own paged list (`page`, `size`, `sort`) with these documented filters, each
   * record shown by `kind.view`. Absent: the kind is listed only in an aggregate list.
   */
  list?: ReadonlyArray<SharedFilter | FilterBuilder>;
}

/** Registers the shared routes of `kind` under `/itcare{kind.resource.path}`; `GET {id}` needs `kind.view`. */
export function registerResourceRoutes(router: Router, kind: ItcareKind, routes: ResourceRoutes): void {
  const base = `/itcare${kind.resource.path}`;
  const view = kind.view;
  router.post(base, routes.create);
  const filters = routes.list;
  if (view && filters) {
    router.get(base, (ctx) => {
      const test = resourceFilter(ctx, filters);
      return json(200, pageOf(ctx.state.resources.filter((r) => r.kind === kind.kind && test(r)).map((r) => view(ctx.state, r)), ctx.query));
    });
  }
  if (view) router.get(`${base}/:id`, (ctx) => json(200, view(ctx.state, loadResource(ctx, kind.kind))));
  if (routes.nodes) {
    const show = routes.nodes === true ? nodeView : routes.nodes;
    router.get(`${base}/:id/nodes`, (ctx) => {
      const r = loadResource(ctx, kind.kind);
      return json(200, nodesOf(r).map((n, i) => show(ctx.state, r, n, i)));
    });
  }
  if (routes.networks) {
    router.get(`${base}/:id/networks`, (ctx) => {
      const r = loadResource(ctx, kind.kind);
      return json(200, ctx.state.networks.filter((n) => n.id === r.attrs.networkId).map(networkView));
    });
  }
  router.patch(`${base}/:id`, (ctx) => patchResource(ctx, kind));
  router.delete(`${base}/:id`, (ctx) => deleteResource(ctx, kind));
}
