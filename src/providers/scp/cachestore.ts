// Kind CacheStore: an SCP Cache Store (Redis) cluster (digest §5-§8, seed 003).
// observe: exact name over every page of List Clusters, then Show Cluster (+ List Parameter Values
// when parameters are managed); engine_version and server type names are checked against the
// catalogue at plan time. Changes go through the dedicated endpoints, one at a time, in the digest's
// order (§8): start, security-group rules, backup, maintenance, server type, disks, parameters, stop.
import { RefusedError } from '../../core/errors.js';
import { isSecret } from '../../core/secret.js';
import type { DesiredResource, LiveFacts, KindHandler, Observation } from '../../engine/provider.js';
import type { FieldDiff, Operation } from '../../engine/plan.js';
import type { HttpClient } from '../../http/types.js';
import { ApiError } from '../../core/errors.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v) && !isSecret(v);
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export const KIND = 'CacheStore';
/** DESIGN §1: the ownership tag is sent at create, but this API never returns tags. */
export const OWNERSHIP_NOTE = 'ownership not verifiable through this API';
export const PRODUCT_IMAGE_TYPES = ['Redis OSS Sentinel', 'Valkey Sentinel'];

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
    const body = isObj(res.body) ? res.body : {};
    const contents = Array.isArray(body.contents) ? body.contents.filter(isObj) : [];
    out.push(...contents);
    const count = typeof body.count === 'number' ? body.count : undefined;
    if (contents.length === 0 || contents.length < size || (count !== undefined && (page + 1) * size >= count)) break;
  }
  return out;
}

async function showCluster(http: HttpClient, id: string): Promise<Json | undefined> {
  try {
    const res = await http.request({ method: 'GET', path: `/v1/clusters/${encodeURIComponent(id)}` });
    return isObj(res.body) ? res.body : undefined;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

interface Catalogue {
  engines?: Json[];
  serverTypes?: Json[];
}

/** Live Show Cluster answer -> spec shape. */
export function specOf(c: Json, params?: Record<string, string>): Json {
  const spec: Json = {};
  if (c.software_version !== undefined) spec.engine_version = str(c.software_version);
  for (const k of ['subnet_id', 'timezone', 'ha_enabled', 'nat_enabled']) if (c[k] !== undefined && c[k] !== null) spec[k] = c[k];
  if (Array.isArray(c.allowable_ip_addresses)) spec.allowable_ip_addresses = c.allowable_ip_addresses.map(String);
  const ico = isObj(c.init_config_option) ? c.init_config_option : {};
  const init: Json = {};
  if (typeof ico.database_port === 'number') init.database_port = ico.database_port;
  if (typeof ico.sentinel_port === 'number') init.sentinel_port = ico.sentinel_port;
  const bo = isObj(ico.backup_option) ? ico.backup_option : undefined;
  init.backup_option =
    bo && bo.retention_period_day != null && bo.starting_time_hour != null
      ? { retention_period_day: String(bo.retention_period_day), starting_time_hour: String(bo.starting_time_hour) }
      : null;
  spec.init_config_option = init;
  if (Array.isArray(c.instance_groups)) {
    spec.instance_groups = c.instance_groups.filter(isObj).map((g) => ({
      role_type: g.role_type,
      server_type_name: g.server_type_name,
      block_storage_groups: (Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isObj) : []).map((b) => ({
        role_type: b.role_type,
        size_gb: b.size_gb,
        ...(b.volume_type ? { volume_type: b.volume_type } : {}),
      })),
    }));
  }
  const mo = isObj(c.maintenance_option) ? c.maintenance_option : undefined;
  spec.maintenance_option =
    mo && mo.use_maintenance_option !== false && mo.period_hour != null && mo.starting_day_of_week != null
      ? { period_hour: String(mo.period_hour), starting_day_of_week: mo.starting_day_of_week, starting_time: String(mo.starting_time) }
      : null;
  if (params) spec.parameters = params;
  if (c.service_state === 'RUNNING') spec.state = 'running';
  else if (c.service_state === 'STOPPED') spec.state = 'stopped';
  return spec;
}

/**
 * What `caretaker list` shows of a cluster, from its Show Cluster answer (`003:1028-1090`): its
 * `service_state`, and the instances' service and public IP addresses (where clients connect).
 */
export function cacheStoreFacts(raw: unknown): LiveFacts {
  const c = isObj(raw) ? raw : {};
  const endpoints: string[] = [];
  for (const g of Array.isArray(c.instance_groups) ? c.instance_groups.filter(isObj) : []) {
    for (const i of Array.isArray(g.instances) ? g.instances.filter(isObj) : []) {
      for (const ip of [i.service_ip_address, i.public_ip_address]) if (typeof ip === 'string' && ip !== '') endpoints.push(ip);
    }
  }
  return { ...(typeof c.service_state === 'string' ? { status: c.service_state } : {}), endpoints: [...new Set(endpoints)] };
}

/** Sub-resource ids of Show Cluster: instance groups and disks by role type. */
function subIds(c: Json): Json {
  const groups: Json = {};
  for (const g of Array.isArray(c.instance_groups) ? c.instance_groups.filter(isObj) : []) {
    const disks: Json = {};
    for (const b of Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isObj) : []) disks[String(b.role_type)] = b.id;
    groups[String(g.role_type)] = { id: g.id, disks };
  }
  return groups;
}

