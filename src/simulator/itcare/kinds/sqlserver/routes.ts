// SQL Server routes (ITCARE-API §11, `001:12894-14150`): the shared routes (create, GET, nodes, networks,
// PATCH through the descriptor's operations, DELETE with an optional `{changeReference}`), the paged list
// `GET /itcare/databases/sqlserver` and `HEAD /itcare/databases/sqlserver/{name}?property=`.
import { empty, fieldError, notFound } from '../../../reply.js';
import type { Router } from '../../../router.js';
import type { ItcareKind } from '../../common/kind.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { createSqlserver } from './create.js';
import { listenerOf } from './views.js';

/** The list's filters (`001:12894-12930`); `clouds` is not applied (one cloud), as on the other lists. */
const LIST_FILTERS = ['services', 'names', 'environments', 'statuses', 'tags'] as const;

/**
 * `property` of the HEAD (an enum whose values are not rendered, default `NAME`, `001:13862-13882`):
 * `NAME` matches the farm's name, `AG_LISTENER` its Always On listener ("by FARM_AG_LISTENER"); any case.
 */
const PROPERTIES = ['NAME', 'AG_LISTENER'] as const;

export function sqlserverRoutes(router: Router, self: ItcareKind): void {
  const base = `/itcare${self.resource.path}`;
  registerResourceRoutes(router, self, { create: (ctx) => createSqlserver(ctx, self), nodes: true, networks: true, list: LIST_FILTERS });
  /** 200 without content when a farm matches (exact, case-sensitive, across services); 404 otherwise (undocumented). */
  router.head(`${base}/:name`, (ctx) => {
    const raw = (ctx.query.get('property') || 'NAME').toUpperCase();
    const property = PROPERTIES.find((p) => p === raw);
    if (!property) throw fieldError('property', `Error on field 'property': must be one of ${PROPERTIES.join(', ')}`);
    const name = ctx.params.name!;
    const found = ctx.state.resources.some((r) => r.kind === self.kind && (property === 'NAME' ? r.name : listenerOf(r)) === name);
    if (!found) throw notFound();
    return empty(200);
  });
}
