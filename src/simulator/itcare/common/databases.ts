// `GET /itcare/databases` (ITCARE-API §10.3, `001:11910-12121`): the paged list of managed databases
// of every technology, the documented way (with managed-databases) to find a Redis or PostgreSQL by name.
import { boolParam, intListParam, listParam, matchIn, matchNames, matchTags, pageOf } from './list-query.js';
import { json } from '../../reply.js';
import type { Router } from '../../router.js';
import { findService } from '../../state.js';
import { managedDbItem } from './views.js';

export function registerDatabases(router: Router): void {
  router.get('/itcare/databases', (ctx) => {
    const q = ctx.query;
    const services = intListParam(q, 'services');
    const names = listParam(q, 'names');
    const types = listParam(q, 'types');
    const families = listParam(q, 'families');
    const environments = listParam(q, 'environments');
    const statuses = listParam(q, 'statuses');
    const tags = listParam(q, 'tags');
    const topologies = listParam(q, 'topologies');
    const versions = listParam(q, 'versions');
    const version = q.get('version');
    const monitoring = boolParam(q, 'monitoringStatus');
    const patchParty = boolParam(q, 'includedInPatchParty');
    const items = ctx.state.resources.filter((r) => r.category === 'MANAGED_DATABASES'
      && (!services || services.includes(r.serviceId)) && matchNames(names, r.name)
      && matchIn(types, r.type) && matchIn(families, r.family)
      && matchIn(environments, findService(ctx.state, r.serviceId)?.environment) && matchIn(statuses, r.status)
      && matchTags(tags, r.tags) && matchIn(topologies, r.topology) && matchIn(versions, r.version)
      // `version` (int32, e.g. 11) matches the major version.
      && (!version || Number.parseInt(r.version, 10) === Number(version))
      && (monitoring === undefined || r.monitoringEnabled === monitoring)
      && (patchParty === undefined || !r.patchParty.excluded === patchParty));
    return json(200, pageOf(items.map((r) => managedDbItem(ctx.state, r)), q));
  });
}
