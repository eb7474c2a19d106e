// Reading the Cache Store kind (digest §5-§7): a cluster is found by exact name over every page of
// List Clusters, then read with Show Cluster (+ List Parameter Values when parameters are managed),
// its engine version and server types checked against the catalogue first (catalogue.ts).
import { dict, type Dict } from '../../../../core/dict.js';
import { ApiError, RefusedError } from '../../../../core/errors.js';
import { isObject, isSpecObject } from '../../../../core/objects.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import type { HttpClient } from '../../../../http/types.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export const KIND = 'CacheStore';
/** DESIGN §1: the ownership tag is sent at create, but this API never returns tags. */
export const OWNERSHIP_NOTE = 'ownership not verifiable through this API';

/** Every cluster summary of List Clusters (0-based pages; stops on an empty page or when count is reached). */
export async function listClusters(http: HttpClient, name?: string): Promise<Json[]> {
  const out: Json[] = [];
  const size = 100;
  for (let page = 0; page < 10_000; page++) {
    const query: Record<string, string | number> = {};
    if (name !== undefined) query.name = name;
    query.page = page;
    query.size = size;
    const res = await http.request({ method: 'GET', path: '/v1/clusters', query });
    const body = isObject(res.body) ? res.body : {};
    const contents = Array.isArray(body.contents) ? body.contents.filter(isObject) : [];
    out.push(...contents);
    const count = typeof body.count === 'number' ? body.count : undefined;
    if (contents.length === 0 || contents.length < size || (count !== undefined && (page + 1) * size >= count)) break;
  }
  return out;
}

async function showCluster(http: HttpClient, id: string): Promise<Json | undefined> {
  try {
    const res = await http.request({ method: 'GET', path: `/v1/clusters/${encodeURIComponent(id)}` });
    return isObject(res.body) ? res.body : undefined;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/** Live Show Cluster answer -> spec shape. */
export function specOf(c: Json, params?: Record<string, string>): Json {
  const spec: Json = {};
  if (c.software_version !== undefined) spec.engine_version = str(c.software_version);
  for (const k of ['subnet_id', 'timezone', 'ha_enabled', 'nat_enabled'] as const) if (c[k] !== undefined && c[k] !== null) spec[k] = c[k];
  if (Array.isArray(c.allowable_ip_addresses)) spec.allowable_ip_addresses = c.allowable_ip_addresses.map(String);
  const ico = isObject(c.init_config_option) ? c.init_config_option : {};
  const init: Json = {};
  if (typeof ico.database_port === 'number') init.database_port = ico.database_port;
  if (typeof ico.sentinel_port === 'number') init.sentinel_port = ico.sentinel_port;
  const bo = isObject(ico.backup_option) ? ico.backup_option : undefined;
  init.backup_option =
    bo && bo.retention_period_day != null && bo.starting_time_hour != null
      ? { retention_period_day: String(bo.retention_period_day), starting_time_hour: String(bo.starting_time_hour) }
      : null;
  spec.init_config_option = init;
  if (Array.isArray(c.instance_groups)) {
    spec.instance_groups = c.instance_groups.filter(isObject).map((g) => ({
      role_type: g.role_type,
      server_type_name: g.server_type_name,
      block_storage_groups: (Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isObject) : []).map((b) => ({
        role_type: b.role_type,
        size_gb: b.size_gb,
        ...(b.volume_type ? { volume_type: b.volume_type } : {}),
      })),
    }));
  }
  const mo = isObject(c.maintenance_option) ? c.maintenance_option : undefined;
  spec.maintenance_option =
    mo && mo.use_maintenance_option !== false && mo.period_hour != null && mo.starting_day_of_week != null
      ? { period_hour: String(mo.period_hour), starting_day_of_week: mo.starting_day_of_week, starting_time: String(mo.starting_time) }
      : null;
  if (params) spec.parameters = params;
  if (c.service_state === 'RUNNING') spec.state = 'running';
  else if (c.service_state === 'STOPPED') spec.state = 'stopped';
  return spec;
}

/** Sub-resource ids of Show Cluster: instance groups and disks by role type. */
function subIds(c: Json): Json {
  // Keyed by the API's role types: null-prototype maps.
  const groups = dict<unknown>();
  for (const g of Array.isArray(c.instance_groups) ? c.instance_groups.filter(isObject) : []) {
    const disks = dict<unknown>();
    for (const b of Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isObject) : []) disks[String(b.role_type)] = b.id;
    groups[String(g.role_type)] = { id: g.id, disks };
  }
  return groups;
}

const TRANSITIONAL = new Set(['CREATING', 'STOPPING', 'STARTING', 'RESTARTING', 'EDITING', 'SYNCHRONIZING', 'UPGRADING', 'TERMINATING', 'MIGRATING']);

/** Observes one cluster by name; a cluster being terminated, or gone, does not exist. */
export async function observeCluster(http: HttpClient, d: DesiredResource, checkCatalogue: (d: DesiredResource) => Promise<Json>): Promise<Observation> {
  const lookups = await checkCatalogue(d);
  const found = (await listClusters(http, d.name)).filter((c) => c.name === d.name && c.service_state !== 'TERMINATED');
  if (found.length > 1) throw new RefusedError(`${found.length} clusters are named ${d.name}; caretaker cannot tell which one is managed`, d.address);
  if (found.length === 0) return { exists: false, spec: {}, lookups };
  const id = String(found[0]!.id);
  const c = await showCluster(http, id);
  if (!c || c.service_state === 'TERMINATED') return { exists: false, spec: {}, lookups };
  let params: Dict<string> | undefined; // parameter names are data: null-prototype maps
  const live = dict<unknown>();
  if (isSpecObject(d.spec.parameters)) {
    const res = await http.request({ method: 'GET', path: `/v1/clusters/${id}/parameters` });
    const contents = isObject(res.body) && Array.isArray(res.body.contents) ? res.body.contents.filter(isObject) : [];
    params = dict();
    for (const name of Object.keys(d.spec.parameters)) {
      const p = contents.find((x) => x.name === name);
      if (!p) {
        throw new RefusedError(`parameter ${name} does not exist on this cluster; valid names: ${contents.map((x) => String(x.name)).sort().join(', ')}`, d.address);
      }
      params[name] = String(p.applied_value ?? '');
      live[name] = { id: p.id, old_value: p.applied_value ?? '' };
    }
  }
  const state = String(c.service_state);
  const pending = TRANSITIONAL.has(state) ? [{ id: JSON.stringify({ c: id, w: 'settled' }), resourceId: id }] : undefined;
  return {
    exists: true,
    id,
    ownershipUnverifiable: OWNERSHIP_NOTE,
    spec: specOf(c, params),
    pending,
    raw: c,
    lookups: { ...lookups, groups: subIds(c), parameters: live, service_state: state },
  };
}
