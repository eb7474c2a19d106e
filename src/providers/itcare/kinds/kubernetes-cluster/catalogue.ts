// KubernetesCluster's live catalogues, checked at plan time (common/catalogues.ts says how; advisory reads):
// | field            | catalogue (raw doc)                                                                          | when |
// | ingressProvider  | `GET /itcare/compute/containers/kubernetes/ingress-providers` → `string[]` (`001:18140-18160`) | create, or the field differs |
// | version          | `GET /itcare/compute/platform/products?type=KUBERNETES` → `productVersion` (`001:4336-4400`, `001:17771`) | upgrade (handler.ts, `withVersions`) |
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import { notListed, offlineNote, readCatalogue, texts } from '../../common/catalogues.js';
import type { CatalogueFindings, ItcareContext } from '../../common/kind.js';
import { toText } from '../../common/normalize.js';

/** The KubernetesCluster catalogue check (`ItcareKind.catalogue`). */
export async function checkKubernetes(ctx: ItcareContext, d: DesiredResource, obs: Observation, out: CatalogueFindings): Promise<void> {
  const want = toText(d.spec.ingressProvider);
  if (want === undefined) return;
  if (obs.exists && toText(obs.spec.ingressProvider)?.toUpperCase() === want.toUpperCase()) return;
  const path = '/itcare/compute/containers/kubernetes/ingress-providers';
  const c = await readCatalogue(ctx.http, path, undefined, texts);
  if (!c.ok) out.notes.push(offlineNote('ingressProvider', c.why));
  else if (!c.values.some((v) => v.toUpperCase() === want.toUpperCase())) out.refusals.push({ field: '/ingressProvider', text: notListed('ingressProvider', want, `GET ${path}`, c.values) });
}
