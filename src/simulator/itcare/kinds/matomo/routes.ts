// Matomo routes (`001:6961-7532`): the shared routes (GET, PATCH through the descriptor's operations,
// DELETE without body), the paged list (`names`, `clouds`) and the create with the schema's rules
// (`001:7151-7225`).
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkService, checkUniqueName, createResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkProsePassword, checkSiteUri, checkTShirtSizing, optionalBool, optionalString, requireString } from '../../common/validate.js';

/** `[a-z0-9\-]{4,60}$` (`001:7181`), anchored. */
const NAME_PATTERN = /^[a-z0-9-]{4,60}$/;
/** The Matomo release the simulated instances run (choice: "the latest of our repositories", `001:1906`). */
const VERSION = '5.1.2';
/** "if left empty, a dummy value will be configured" (`001:7161-7167`, `001:1535`): these dummies (choice). */
const DUMMY_SITE = { name: 'Default Web Site', uri: 'https://www.example.com' };

export function matomoRoutes(router: Router, self: ItcareKind): void {
  // The list's filters, `names` and `clouds` (`001:6961-6977`); the answer is paged (`page`, `size`, `sort`).
  registerResourceRoutes(router, self, { create: (ctx) => createMatomo(ctx, self), list: ['names', 'clouds'] });
}

/**
 * Required fields are the schema's, except `defaultWebSiteName` and `defaultWebUri`: Required, yet
 * "if left empty, a dummy value will be configured" (and optional in the tutorial, `001:1535`), so
 * absent, null or empty is a dummy; a given `defaultWebUri` must be a web address. `serviceId` may be
 * a numeric string (the example sends `"123"`). The password follows the prose rule (no pattern).
 */
function createMatomo(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) throw fieldError('name', "Error on field 'name': must contain 4 to 60 lowercase letters, digits or dashes");
  checkProsePassword(body, 'password');
  const region = requireString(body, 'region');
  const service = checkService(ctx, body);
  const sizing = checkTShirtSizing(body, 'sizing');
  const siteName = optionalString(body, 'defaultWebSiteName') || DUMMY_SITE.name;
  const rawUri = optionalString(body, 'defaultWebUri');
  const siteUri = rawUri ? checkSiteUri(rawUri, 'defaultWebUri') : DUMMY_SITE.uri;
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  // Two farm members: "1 serveur web frontal, 1 serveur de base de données" at the least (`001:1867-1873`).
  const r = newRecord(ctx, self, {
    id: allocateResourceId(ctx.state), name, serviceId: service.id, version: VERSION, sizing, topology: 'Standalone', nodeCount: 2, monitoring,
    attrs: {
      region, defaultWebSiteName: siteName, defaultWebUri: siteUri,
      backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION',
    },
  });
  return createResource(ctx, r, self.label);
}
