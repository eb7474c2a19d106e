// Service-level and resource-level reads that are no kind's: whether a service exists (for export)
// and the history of a resource (for drift), ITCARE-API §2.3 and §10.
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
  let list: Json[];
  try {
    list = await getArray(http, `/itcare/compute/resources/${id}/history`);
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
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
