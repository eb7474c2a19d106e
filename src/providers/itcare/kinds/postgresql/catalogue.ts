// PostgreSQL's live catalogues, checked at plan time (common/catalogues.ts says how; advisory reads):
// | field             | catalogue (raw doc)                                                                 | when |
// | postgreVersion    | `GET /itcare/databases/postgresql/{id}/versions` → `integer[]` (`001:16305-16328`)  | live farm, version differs |
// | extensions names  | `GET /itcare/databases/postgresql/{id}/extensions` → `[{name, version…}]` (`001:15982-16012`) | live farm, an extension not installed yet |
import { own } from '../../../../core/dict.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import { isObject } from '../../../../core/objects.js';
import { namesOf, notListed, offlineNote, readCatalogue, texts } from '../../common/catalogues.js';
import type { CatalogueFindings, ItcareContext } from '../../common/kind.js';
import { toText } from '../../common/normalize.js';

/** The PostgreSQL catalogue check (`ItcareKind.catalogue`). */
export async function checkPostgresql(ctx: ItcareContext, d: DesiredResource, obs: Observation, out: CatalogueFindings): Promise<void> {
  if (!obs.exists || obs.id === undefined) return;
  const base = `/itcare/databases/postgresql/${encodeURIComponent(String(obs.id))}`;
  const want = toText(d.spec.postgreVersion);
  const live = toText(obs.spec.postgreVersion);
  if (want !== undefined && live !== undefined && want !== live) {
    const c = await readCatalogue(ctx.http, `${base}/versions`, undefined, texts);
    if (!c.ok) out.notes.push(offlineNote('postgreVersion', c.why));
    // The catalogue lists the versions available to this farm; its own version may be left out.
    else if (!c.values.includes(want)) out.refusals.push(notListed('postgreVersion', want, `GET ${base}/versions`, c.values));
  }
  if (!isObject(d.spec.extensions)) return;
  const liveExt = isObject(obs.spec.extensions) ? obs.spec.extensions : {};
  const adding = Object.entries(d.spec.extensions).flatMap(([db, names]) => {
    const liveDb = own(liveExt, db);
    const have = new Set(Array.isArray(liveDb) ? liveDb.map(String) : []);
    return Array.isArray(names) ? names.map(String).filter((n) => !have.has(n)) : [];
  });
  if (adding.length === 0) return;
  const c = await readCatalogue(ctx.http, `${base}/extensions`, undefined, namesOf('name'));
  if (!c.ok) {
    out.notes.push(offlineNote('extensions', c.why));
    return;
  }
  const missing = [...new Set(adding.filter((n) => !c.values.includes(n)))];
  if (missing.length > 0) out.refusals.push(`spec.extensions ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the extensions ITCare lists for this farm (GET ${base}/extensions); valid values: ${[...c.values].sort().join(', ')}`);
}
