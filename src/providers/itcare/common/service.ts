// Service-level and resource-level reads that are no kind's: whether a service exists (for export)
// and the history of a resource or of a service's resources by name (for drift), ITCARE-API §2.3 and §10.
import { ApiError } from '../../../core/errors.js';
import type { HttpClient } from '../../../http/types.js';
import type { HistoryEntry } from '../../../engine/provider.js';
import { getArray, getObject, type Json } from './client.js';
import { apiText, toText } from './normalize.js';

/** `GET /itcare/compute/services/{id}`: undefined when it answers, the reason when it answers 404. */
export async function serviceMissing(http: HttpClient, serviceId: number): Promise<string | undefined> {
  const path = `/itcare/compute/services/${serviceId}`;
  try {
    await getObject(http, path);
    return undefined;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return `GET ${path} answered 404`;
    throw err;
  }
}

/**
 * `GET /itcare/compute/resources/{id}/history` (ITCARE-API §2.3, `001:9116-9163`): action records
 * (`submittedAt`, `submittedBy`, `process`, `message`, `status`), oldest first. A 404 (resource gone
 * meanwhile) is an empty history.
 */
export async function resourceHistory(http: HttpClient, id: string | number): Promise<HistoryEntry[]> {
  return (await historyAt(http, `/itcare/compute/resources/${id}/history`)).map(({ resourceName: _name, ...e }) => e);
}

/**
 * `GET /itcare/compute/services/{id}/history?names=NAME` (`001:9670-9720`): the actions on the
 * resources of that name in the service, oldest first, the same entries as a resource's history. It
 * still lists a resource deleted out of band, which has no id left to ask about. A 404 is empty.
 */
export async function serviceHistory(http: HttpClient, serviceId: number, names: readonly string[]): Promise<Map<string, HistoryEntry[]>> {
  const out = new Map<string, HistoryEntry[]>(names.map((n) => [n, []]));
  // `names` is a list parameter: a few requests of up to 50 names each, not one per resource.
  for (let i = 0; i < names.length; i += 50) {
    const chunk = names.slice(i, i + 50);
    const all = await historyAt(http, `/itcare/compute/services/${serviceId}/history`, { names: chunk });
    for (const { resourceName, ...e } of all) {
      for (const n of resourceName === undefined ? (chunk.length === 1 ? chunk : []) : [resourceName]) out.get(n)?.push(e);
    }
  }
  return out;
}

async function historyAt(http: HttpClient, path: string, query?: Record<string, readonly string[]>): Promise<Array<HistoryEntry & { resourceName?: string }>> {
  let list: Json[];
  try {
    list = await getArray(http, path, query);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
  return list
    .map((a) => ({
      at: toText(a.submittedAt) ?? toText(a.completedAt) ?? toText(a.lastUpdatedAt) ?? '',
      by: toText(a.submittedBy) ?? 'unknown',
      operation: toText(a.process) ?? 'UNKNOWN',
      message: apiText(a.message) ?? '',
      status: toText(a.status) ?? 'UNKNOWN',
      ...(typeof a.resourceName === 'string' ? { resourceName: a.resourceName } : {}),
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
