// LoadBalancer's live catalogue, checked at plan time (common/catalogues.ts says how; advisory read):
// | field        | catalogue (raw doc)                                                              | when |
// | profileName  | `GET /itcare/networking/loadbalancers/protocols` → `[{name, protocol…}]` (`004:1001-1033`) | create |
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import { namesOf, notListed, offlineNote, readCatalogue } from '../../common/catalogues.js';
import type { CatalogueFindings, ItcareContext } from '../../common/kind.js';
import { toText } from '../../common/normalize.js';

/** The LoadBalancer catalogue check (`ItcareKind.catalogue`). */
export async function checkLoadBalancer(ctx: ItcareContext, d: DesiredResource, obs: Observation, out: CatalogueFindings): Promise<void> {
  const want = toText(d.spec.profileName);
  if (obs.exists || want === undefined) return;
  const path = '/itcare/networking/loadbalancers/protocols';
  const c = await readCatalogue(ctx.http, path, undefined, namesOf('name', 'protocol'));
  if (!c.ok) out.notes.push(offlineNote('profileName', c.why));
  else if (!c.values.some((v) => v.toUpperCase() === want.toUpperCase())) out.refusals.push({ field: '/profileName', text: notListed('profileName', want, `GET ${path}`, c.values) });
}
