// Operation pre-checks (issue 13 item 10): "List actions and available actions for resources",
//   GET /itcare/compute/resources/operations?resourceId=&type=list-available-actions (`001:9263-9297`),
//   or where the kind's descriptor says (`ItcareKind.operationsPath`: the load balancers' is
//   GET /itcare/operations, `001:6352-6396`, which also takes LB `url` and member `id`s).
// The docs type the answer as `object[]` and show only `[{}]`, so it is read tolerantly. ASSUMED SHAPE
// (README "Operation pre-checks"): a list (or `{content: [...]}`) of items, each naming an operation in
// `operation`, `action`, `name`, `code` or `type` (or a bare string); availability in `available`,
// `enabled`, `allowed` or `isAvailable` (a boolean; absent = listed, so available); the cause in
// `cause`, `reason`, `unavailabilityReason`, `message` or `description`. An answer with no readable
// item, a failed read (404, 5xx after retries) or an operation the list does not mention is "unknown",
// never a refusal. One read per resource per run (cached).
import { own } from '../../../core/dict.js';
import { ApiError, NetworkError, TimeoutError } from '../../../core/errors.js';
import { scrubText } from '../../../core/secret.js';
import { createMemo } from '../../../core/memo.js';
import type { HttpClient } from '../../../http/types.js';
import type { AvailabilityResult } from '../../../engine/provider.js';
import type { Operation } from '../../../engine/plan.js';
import { type Json } from './client.js';
import { isObject } from '../../../core/objects.js';

interface Listed {
  name: string;
  available: boolean;
  cause?: string;
}

type Read = { ok: true; items: Listed[] } | { ok: false; why: string };

const NAME_KEYS = ['operation', 'action', 'name', 'code', 'type'] as const;
const FLAG_KEYS = ['available', 'enabled', 'allowed', 'isAvailable'] as const;
const CAUSE_KEYS = ['cause', 'reason', 'unavailabilityReason', 'message', 'description'] as const;

/** `update_patch_party`, `UPDATE-PATCH-PARTY`, `Update patch party` all read `updatepatchparty`. */
export function operationKey(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The ITCare name of a planned operation: its `operation` field, `delete`, or the sub-resource it posts to. */
export function operationName(op: Pick<Operation, 'method' | 'path' | 'body'>): string {
  if (isObject(op.body) && typeof op.body.operation === 'string') return op.body.operation;
  const last = op.path.split('/').filter(Boolean).pop() ?? '';
  if (op.method === 'DELETE') return /^\d+$/.test(last) ? 'delete' : `delete_${last}`;
  return /^\d+$/.test(last) ? op.method.toLowerCase() : last;
}

function firstText(o: Json, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = own(o, k);
    if (typeof v === 'string' && v.trim() !== '') return scrubText(v.trim());
  }
  return undefined;
}

/** Reads the answer; undefined when nothing in it can be read as an operation. */
export function readAvailableActions(body: unknown): Listed[] | undefined {
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.content) ? body.content : undefined;
  if (!list) return undefined;
  const out: Listed[] = [];
  for (const item of list) {
    if (typeof item === 'string' && item.trim() !== '') {
      out.push({ name: item.trim(), available: true });
      continue;
    }
    if (!isObject(item)) continue;
    const name = firstText(item, NAME_KEYS);
    if (name === undefined) continue;
    const flag = FLAG_KEYS.map((k) => item[k]).find((v) => typeof v === 'boolean') as boolean | undefined;
    const cause = firstText(item, CAUSE_KEYS);
    out.push({ name, available: flag ?? true, ...(cause !== undefined ? { cause } : {}) });
  }
  return out.length > 0 ? out : undefined;
}

/** Where a kind's available actions are listed unless its descriptor says otherwise (`ItcareKind.operationsPath`). */
const DEFAULT_PATH = '/itcare/compute/resources/operations';

/** The pre-check of the ITCare provider, with one read per resource per run; `operationsPath` is the kind's. */
export function createAvailability(
  http: HttpClient, operationsPath: (kind: string) => string | undefined,
): (kind: string, id: string | number, op: Operation, signal?: AbortSignal) => Promise<AvailabilityResult> {
  const memo = createMemo();
  const read = (kind: string, id: string | number, signal?: AbortSignal): Promise<Read> => {
    const path = operationsPath(kind) ?? DEFAULT_PATH;
    return memo.once(`${path}?${id}`, async (): Promise<Read> => {
      try {
        const res = await http.request({ method: 'GET', path, query: { resourceId: id, type: 'list-available-actions' }, signal });
        const items = readAvailableActions(res.body);
        return items ? { ok: true, items } : { ok: false, why: `GET ${path}?type=list-available-actions answered nothing readable as an operation (README "Operation pre-checks")` };
      } catch (err) {
        if (err instanceof ApiError || err instanceof NetworkError || err instanceof TimeoutError) return { ok: false, why: `pre-check not available (${err.message})` };
        throw err;
      }
    });
  };
  return async (kind, id, op, signal) => {
    const r = await read(kind, id, signal);
    if (!r.ok) return { availability: 'unknown', cause: r.why };
    const want = operationKey(operationName(op));
    const hit = r.items.find((i) => operationKey(i.name) === want);
    if (!hit) return { availability: 'unknown', cause: `${operationName(op)} is not in ITCare's list of available actions for this resource (not a refusal: the list may not name every operation)` };
    if (hit.available) return { availability: 'available' };
    return { availability: 'unavailable', cause: hit.cause ?? `ITCare lists ${hit.name} as not available` };
  };
}
