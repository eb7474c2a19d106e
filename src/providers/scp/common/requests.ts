// The Cache Store API's requests (digest §8): performing a planned call, and tracking it. An async
// call answers 202 {request_id, resource.id}; it is done when Show Request has ended AND Show Cluster
// shows the requested change with the cluster settled (the kind says what "shows" means: ChangeVisible).
import { ApiError, ConfigError } from '../../../core/errors.js';
import { isObject } from '../../../core/objects.js';
import type { ActionRef, ActionStatus, ExecuteResult } from '../../../engine/provider.js';
import type { Operation } from '../../../engine/plan.js';
import type { HttpClient } from '../../../http/types.js';
import { goPathEscape, scpPath } from './go-url.js';

type Json = Record<string, unknown>;

/** Show Request `state` words (undocumented, ⚠A7): kept as lists, compared case-insensitively. */
export const REQUEST_FAILED = ['FAILED', 'ERROR', 'FAIL', 'CANCELED', 'CANCELLED'];
export const REQUEST_DONE = ['COMPLETED', 'SUCCESS', 'SUCCEEDED', 'DONE', 'FINISHED'];
const SETTLED = new Set(['RUNNING', 'STOPPED']);
const BROKEN = new Set(['FAILED', 'ERROR']);

interface Tracked {
  r?: string;
  c: string;
  t: Json;
}

