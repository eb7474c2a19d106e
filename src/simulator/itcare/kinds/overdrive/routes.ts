// OverDrive routes (`001:6398-6959`): the shared routes (GET, PATCH through the descriptor's
// operations, DELETE without body), the paged list (`names`, `clouds`) and the create with the
// schema's rules (`001:6599-6669`).
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { allocateResourceId } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkService, checkUniqueName, createResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { registerResourceRoutes } from '../../common/resource-routes.js';
import { asObject, checkProsePassword, checkSiteUri, checkTShirtSizing, optionalBool, requireString } from '../../common/validate.js';

/** `[a-z0-9\-]{4,60}$` (`001:6625`), anchored. */
const NAME_PATTERN = /^[a-z0-9-]{4,60}$/;
/** The Nextcloud release the simulated sites run (choice: the docs give none; OverDrive is Nextcloud, `001:26662`). */
const VERSION = '29.0.0';

export function overdriveRoutes(router: Router, self: ItcareKind): void {
  // The list's filters: `names`, `clouds`, `page`, `size`, `sort` (`001:6398-6426`).
  registerResourceRoutes(router, self, { create: (ctx) => createOverdrive(ctx, self), list: ['names', 'clouds'] });
}

/**
 * Every Required field of the schema is in the example, so all are required. `serviceId` may be a
 * numeric string (the example sends `"123"`). The password follows the prose rule (no pattern is
 * given; the example `Password!!??` has no digit and is refused, README "Choices").
 */
function createOverdrive(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!NAME_PATTERN.test(name)) throw fieldError('name', "Error on field 'name': must contain 4 to 60 lowercase letters, digits or dashes");
  checkProsePassword(body, 'password');
  const region = requireString(body, 'region');
  const service = checkService(ctx, body);
  const sizing = checkTShirtSizing(body, 'sizing');
  const driveSiteUri = checkSiteUri(requireString(body, 'driveSiteUri'), 'driveSiteUri');
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);

  const r = newRecord(ctx, self, {
    id: allocateResourceId(ctx.state), name, serviceId: service.id, version: VERSION, sizing, topology: 'Standalone', nodeCount: 1, monitoring,
    attrs: { region, driveSiteUri, backupEnabled: optionalBool(body, 'backupEnabled') ?? service.environment === 'PRODUCTION' },
  });
  return createResource(ctx, r, self.label);
}
