// The Cache Store catalogues (digest §6): engine versions per product image type and server types,
// read once per handler (a failed read is tried again by the next observe), against which a desired
// engine_version (or dbaas_engine_version_id) and every instance group's server type are checked.
import { RefusedError } from '../../../../core/errors.js';
import { createMemo } from '../../../../core/memo.js';
import { isObject, isSpecObject } from '../../../../core/objects.js';
import type { DesiredResource } from '../../../../engine/provider.js';
import type { HttpClient } from '../../../../http/types.js';

type Json = Record<string, unknown>;

export const PRODUCT_IMAGE_TYPES = ['Redis OSS Sentinel', 'Valkey Sentinel'];

/**
 * The plan-time catalogue check of one handler: refuses an engine version or server type name the
 * catalogue does not offer (with the valid values); returns the resolved engine lookups.
 */
export function createCatalogueCheck(http: HttpClient): (d: DesiredResource) => Promise<Json> {
  const catalogue = createMemo({ forgetFailures: true });
  const engines = (): Promise<Json[]> => catalogue.once('engines', async () => {
    const all: Json[] = [];
    for (const t of PRODUCT_IMAGE_TYPES) {
      const res = await http.request({ method: 'GET', path: '/v1/engine-versions', query: { product_image_type: t } });
      const b = isObject(res.body) && Array.isArray(res.body.contents) ? res.body.contents.filter(isObject) : [];
      all.push(...b);
    }
    return all;
  });
  const serverTypes = (): Promise<Json[]> => catalogue.once('server-types', async () => {
    const res = await http.request({ method: 'GET', path: '/v1/server-types' });
    return isObject(res.body) && Array.isArray(res.body.contents) ? res.body.contents.filter(isObject) : [];
  });

  /** Plan-time checks of catalogue names; returns the resolved engine version id. */
  return async function checkCatalogue(d: DesiredResource): Promise<Json> {
    const spec = d.spec;
    const lookups: Json = {};
    const list = await engines();
    if (spec.engine_version !== undefined && spec.dbaas_engine_version_id !== undefined) {
      throw new RefusedError(`give engine_version or dbaas_engine_version_id, not both`, d.address);
    }
    if (typeof spec.engine_version === 'string') {
      const hit = list.find((e) => e.software_version === spec.engine_version);
      if (!hit) {
        const valid = [...new Set(list.map((e) => String(e.software_version)))].sort();
        throw new RefusedError(`engine_version ${spec.engine_version} is not offered; valid values: ${valid.join(', ')}`, d.address);
      }
      lookups.dbaas_engine_version_id = hit.id;
      lookups.product_image_type = hit.product_image_type;
    } else if (typeof spec.dbaas_engine_version_id === 'string') {
      const hit = list.find((e) => e.id === spec.dbaas_engine_version_id);
      if (!hit) {
        throw new RefusedError(`dbaas_engine_version_id ${spec.dbaas_engine_version_id} is not offered; valid values: ${list.map((e) => `${String(e.id)} (${String(e.software_version)})`).join(', ')}`, d.address);
      }
      lookups.dbaas_engine_version_id = hit.id;
      lookups.engine_version = hit.software_version;
      lookups.product_image_type = hit.product_image_type;
    } else {
      throw new RefusedError(`engine_version (or dbaas_engine_version_id) is required`, d.address);
    }
    const types = await serverTypes();
    const pit = lookups.product_image_type;
    const usable = types.filter((t) => pit === undefined || t.product_image_type === undefined || t.product_image_type === pit);
    const names = new Set(usable.map((t) => String(t.name)));
    for (const g of Array.isArray(spec.instance_groups) ? spec.instance_groups.filter(isSpecObject) : []) {
      if (!names.has(String(g.server_type_name))) {
        throw new RefusedError(
          `server_type_name ${String(g.server_type_name)} (instance group ${String(g.role_type)}) is not offered; valid values: ${[...names].sort().join(', ')}`,
          d.address,
        );
      }
    }
    return lookups;
  };
}
