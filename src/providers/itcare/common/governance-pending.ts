// Running actions on the targets of the governance kinds (`Tags`, `PatchPolicy`): like the managed
// kinds, a change waits for the actions already IN_PROGRESS on its resources (`GET /itcare/actions`
// filtered by resourceId and status, ITCARE-API §3.7) before it writes, and the plan shows them.
import type { HttpClient } from '../../../http/types.js';
import type { ActionRef, RunningAction } from '../../../engine/provider.js';
import { getArray } from './client.js';
import { apiText, toNumber, toText } from './normalize.js';

/** Actions IN_PROGRESS on each given resource id (one request per resource, in parallel), as refs the engine waits for. */
export async function runningActionsOn(http: HttpClient, ids: ReadonlyArray<string | number>): Promise<ActionRef[]> {
  const unique = [...new Set(ids.map(String))];
  const lists = await Promise.all(unique.map((id) => getArray(http, '/itcare/actions', { resourceId: id, statuses: 'IN_PROGRESS' })));
  const refs: ActionRef[] = [];
  lists.forEach((list, i) => {
    for (const a of list) {
      if (a.id === undefined || String(a.status ?? 'IN_PROGRESS').toUpperCase() !== 'IN_PROGRESS') continue;
      const ref: ActionRef = { id: String(a.id), resourceId: toNumber(unique[i]) ?? unique[i]! };
      const sid = toNumber(a.serviceId);
      if (sid !== undefined) ref.serviceId = sid;
      const name = toText(a.resourceName);
      if (name !== undefined) ref.resourceName = name;
      refs.push(ref);
    }
  });
  return refs;
}

/**
 * Every action in progress in the given services, whoever started it:
 * `GET /itcare/compute/services/{id}/actions-in-progress` ("No category means all resources of the
 * service", `001:11872-11908`), one request per service, in parallel. The answer is the action object
 * of ITCARE-API §2.2 (`id`, `internalId` = the resource id, `resourceName`, `process`, `message`, `status`).
 */
export async function actionsInProgress(http: HttpClient, serviceIds: readonly number[], signal?: AbortSignal): Promise<RunningAction[]> {
  const unique = [...new Set(serviceIds)].sort((a, b) => a - b);
  const lists = await Promise.all(unique.map((sid) => getArray(http, `/itcare/compute/services/${sid}/actions-in-progress`, undefined, signal)));
  const out: RunningAction[] = [];
  lists.forEach((list, i) => {
    for (const a of list) {
      if (a.id === undefined || a.id === null || String(a.status ?? 'IN_PROGRESS').toUpperCase() !== 'IN_PROGRESS') continue;
      const ref: RunningAction = { id: String(a.id), serviceId: unique[i]! };
      const rid = toNumber(a.internalId);
      if (rid !== undefined) ref.resourceId = rid;
      const name = toText(a.resourceName);
      if (name !== undefined) ref.resourceName = name;
      const what = [apiText(a.process), apiText(a.message)].filter((x) => x !== undefined && x !== '');
      if (what.length > 0) ref.description = what.join(': ');
      out.push(ref);
    }
  });
  return out;
}
