// `caretaker export` of the Cache Store kind: every cluster the access key's account holds (List Clusters,
// every page, then Show Cluster), through observe's normaliser (specOf), so a plan of the export shows no
// changes. The API has no services: this kind exports per account (`KindHandler.exportAccount`).
import { ApiError } from '../../../../core/errors.js';
import { isObject } from '../../../../core/objects.js';
import type { ExportedResource, ExportRules } from '../../../../engine/provider.js';
import type { HttpClient } from '../../../../http/types.js';
import { scpPath } from '../../common/go-url.js';
import { KIND, OWNERSHIP_NOTE, listClusters, specOf } from './observe.js';

type Json = Record<string, unknown>;

/** Exported only when `--kind` names it: `export --service` reads ITCare, never the SCP account. */
export const exportRules: ExportRules = { onRequestOnly: true };

/** The create-only prefix (never returned): the first instance's name up to its last `-` (`ordcache-001` -> `ordcache`), when it fits the schema. */
export function prefixGuess(c: Json): { prefix?: string; from?: string } {
  for (const g of Array.isArray(c.instance_groups) ? c.instance_groups.filter(isObject) : []) {
    for (const i of Array.isArray(g.instances) ? g.instances.filter(isObject) : []) {
      if (typeof i.name !== 'string') continue;
      const cut = i.name.lastIndexOf('-');
      const prefix = cut > 0 ? i.name.slice(0, cut) : undefined;
      if (prefix !== undefined && /^[a-z][a-zA-Z0-9-]{2,12}$/.test(prefix)) return { prefix, from: i.name };
      return { from: i.name };
    }
  }
  return {};
}

/** One Show Cluster answer as an exported resource: the live spec, the write-only prefix guessed, the id noted. */
export function exportedCluster(c: Json): ExportedResource {
  const spec = specOf(c);
  const notes: Record<string, string> = { metadata: `SCP Cache Store cluster id ${String(c.id)}` };
  const { prefix, from } = prefixGuess(c);
  if (prefix !== undefined) {
    spec.instance_name_prefix = prefix;
    notes['spec.instance_name_prefix'] = `write-only, NOT READABLE from the API: guessed from the instance name ${String(from)}; only used if the cluster is ever re-created`;
  }
  return { kind: KIND, name: String(c.name), id: String(c.id), spec, ownershipUnverifiable: OWNERSHIP_NOTE, notes };
}

/** Every cluster but the TERMINATED ones, each read with Show Cluster (a cluster gone meanwhile is left out). */
export async function exportClusters(http: HttpClient): Promise<ExportedResource[]> {
  const out: ExportedResource[] = [];
  for (const summary of await listClusters(http)) {
    if (summary.service_state === 'TERMINATED') continue;
    let c: unknown;
    try {
      c = (await http.request({ method: 'GET', path: scpPath('/v1/clusters/{cluster_id}', { cluster_id: String(summary.id) }) })).body;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) continue;
      throw err;
    }
    if (isObject(c) && c.service_state !== 'TERMINATED') out.push(exportedCluster(c));
  }
  return out;
}