const TRANSITIONAL = new Set(['CREATING', 'STOPPING', 'STARTING', 'RESTARTING', 'EDITING', 'SYNCHRONIZING', 'UPGRADING', 'TERMINATING', 'MIGRATING']);

export function createCacheStoreHandler(http: HttpClient): KindHandler {
  const catalogue: Catalogue = {};
  const engines = async (): Promise<Json[]> => {
    if (!catalogue.engines) {
      const all: Json[] = [];
      for (const t of PRODUCT_IMAGE_TYPES) {
        const res = await http.request({ method: 'GET', path: '/v1/engine-versions', query: { product_image_type: t } });
        const b = isObj(res.body) && Array.isArray(res.body.contents) ? res.body.contents.filter(isObj) : [];
        all.push(...b);
      }
      catalogue.engines = all;
    }
    return catalogue.engines;
  };
  const serverTypes = async (): Promise<Json[]> => {
    if (!catalogue.serverTypes) {
      const res = await http.request({ method: 'GET', path: '/v1/server-types' });
      catalogue.serverTypes = isObj(res.body) && Array.isArray(res.body.contents) ? res.body.contents.filter(isObj) : [];
    }
    return catalogue.serverTypes;
  };

  /** Plan-time checks of catalogue names; returns the resolved engine version id. */
  async function checkCatalogue(d: DesiredResource): Promise<Json> {
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
    for (const g of Array.isArray(spec.instance_groups) ? spec.instance_groups.filter(isObj) : []) {
      if (!names.has(String(g.server_type_name))) {
        throw new RefusedError(
          `server_type_name ${String(g.server_type_name)} (instance group ${String(g.role_type)}) is not offered; valid values: ${[...names].sort().join(', ')}`,
          d.address,
        );
      }
    }
    return lookups;
  }

  return {
    kind: KIND, stateful: true, // a Redis cluster's data: export protects it
    async observe(d) {
      const lookups = await checkCatalogue(d);
      const found = (await listClusters(http, d.name)).filter((c) => c.name === d.name && c.service_state !== 'TERMINATED');
      if (found.length > 1) throw new RefusedError(`${found.length} clusters are named ${d.name}; caretaker cannot tell which one is managed`, d.address);
      if (found.length === 0) return { exists: false, spec: {}, lookups };
      const id = String(found[0]!.id);
      const c = await showCluster(http, id);
      if (!c || c.service_state === 'TERMINATED') return { exists: false, spec: {}, lookups };
      let params: Record<string, string> | undefined;
      const live: Json = {};
      if (isObj(d.spec.parameters)) {
        const res = await http.request({ method: 'GET', path: `/v1/clusters/${id}/parameters` });
        const contents = isObj(res.body) && Array.isArray(res.body.contents) ? res.body.contents.filter(isObj) : [];
        params = {};
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
    },
    async listOwned() {
      // DESIGN §1: this API cannot read tags, so ownership is not verifiable; prune never deletes a CacheStore.
      return [];
    },
    createOperations(d, _ctx, observed) {
      return createOps(d, observed?.lookups ?? {}, observed);
    },
    updateOperations(d, observed, diff) {
      return updateOps(d, observed, diff);
    },
    deleteOperations(_address, observed) {
      return [
        {
          method: 'DELETE',
          path: `/v1/clusters/${String(observed.id)}`,
          async: true,
          irreversible: true,
          summary: `terminate cluster ${String(observed.id)}`,
          role: 'delete',
          track: { cluster: String(observed.id), wait: 'terminated' },
        },
      ];
    },
  };
}

/**
 * A replace (engine_version has no update call) to a lower engine version is refused as the downgrade
 * it is: it would terminate the cluster and its data to create an empty one.
 */
function refuseEngineDowngrade(d: DesiredResource, observed: Observation | undefined): void {
  const [want, live] = [str(d.spec.engine_version), str(observed?.spec.engine_version)];
  if (!observed?.exists || want === undefined || live === undefined || !/^\d+(\.\d+)*$/.test(want) || !/^\d+(\.\d+)*$/.test(live)) return;
  const [a, b] = [want.split('.').map(Number), live.split('.').map(Number)];
  const cmp = a.map((x, i) => x - (b[i] ?? 0)).find((x) => x !== 0) ?? 0;
  if (cmp >= 0) return;
  throw new RefusedError(`cannot downgrade the Cache Store engine from ${live} to ${want} (spec.engine_version): a replace would terminate the cluster ` +
    'and its data to create an empty one; terminate it first, or give the older version another name', d.address, '/engine_version');
}

function createOps(d: DesiredResource, lookups: Json, observed?: Observation): Operation[] {
  refuseEngineDowngrade(d, observed);
  const s = d.spec;
  const body: Json = { name: d.name, dbaas_engine_version_id: lookups.dbaas_engine_version_id ?? s.dbaas_engine_version_id };
  for (const k of ['subnet_id', 'timezone', 'instance_name_prefix', 'ha_enabled', 'nat_enabled', 'replica_count', 'allowable_ip_addresses', 'init_config_option', 'maintenance_option']) {
    if (s[k] !== undefined) body[k] = s[k];
  }
  const replicas = typeof s.replica_count === 'number' ? s.replica_count : 0;
  body.instance_groups = (Array.isArray(s.instance_groups) ? s.instance_groups.filter(isObj) : []).map((g) => ({
    role_type: g.role_type,
    server_type_name: g.server_type_name,
    block_storage_groups: (Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isObj) : []).map((b) => ({ volume_type: 'SSD', ...b })),
    instances: Array.isArray(g.instances)
      ? g.instances
      : g.role_type === 'MASTER'
        ? [{ role_type: 'MASTER' }, ...Array.from({ length: replicas }, () => ({ role_type: 'REPLICA' }))]
        : [{ role_type: g.role_type === 'SENTINEL' ? 'SENTINEL' : 'MASTER' }],
  }));
  if (isObj(s.tags)) body.tags = Object.entries(s.tags).map(([key, value]) => ({ key, value }));
  const ops: Operation[] = [
    { method: 'POST', path: '/v1/clusters', body, async: true, irreversible: false, summary: `create cluster ${d.name}`, role: 'create', track: { wait: 'running' } },
  ];
  if (isObj(s.parameters) && Object.keys(s.parameters).length > 0) {
    // The ids and live old_value are known only after create: the provider fills them in at execute time.
    ops.push({
      method: 'PUT',
      path: '/v1/clusters/${ref:self}/parameters',
      body: { parameters: Object.entries(s.parameters).map(([name, v]) => ({ name, new_value: String(v), old_value: '(known after create)' })) },
      async: true,
      irreversible: false,
      summary: `set parameters ${Object.keys(s.parameters).join(', ')}`,
      role: 'update',
      track: { wait: 'parameters', resolveParameters: true },
    });
  }
  if (s.state === 'stopped') ops.push(powerOp('${ref:self}', 'stop'));
  return ops;
}