/** GET a JSON object; undefined when the API answers 404 (a request or cluster it no longer knows). */
export async function getJson(http: HttpClient, path: string, signal?: AbortSignal): Promise<Json | undefined> {
  try {
    const res = await http.request({ method: 'GET', path, signal });
    return isObject(res.body) ? res.body : {};
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/** Fills a post-create parameter call with the parameter ids and live values (old_value). */
async function resolveParameters(http: HttpClient, op: Operation, signal?: AbortSignal): Promise<Operation> {
  const live = await getJson(http, op.path, signal);
  const contents = live && Array.isArray(live.contents) ? live.contents.filter(isObject) : [];
  const wanted = isObject(op.body) && Array.isArray(op.body.parameters) ? op.body.parameters.filter(isObject) : [];
  const parameters = wanted.map((p) => {
    const hit = contents.find((c) => c.name === p.name);
    if (!hit) throw new ConfigError(`parameter ${String(p.name)} does not exist on the new cluster`);
    return { id: hit.id, new_value: p.new_value, old_value: String(hit.applied_value ?? '') };
  });
  const expect = Object.fromEntries(wanted.map((p) => [String(p.name), String(p.new_value)]));
  return { ...op, body: { parameters }, track: { ...op.track, expect } };
}

/**
 * A call planned on a cluster not created yet names it `${ref:self}` in a `template`: the engine has put
 * the new id in raw; it is taken back out and escaped as url.PathEscape does. `cluster` is that raw id.
 */
function fromTemplate(op: Operation): { op: Operation; cluster?: string } {
  const template = op.track?.template;
  if (typeof template !== 'string') return { op };
  const [pre, post] = template.split('{cluster_id}') as [string, string | undefined];
  if (post === undefined || !op.path.startsWith(pre) || !op.path.endsWith(post) || op.path.length < pre.length + post.length) return { op };
  const raw = op.path.slice(pre.length, op.path.length - post.length);
  return { op: { ...op, path: `${pre}${goPathEscape(raw)}${post}` }, cluster: raw };
}

function clusterOf(op: Operation, fromPath?: string): string | undefined {
  const t = op.track?.cluster;
  if (typeof t === 'string' && !t.includes('${')) return t;
  if (fromPath !== undefined) return fromPath;
  const m = /^\/v1\/clusters\/([^/]+)/.exec(op.path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1];
  }
}

/**
 * Performs one planned call. An async call answers 202 {request_id, resource.id}: it becomes one tracked
 * action, its id the JSON of the request, the cluster and what to wait for. POST and PATCH are never retried blindly.
 */
export async function executeScp(http: HttpClient, op: Operation, signal?: AbortSignal): Promise<ExecuteResult> {
  const placed = fromTemplate(op);
  const sent = placed.op.track?.resolveParameters ? await resolveParameters(http, placed.op, signal) : placed.op;
  const res = await http.request({
    method: sent.method,
    path: sent.path,
    body: sent.body,
    idempotent: sent.method !== 'POST' && sent.method !== 'PATCH',
    signal,
  });
  const body = isObject(res.body) ? res.body : {};
  const resourceId = isObject(body.resource) && body.resource.id !== undefined ? String(body.resource.id) : undefined;
  const cluster = sent.role === 'create' ? resourceId : clusterOf(sent, placed.cluster);
  if (!cluster) return { actions: [], finished: [] };
  const { resolveParameters: _r, cluster: _c, template: _p, ...t } = sent.track ?? {};
  const tracked: Tracked = { r: typeof body.request_id === 'string' ? body.request_id : undefined, c: cluster, t };
  return {
    actions: [{ id: JSON.stringify(tracked), resourceId: cluster }],
    finished: [],
    createdId: sent.role === 'create' ? resourceId : undefined,
  };
}

function parseRef(id: string): Tracked | undefined {
  try {
    const v = JSON.parse(id) as unknown;
    if (isObject(v) && typeof v.c === 'string') return { r: typeof v.r === 'string' ? v.r : undefined, c: v.c, t: isObject(v.t) ? v.t : { wait: v.w } };
  } catch {
    /* not ours */
  }
  return undefined;
}

/**
 * Whether Show Cluster `c` (and what else the kind reads) shows the change a tracked call asked for
 * (`t`: the operation's `track`, without the cluster id). Read-only.
 */
export type ChangeVisible = (http: HttpClient, c: Json, t: Json, signal?: AbortSignal) => Promise<boolean>;

/**
 * The status of one tracked call: ERROR when its request failed or the cluster broke, SUCCESS once the
 * request has ended and the settled cluster shows the change (`visible`), else IN_PROGRESS; undefined
 * for a ref that is not this provider's.
 */
export async function pollOne(http: HttpClient, ref: ActionRef, visible: ChangeVisible, signal?: AbortSignal): Promise<ActionStatus | undefined> {
  const tr = parseRef(ref.id);
  if (!tr) return undefined;
  let requestDone = tr.r === undefined;
  if (tr.r !== undefined) {
    const req = await getJson(http, scpPath('/v1/requests/{request_id}', { request_id: tr.r }), signal);
    const state = String(req?.state ?? '').toUpperCase();
    if (REQUEST_FAILED.includes(state)) {
      const c = await getJson(http, scpPath('/v1/clusters/{cluster_id}', { cluster_id: tr.c }), signal);
      const name = c?.name !== undefined ? String(c.name) : tr.c;
      return { id: ref.id, state: 'ERROR', message: `request ${tr.r} on cluster ${name} ended ${state}` };
    }
    // A request the API no longer knows (no retention is documented) is judged by the cluster alone.
    requestDone = req === undefined || REQUEST_DONE.includes(state);
  }
  const c = await getJson(http, scpPath('/v1/clusters/{cluster_id}', { cluster_id: tr.c }), signal);
  if (c === undefined) {
    return tr.t.wait === 'terminated'
      ? { id: ref.id, state: 'SUCCESS' }
      : { id: ref.id, state: 'ERROR', message: `cluster ${tr.c} disappeared` };
  }
  const state = String(c.service_state);
  if (tr.t.wait === 'terminated') return { id: ref.id, state: state === 'TERMINATED' ? 'SUCCESS' : BROKEN.has(state) ? 'ERROR' : 'IN_PROGRESS', message: BROKEN.has(state) ? `cluster ${String(c.name)} is ${state}` : undefined };
  if (BROKEN.has(state)) return { id: ref.id, state: 'ERROR', message: `cluster ${String(c.name)} is ${state}` };
  if (!requestDone || !SETTLED.has(state)) return { id: ref.id, state: 'IN_PROGRESS' };
  return { id: ref.id, state: (await visible(http, c, tr.t, signal)) ? 'SUCCESS' : 'IN_PROGRESS' };
}
