// What `caretaker export` writes of a PostgreSQL: the extensions of every database (not only those a
// spec names), and region and area (write-only) from one extra read of its nodes.
import { isObject } from '../../../../core/objects.js';
import { getArray } from '../../common/client.js';
import { placement } from '../../common/export.js';
import { paasExport } from '../../common/paas/export.js';
import { POSTGRESQL, extensionsOf } from './observe.js';

export const POSTGRESQL_EXPORT = paasExport(POSTGRESQL, {
  fileStem: 'postgresql',
  probe: (serviceId) => ({ serviceId, extensions: {} }),
  async finish(ctx, r, obs, raw, spec, notes) {
    const dbs = Array.isArray(raw.databases) ? raw.databases.filter(isObject) : [];
    const all = extensionsOf(dbs, dbs.map((d) => String(d.name)));
    const ext = Object.fromEntries(Object.entries(all).filter(([, v]) => v.length > 0));
    if (Object.keys(ext).length > 0) spec.extensions = ext;
    else delete spec.extensions;
    placement(obs.id === undefined ? undefined : await getArray(ctx.http, `${r.basePath}/${obs.id}/nodes`).catch(() => undefined), spec, notes);
  },
});