function powerOp(id: string, verb: 'start' | 'stop'): Operation {
  return {
    method: 'POST',
    path: `/v1/clusters/${id}/${verb}`,
    async: true,
    irreversible: false,
    summary: `${verb} cluster`,
    role: 'update',
    track: { cluster: id, wait: verb === 'start' ? 'running' : 'stopped' },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function updateOps(d: DesiredResource, observed: Observation, _diff: FieldDiff[]): Operation[] {
  const id = String(observed.id);
  const want = d.spec;
  const live = observed.spec;
  const lookups = observed.lookups ?? {};
  const ops: Operation[] = [];
  const base = `/v1/clusters/${id}`;
  const op = (method: Operation['method'], path: string, summary: string, body: unknown, track: Json): Operation => ({
    method, path, body, async: true, irreversible: false, summary, role: 'update', track: { cluster: id, ...track },
  });
  // 1. start first
  if (want.state === 'running' && live.state === 'stopped') ops.push(powerOp(id, 'start'));
  // 2. security-group rules as a delta
  if (Array.isArray(want.allowable_ip_addresses)) {
    const w = new Set(want.allowable_ip_addresses.map(String));
    const l = new Set(Array.isArray(live.allowable_ip_addresses) ? live.allowable_ip_addresses.map(String) : []);
    const add = [...w].filter((x) => !l.has(x)).sort();
    const del = [...l].filter((x) => !w.has(x)).sort();
    if (add.length + del.length > 0) {
      ops.push(op('POST', `${base}/security-group-rules`, `security-group rules +[${add.join(', ')}] -[${del.join(', ')}]`, { add_ip_addresses: add, del_ip_addresses: del }, { wait: 'ips', add, del }));
    }
  }
  // 3. backup
  const wInit = isObj(want.init_config_option) ? want.init_config_option : {};
  const lInit = isObj(live.init_config_option) ? live.init_config_option : {};
  if ('backup_option' in wInit && !same(wInit.backup_option ?? null, lInit.backup_option ?? null)) {
    if (wInit.backup_option === null) ops.push(op('DELETE', `${base}/backups`, 'unset backup', undefined, { wait: 'backup', backup: null }));
    else ops.push(op('POST', `${base}/backups`, `set backup retention ${String((wInit.backup_option as Json).retention_period_day)} d at ${String((wInit.backup_option as Json).starting_time_hour)} h`, wInit.backup_option, { wait: 'backup', backup: wInit.backup_option }));
  }
  // 4. maintenance (Set Maintenance has its own field names, ⚠A12)
  if ('maintenance_option' in want && !same(want.maintenance_option ?? null, live.maintenance_option ?? null)) {
    const m = want.maintenance_option;
    if (m === null) ops.push(op('DELETE', `${base}/maintenance`, 'unset maintenance', undefined, { wait: 'maintenance', maintenance: null }));
    else if (isObj(m)) {
      const t = String(m.starting_time);
      const body = { start_day_of_week: m.starting_day_of_week, start_time: t.slice(0, 2), start_minute: t.slice(2, 4), term_hour: m.period_hour };
      ops.push(op('POST', `${base}/maintenance`, `set maintenance ${String(m.starting_day_of_week)} ${t} for ${String(m.period_hour)} h`, body, { wait: 'maintenance', maintenance: m }));
    }
  }
  // 5. server type per instance group, 6. disks per group
  const groups = isObj(lookups.groups) ? lookups.groups : {};
  const wGroups = Array.isArray(want.instance_groups) ? want.instance_groups.filter(isObj) : [];
  const lGroups = Array.isArray(live.instance_groups) ? live.instance_groups.filter(isObj) : [];
  const diskOps: Operation[] = [];
  for (const g of wGroups) {
    const lg = lGroups.find((x) => x.role_type === g.role_type);
    const ids = groups[String(g.role_type)];
    if (!lg || !isObj(ids)) throw new RefusedError(`instance group ${String(g.role_type)} cannot be added in place (a replace is needed)`, d.address);
    if (g.server_type_name !== lg.server_type_name) {
      ops.push(op('POST', `/v1/instance-groups/${String(ids.id)}/resize`, `server type ${String(g.role_type)} ${String(lg.server_type_name)} -> ${String(g.server_type_name)}`, { server_type_name: g.server_type_name }, { wait: 'server_type', group: g.role_type, value: g.server_type_name }));
    }
    const lDisks = Array.isArray(lg.block_storage_groups) ? lg.block_storage_groups.filter(isObj) : [];
    for (const b of Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isObj) : []) {
      const lb = lDisks.find((x) => x.role_type === b.role_type);
      const diskId = isObj(ids.disks) ? ids.disks[String(b.role_type)] : undefined;
      if (!lb || diskId === undefined) throw new RefusedError(`disk ${String(g.role_type)}/${String(b.role_type)} cannot be added in place (a replace is needed)`, d.address);
      if (typeof b.size_gb === 'number' && typeof lb.size_gb === 'number' && b.size_gb !== lb.size_gb) {
        if (b.size_gb < lb.size_gb) {
          throw new RefusedError(`disk ${String(g.role_type)}/${String(b.role_type)} cannot shrink from ${lb.size_gb} to ${b.size_gb} GB (Set Block Storage Size only grows)`, d.address);
        }
        diskOps.push(op('POST', `/v1/block-storage-groups/${String(diskId)}/resize`, `disk ${String(g.role_type)}/${String(b.role_type)} ${lb.size_gb} -> ${b.size_gb} GB`, { size_gb: b.size_gb }, { wait: 'disk', group: g.role_type, disk: b.role_type, value: b.size_gb }));
      }
    }
  }
  ops.push(...diskOps);
  // 7. parameters by name with the live old_value
  if (isObj(want.parameters)) {
    const lp = isObj(live.parameters) ? live.parameters : {};
    const meta = isObj(lookups.parameters) ? lookups.parameters : {};
    const changed = Object.entries(want.parameters).filter(([k, v]) => String(v) !== lp[k]);
    if (changed.length > 0) {
      const parameters = changed.map(([k, v]) => ({ id: (meta[k] as Json | undefined)?.id, new_value: String(v), old_value: String((meta[k] as Json | undefined)?.old_value ?? '') }));
      const expect = Object.fromEntries(changed.map(([k, v]) => [k, String(v)]));
      ops.push(op('PUT', `${base}/parameters`, `parameters ${changed.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`, { parameters }, { wait: 'parameters', expect }));
    }
  }
  // 8. stop last
  if (want.state === 'stopped' && live.state === 'running') ops.push(powerOp(id, 'stop'));
  return ops;
}
