// The `scp` provider (Samsung Cloud Platform Cache Store API 1.0): kind CacheStore over one signed
// HttpClient. An async call answers 202 {request_id, resource.id}; it is done when Show Request
// has ended AND Show Cluster shows the requested change with the cluster settled (digest §8).
import { ApiError, ConfigError } from '../../core/errors.js';
import type { ActionRef, ActionStatus, ExecuteResult, Provider } from '../../engine/provider.js';
import type { Operation } from '../../engine/plan.js';
import type { HttpClient } from '../../http/types.js';
import { createCacheStoreHandler, specOf, cacheStoreFacts } from './cachestore.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

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

async function getJson(http: HttpClient, path: string, signal?: AbortSignal): Promise<Json | undefined> {
  try {
    const res = await http.request({ method: 'GET', path, signal });
    return isObj(res.body) ? res.body : {};
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/** Fills a post-create parameter call with the parameter ids and live values (old_value). */
async function resolveParameters(http: HttpClient, op: Operation, signal?: AbortSignal): Promise<Operation> {
  const live = await getJson(http, op.path, signal);
  const contents = live && Array.isArray(live.contents) ? live.contents.filter(isObj) : [];
  const wanted = isObj(op.body) && Array.isArray(op.body.parameters) ? op.body.parameters.filter(isObj) : [];
  const parameters = wanted.map((p) => {
    const hit = contents.find((c) => c.name === p.name);
    if (!hit) throw new ConfigError(`parameter ${String(p.name)} does not exist on the new cluster`);
    return { id: hit.id, new_value: p.new_value, old_value: String(hit.applied_value ?? '') };
  });
  const expect = Object.fromEntries(wanted.map((p) => [String(p.name), String(p.new_value)]));
  return { ...op, body: { parameters }, track: { ...op.track, expect } };
}

function clusterOf(op: Operation): string | undefined {
  const t = op.track?.cluster;
  if (typeof t === 'string' && !t.includes('${')) return t;
  const m = /^\/v1\/clusters\/([^/]+)/.exec(op.path);
  return m ? m[1] : undefined;
}

export async function executeScp(http: HttpClient, op: Operation, signal?: AbortSignal): Promise<ExecuteResult> {
  const sent = op.track?.resolveParameters ? await resolveParameters(http, op, signal) : op;
  const res = await http.request({
    method: sent.method,
    path: sent.path,
    body: sent.body,
    idempotent: sent.method !== 'POST' && sent.method !== 'PATCH',
    signal,
  });
  const body = isObj(res.body) ? res.body : {};
  const resourceId = isObj(body.resource) && body.resource.id !== undefined ? String(body.resource.id) : undefined;
  const cluster = sent.role === 'create' ? resourceId : clusterOf(sent);
  if (!cluster) return { actions: [], finished: [] };
  const { resolveParameters: _r, cluster: _c, ...t } = sent.track ?? {};
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
    if (isObj(v) && typeof v.c === 'string') return { r: typeof v.r === 'string' ? v.r : undefined, c: v.c, t: isObj(v.t) ? v.t : { wait: v.w } };
  } catch {
    /* not ours */
  }
  return undefined;
}

const norm = (v: unknown): string => JSON.stringify(v ?? null);

/** Whether Show Cluster (and the parameters) show the change the call asked for. */
async function changeVisible(http: HttpClient, c: Json, t: Json, signal?: AbortSignal): Promise<boolean> {
  const spec = specOf(c);
  const state = String(c.service_state);
  switch (t.wait) {
    case 'running':
      return state === 'RUNNING';
    case 'stopped':
      return state === 'STOPPED';
    case 'ips': {
      const live = new Set(Array.isArray(c.allowable_ip_addresses) ? c.allowable_ip_addresses.map(String) : []);
      return (t.add as string[]).every((x) => live.has(x)) && !(t.del as string[]).some((x) => live.has(x));
    }
    case 'backup':
      return norm((spec.init_config_option as Json).backup_option) === norm(t.backup);
    case 'maintenance':
      return norm(spec.maintenance_option) === norm(t.maintenance);
    case 'server_type': {
      const g = (spec.instance_groups as Json[] | undefined)?.find((x) => x.role_type === t.group);
      return g?.server_type_name === t.value;
    }
    case 'disk': {
      const g = (spec.instance_groups as Json[] | undefined)?.find((x) => x.role_type === t.group);
      const b = (g?.block_storage_groups as Json[] | undefined)?.find((x) => x.role_type === t.disk);
      return b?.size_gb === t.value;
    }
    case 'parameters': {
      const p = await getJson(http, `/v1/clusters/${String(c.id)}/parameters`, signal);
      const contents = p && Array.isArray(p.contents) ? p.contents.filter(isObj) : [];
      const expect = isObj(t.expect) ? t.expect : {};
      return Object.entries(expect).every(([k, v]) => String(contents.find((x) => x.name === k)?.applied_value) === v);
    }
    default:
      return true; // 'settled': a transitional state left by an earlier run
  }
}

async function pollOne(http: HttpClient, ref: ActionRef, signal?: AbortSignal): Promise<ActionStatus | undefined> {
  const tr = parseRef(ref.id);
  if (!tr) return undefined;
  let requestDone = tr.r === undefined;
  if (tr.r !== undefined) {
    const req = await getJson(http, `/v1/requests/${encodeURIComponent(tr.r)}`, signal);
    const state = String(req?.state ?? '').toUpperCase();
    if (REQUEST_FAILED.includes(state)) {
      const c = await getJson(http, `/v1/clusters/${tr.c}`, signal);
      const name = c?.name !== undefined ? String(c.name) : tr.c;
      return { id: ref.id, state: 'ERROR', message: `request ${tr.r} on cluster ${name} ended ${state}` };
    }
    // A request the API no longer knows (no retention is documented) is judged by the cluster alone.
    requestDone = req === undefined || REQUEST_DONE.includes(state);
  }
  const c = await getJson(http, `/v1/clusters/${tr.c}`, signal);
  if (c === undefined) {
    return tr.t.wait === 'terminated'
      ? { id: ref.id, state: 'SUCCESS' }
      : { id: ref.id, state: 'ERROR', message: `cluster ${tr.c} disappeared` };
  }
  const state = String(c.service_state);
  if (tr.t.wait === 'terminated') return { id: ref.id, state: state === 'TERMINATED' ? 'SUCCESS' : BROKEN.has(state) ? 'ERROR' : 'IN_PROGRESS', message: BROKEN.has(state) ? `cluster ${String(c.name)} is ${state}` : undefined };
  if (BROKEN.has(state)) return { id: ref.id, state: 'ERROR', message: `cluster ${String(c.name)} is ${state}` };
  if (!requestDone || !SETTLED.has(state)) return { id: ref.id, state: 'IN_PROGRESS' };
  return { id: ref.id, state: (await changeVisible(http, c, tr.t, signal)) ? 'SUCCESS' : 'IN_PROGRESS' };
}

export function createScpProvider(opts: { http: HttpClient }): Provider {
  const { http } = opts;
  const handler = createCacheStoreHandler(http);
  return {
    name: 'scp',
    kinds: () => [handler.kind],
    handler: (kind) => (kind === handler.kind ? handler : undefined),
    execute: (op, signal) => executeScp(http, op, signal),
    liveFacts: (_kind, o) => cacheStoreFacts(o.raw),
    async pollActions(refs, signal) {
      const out = new Map<string, ActionStatus>();
      // One cluster at a time is all the engine ever sends per change; polls stay sequential.
      for (const ref of refs) {
        const s = await pollOne(http, ref, signal);
        if (s) out.set(ref.id, s);
      }
      return out;
    },
    requestCount: () => http.requestCount,
  };
}
