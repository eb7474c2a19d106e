// ITCare asynchronous actions: reading the answer of a mutating call (ITCARE-API §2.2, §2.5) and
// polling many actions with as few requests as the API allows (§2.3).
import { ApiError } from '../../../core/errors.js';
import type { HttpClient } from '../../../http/types.js';
import type { ActionRef, ActionState, ActionStatus, ExecuteResult } from '../../../engine/provider.js';
import type { Operation } from '../../../engine/plan.js';
import { getArray, type Json } from './client.js';
import { isObject } from '../../../core/objects.js';
import { apiText } from './normalize.js';

const KNOWN_STATUSES = new Set(['SUCCESS', 'IN_PROGRESS', 'ERROR', 'FAILED']);

/**
 * Maps an ITCare action status to the engine's three states. Only `IN_PROGRESS` (or no status at
 * all: nothing final was said) is still running; `SUCCESS` is done; every other value is a final
 * failure: `ERROR`, `FAILED` (bulk patch-policy answers, `001:9421-9444`) and any status the docs do
 * not list (`CANCELED`…), which must end the wait rather than be polled until the timeout.
 */
export function toActionState(status: unknown): ActionState {
  const s = String(status ?? '').toUpperCase();
  if (s === 'SUCCESS') return 'SUCCESS';
  if (s === 'IN_PROGRESS' || s === '') return 'IN_PROGRESS';
  return 'ERROR';
}

/** An object is an action when it has an `id` and a documented action status. */
function isAction(v: unknown): v is Json {
  return isObject(v) && v.id !== undefined && v.id !== null && KNOWN_STATUSES.has(String(v.status).toUpperCase());
}

function messageOf(a: Json): string | undefined {
  return typeof a.message === 'string' && a.message !== '' ? apiText(a.message) : undefined;
}

/**
 * A failed bulk item names its resource only by `internalId`; the operation's summary, when it lists
 * resources as `name (id)` (patch-policy summaries do), gives the name. Undefined when it does not.
 */
function resourceLabel(op: Operation, internalId: unknown): string | undefined {
  if (typeof internalId !== 'number' && typeof internalId !== 'string') return undefined;
  const id = String(internalId).replace(/[^0-9A-Za-z_-]/g, '');
  if (id === '') return undefined;
  const m = new RegExp(`(\\S+) \\(${id}\\)`).exec(op.summary);
  return m ? `${m[1]} (${id})` : undefined;
}

/**
 * Reads the answer of one operation. An action object (or a 202 with an `id`) still IN_PROGRESS is
 * returned to track; SUCCESS / ERROR / FAILED items are already finished; an array holds one item
 * per bulk entry; anything else (a tag list, 204) is a synchronous answer with nothing to track.
 */
export function parseExecuteAnswer(op: Operation, httpStatus: number, body: unknown): ExecuteResult {
  let items: Json[] = [];
  if (Array.isArray(body)) items = body.filter(isAction);
  else if (isAction(body)) items = [body];
  else if (httpStatus === 202 && isObject(body) && body.id !== undefined && body.status === undefined) {
    items = [{ ...body, status: 'IN_PROGRESS' }];
  }
  const result: ExecuteResult = { actions: [], finished: [] };
  items.forEach((a, i) => {
    // Failed bulk items carry `id: -1` and the resource in `internalId`: keep their ids distinct.
    const id = Number(a.id) === -1 ? `-1:${String(a.internalId ?? i)}` : String(a.id);
    const state = toActionState(a.status);
    if (state === 'IN_PROGRESS') {
      const ref: ActionRef = { id };
      if (op.serviceId !== undefined) ref.serviceId = op.serviceId;
      if (typeof a.resourceName === 'string') ref.resourceName = a.resourceName;
      if (typeof a.internalId === 'number' || typeof a.internalId === 'string') ref.resourceId = a.internalId;
      result.actions.push(ref);
    } else {
      const status: ActionStatus = { id, state };
      const message = messageOf(a);
      const label = resourceLabel(op, a.internalId);
      if (label !== undefined) status.message = `${label}: ${message ?? 'failed'}`;
      else if (message !== undefined) status.message = message;
      result.finished.push(status);
    }
  });
  const internalId = items[0]?.internalId;
  if (op.role === 'create' && (typeof internalId === 'number' || typeof internalId === 'string')) {
    result.createdId = internalId;
  }
  return result;
}

function statusOf(a: Json): ActionStatus {
  const s: ActionStatus = { id: String(a.id), state: toActionState(a.status) };
  // A final status other than the documented failures is named in the failure message (`CANCELED`).
  if (s.state === 'ERROR' && typeof a.status === 'string' && !['ERROR', 'FAILED'].includes(a.status.toUpperCase())) s.status = a.status.toUpperCase();
  const message = messageOf(a);
  if (message !== undefined) s.message = message;
  return s;
}

/** Ids per `requestId` list request: keeps the query string short (a 100-id list is about 1.5 kB). */
const REQUEST_ID_CHUNK = 100;

/**
 * Polls `refs` with as few requests as the API allows (ITCARE-API §2.3, `001:19059-19127`). Per service
 * with tracked actions, ONE `GET /itcare/actions?serviceId=&statuses=IN_PROGRESS`: the actions still
 * running (a small list, whatever the service's history). Only when some tracked ids are no longer in
 * it (they ended), ONE `GET /itcare/actions?serviceId=&requestId=…` for those ids, to learn SUCCESS or
 * ERROR and the message (`requestId` is read as the action id, §13.19 [INF]; matching is by id, so an
 * API that ignored the filter would still answer right, only larger). Ids found in neither, and refs
 * without a service, are read one by one (`GET /itcare/actions/{id}`); an id unknown there (404) is
 * left out of the map. Ids are matched as strings (numbers or strings, §13.19).
 */
export async function pollActions(
  http: HttpClient, refs: readonly ActionRef[], signal?: AbortSignal, opts: { batch?: boolean } = {},
): Promise<Map<string, ActionStatus>> {
  const out = new Map<string, ActionStatus>();
  const byService = new Map<number, Set<string>>();
  const single: string[] = [];
  for (const r of refs) {
    // batch: false polls every action by id (the baseline the benchmark compares batching against).
    if (r.serviceId === undefined || opts.batch === false) single.push(r.id);
    else byService.set(r.serviceId, (byService.get(r.serviceId) ?? new Set()).add(r.id));
  }
  await Promise.all(
    [...byService].map(async ([serviceId, ids]) => {
      const running = await getArray(http, '/itcare/actions', { serviceId, statuses: 'IN_PROGRESS' }, signal);
      for (const a of running) if (ids.has(String(a.id))) out.set(String(a.id), statusOf(a));
      const ended = [...ids].filter((id) => !out.has(id));
      const numeric = ended.filter((id) => /^\d{1,18}$/.test(id));
      for (let i = 0; i < numeric.length; i += REQUEST_ID_CHUNK) {
        const chunk = numeric.slice(i, i + REQUEST_ID_CHUNK);
        const wanted = new Set(chunk);
        const list = await getArray(http, '/itcare/actions', { serviceId, requestId: chunk }, signal);
        for (const a of list) if (wanted.has(String(a.id))) out.set(String(a.id), statusOf(a));
      }
      for (const id of ended) if (!out.has(id)) single.push(id);
    }),
  );
  await Promise.all(
    [...new Set(single)].map(async (id) => {
      try {
        const res = await http.request({ method: 'GET', path: `/itcare/actions/${encodeURIComponent(id)}`, signal });
        if (isObject(res.body)) out.set(id, { ...statusOf(res.body), id });
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
    }),
  );
  return out;
}
