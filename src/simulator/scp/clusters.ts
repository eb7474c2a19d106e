// Cluster routes: Create (`003:65-149`), List (`003:253-311`), Show (`003:997-1090`) and Terminate
// (`003:1361-1398`). Show of an unknown id answers 404 although the seed lists none (⚠A4, [SIM]).
import type { Router } from '../router.js';
import { fieldInvalid, ok, scpNotFound, stateInvalid, type ScpContext } from './context.js';
import { REDIS_IMAGE, VALKEY_IMAGE } from './catalogue.js';
import { submitRequest, TRANSITIONAL, TRANSITIONS } from './requests.js';
import {
  findCluster, isoSeconds, newHexId, SERVICE_STATES, SIM_ACCOUNT_ID, SIM_USER_ID,
  type ClusterRecord, type InstanceGroup,
} from './state.js';
import {
  arr, bool, cidrList, DAYS, BLOCK_ROLES, GROUP_ROLES, HHMM, HOUR, INSTANCE_ROLES, int, Issues, NAME, objectShape,
  oneOf, password, PERIOD, PREFIX_CREATE, RETENTION, str, timezone, VOLUME_TYPES,
} from './validate.js';
import { clusterDetail, clusterSummary } from './views.js';

const CREATE_FIELDS = [
  'allowable_ip_addresses', 'dbaas_engine_version_id', 'ha_enabled', 'init_config_option', 'instance_groups',
  'instance_name_prefix', 'maintenance_option', 'name', 'nat_enabled', 'replica_count', 'subnet_id', 'tags', 'timezone',
] as const;
const CREATE_REQUIRED = ['dbaas_engine_version_id', 'init_config_option', 'instance_groups', 'instance_name_prefix', 'name', 'subnet_id', 'timezone'];

export function registerClusters(router: Router<ScpContext>): void {
  router.post('/v1/clusters', createCluster);
  router.get('/v1/clusters', listClusters);
  router.get('/v1/clusters/:cluster_id', (ctx) => ok(clusterDetail(clusterOr404(ctx))));
  router.delete('/v1/clusters/:cluster_id', terminateCluster);
}

/** The cluster of the `cluster_id` path parameter, or 404. */
export function clusterOr404(ctx: ScpContext): ClusterRecord {
  const id = ctx.params.cluster_id!;
  const c = findCluster(ctx.state, id, ctx.now);
  if (!c) throw scpNotFound('cluster', id);
  return c;
}

/** Mutating calls need a cluster that is not busy, and (usually) RUNNING (digest §3.3). */
export function assertState(c: ClusterRecord, allowed: readonly string[], operation: string): void {
  if (TRANSITIONAL.has(c.service_state) || c.busy_request !== undefined) {
    throw stateInvalid(c.id, `cluster ${c.name} is ${c.service_state}: another request${c.busy_request ? ` (${c.busy_request})` : ''} is in progress, ${operation} refused`);
  }
  if (!allowed.includes(c.service_state)) {
    throw stateInvalid(c.id, `cluster ${c.name} is ${c.service_state}: ${operation} needs ${allowed.join(' or ')}`);
  }
}

function createCluster(ctx: ScpContext) {
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, CREATE_FIELDS, CREATE_REQUIRED);
  if (!b) iss.throwIfAny();
  const body = b!;
  const cat = ctx.state.catalogue;

  const name = str(iss, ['body', 'name'], body.name, NAME);
  const engineId = str(iss, ['body', 'dbaas_engine_version_id'], body.dbaas_engine_version_id, { min: 1 });
  const engine = typeof engineId === 'string' ? cat.engineVersions.find((e) => e.id === engineId) : undefined;
  if (typeof engineId === 'string') {
    if (!engine || (engine.product_image_type !== REDIS_IMAGE && engine.product_image_type !== VALKEY_IMAGE)) {
      iss.add(['body', 'dbaas_engine_version_id'], `unknown Cache Store engine version id '${engineId}' (see GET /v1/engine-versions)`);
    } else if (engine.end_of_service) {
      iss.add(['body', 'dbaas_engine_version_id'], `engine version ${engine.name} is end of service`);
    }
  }
  const subnet = str(iss, ['body', 'subnet_id'], body.subnet_id, { min: 1 });
  const tz = timezone(iss, ['body', 'timezone'], body.timezone);
  const prefix = str(iss, ['body', 'instance_name_prefix'], body.instance_name_prefix, PREFIX_CREATE);
  const ha = bool(iss, ['body', 'ha_enabled'], body.ha_enabled) ?? false;
  const nat = bool(iss, ['body', 'nat_enabled'], body.nat_enabled) ?? false;
  const replicas = int(iss, ['body', 'replica_count'], body.replica_count, { min: 0, max: 2, nullable: true });
  const ips = body.allowable_ip_addresses === undefined ? [] : cidrList(iss, ['body', 'allowable_ip_addresses'], body.allowable_ip_addresses);
  const tags = createTags(iss, body.tags);

  // init_config_option (`003:100-108`)
  const io = objectShape(iss, ['body', 'init_config_option'], body.init_config_option,
    ['backup_option', 'database_port', 'database_user_password', 'sentinel_port'], ['database_user_password']);
  let dbPort: number | null | undefined;
  let sentinelPort: number | null | undefined;
  let backup = { retention_period_day: null as string | null, starting_time_hour: null as string | null };
  if (io) {
    password(iss, ['body', 'init_config_option', 'database_user_password'], io.database_user_password);
    dbPort = int(iss, ['body', 'init_config_option', 'database_port'], io.database_port, { min: 1024, max: 65535, nullable: true });
    sentinelPort = int(iss, ['body', 'init_config_option', 'sentinel_port'], io.sentinel_port, { min: 1024, max: 65535, nullable: true });
    if (typeof dbPort === 'number' && dbPort === sentinelPort) iss.add(['body', 'init_config_option', 'sentinel_port'], 'sentinel_port must differ from database_port');
    if (io.backup_option !== undefined && io.backup_option !== null) {
      const bo = objectShape(iss, ['body', 'init_config_option', 'backup_option'], io.backup_option, ['retention_period_day', 'starting_time_hour'], []);
      if (bo) {
        const r = str(iss, ['body', 'init_config_option', 'backup_option', 'retention_period_day'], bo.retention_period_day, { ...RETENTION, nullable: true });
        const h = str(iss, ['body', 'init_config_option', 'backup_option', 'starting_time_hour'], bo.starting_time_hour, { ...HOUR, nullable: true });
        const rGiven = typeof r === 'string';
        const hGiven = typeof h === 'string';
        if ((rGiven && bo.starting_time_hour == null) || (hGiven && bo.retention_period_day == null)) {
          iss.add(['body', 'init_config_option', 'backup_option'], 'retention_period_day and starting_time_hour are set together (or both null for no backup)');
        }
        if (typeof r === 'string' && typeof h === 'string') backup = { retention_period_day: r, starting_time_hour: h };
      }
    }
  }

  // maintenance_option (`003:130-134`)
  let maintenance: ClusterRecord['maintenance_option'] = { period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false };
  if (body.maintenance_option !== undefined && body.maintenance_option !== null) {
    const mo = objectShape(iss, ['body', 'maintenance_option'], body.maintenance_option,
      ['period_hour', 'starting_day_of_week', 'starting_time'], ['period_hour', 'starting_day_of_week', 'starting_time']);
    if (mo) {
      const p = str(iss, ['body', 'maintenance_option', 'period_hour'], mo.period_hour, PERIOD);
      const d = oneOf(iss, ['body', 'maintenance_option', 'starting_day_of_week'], mo.starting_day_of_week, DAYS);
      const t = str(iss, ['body', 'maintenance_option', 'starting_time'], mo.starting_time, HHMM);
      if (typeof p === 'string' && d && typeof t === 'string') maintenance = { period_hour: p, starting_day_of_week: d, starting_time: t, use_maintenance_option: true };
    }
  }

  // instance_groups (`003:109-128`)
  const groups: InstanceGroup[] = [];
  const igs = arr(iss, ['body', 'instance_groups'], body.instance_groups, { min: 1 });
  const serverTypes = cat.serverTypes.filter((t) => t.product_image_type === engine?.product_image_type);
  (igs ?? []).forEach((raw, gi) => {
    const loc = ['body', 'instance_groups', gi];
    const g = objectShape(iss, loc, raw, ['block_storage_groups', 'instances', 'role_type', 'server_type_name'], ['block_storage_groups', 'role_type', 'server_type_name']);
    if (!g) return;
    const role = oneOf(iss, [...loc, 'role_type'], g.role_type, GROUP_ROLES);
    const st = str(iss, [...loc, 'server_type_name'], g.server_type_name, { min: 1 });
    if (typeof st === 'string' && engine && !serverTypes.some((t) => t.name === st)) {
      iss.add([...loc, 'server_type_name'], `unknown server type '${st}' for ${engine.product_image_type}; valid: ${serverTypes.map((t) => t.name).join(', ')}`);
    }
    const disks = arr(iss, [...loc, 'block_storage_groups'], g.block_storage_groups, { min: 1 }) ?? [];
    const ig: InstanceGroup = { id: '', role_type: role ?? '', server_type_name: typeof st === 'string' ? st : '', block_storage_groups: [], instances: [] };
    disks.forEach((rawD, di) => {
      const dl = [...loc, 'block_storage_groups', di];
      const d = objectShape(iss, dl, rawD, ['role_type', 'size_gb', 'volume_type'], ['role_type', 'size_gb']);
      if (!d) return;
      const dr = oneOf(iss, [...dl, 'role_type'], d.role_type, BLOCK_ROLES);
      const size = int(iss, [...dl, 'size_gb'], d.size_gb, { min: 56, max: 5120, multipleOf: 8 });
      const vt = d.volume_type === undefined ? 'SSD' : oneOf(iss, [...dl, 'volume_type'], d.volume_type, VOLUME_TYPES);
      if (dr && typeof size === 'number' && vt) ig.block_storage_groups.push({ id: '', name: '', role_type: dr, size_gb: size, volume_type: vt });
    });
    const insts = arr(iss, [...loc, 'instances'], g.instances, { nullable: true });
    (insts ?? []).forEach((rawI, ii) => {
      const il = [...loc, 'instances', ii];
      const inst = objectShape(iss, il, rawI, ['public_ip_id', 'role_type', 'service_ip_address'], ['role_type']);
      if (!inst) return;
      const ir = oneOf(iss, [...il, 'role_type'], inst.role_type, INSTANCE_ROLES);
      const sip = str(iss, [...il, 'service_ip_address'], inst.service_ip_address, { nullable: true });
      const pip = str(iss, [...il, 'public_ip_id'], inst.public_ip_id, { nullable: true });
      if (nat && !pip) iss.add([...il, 'public_ip_id'], 'public_ip_id is required when nat_enabled is true');
      if (ir) ig.instances.push({ name: '', role_type: ir, service_state: 'CREATING', service_ip_address: sip ?? null, public_ip_id: pip ?? null, public_ip_address: null, floating_ip_id: null });
    });
    groups.push(ig);
  });

  if (typeof name === 'string') {
    const taken = ctx.state.clusters.find((c) => c.name === name && c.service_state !== 'TERMINATED');
    if (taken) iss.add(['body', 'name'], `a cluster named ${name} already exists (${taken.id})`, 'value_error');
  }
  iss.throwIfAny();

  const s = ctx.state;
  const at = isoSeconds(ctx.now);
  const id = newHexId(s, 'cluster');
  let n = 0;
  let octet = 10 + (s.nextSeq % 200);
  for (const g of groups) {
    g.id = newHexId(s, 'ig');
    if (g.instances.length === 0) {
      // No instances given: one per role the group implies, plus the replicas [SIM].
      const role = g.role_type === 'SENTINEL' ? 'SENTINEL' : 'MASTER';
      g.instances.push(instanceOf(role, nat));
      if (g.role_type === 'MASTER_REPLICA') for (let r = 0; r < (replicas ?? 1); r++) g.instances.push(instanceOf('REPLICA', nat));
    }
    for (const i of g.instances) {
      n++;
      i.name = `${prefix}-${String(n).padStart(3, '0')}`;
      i.service_ip_address ??= `192.168.${s.nextSeq % 250}.${octet++ % 250}`;
      if (i.public_ip_id) i.public_ip_address = `203.0.113.${octet % 250}`;
    }
    g.block_storage_groups.forEach((d, di) => {
      d.id = newHexId(s, 'bsg');
      d.name = `${prefix}-${d.role_type.toLowerCase()}-${di + 1}`;
    });
  }
  const cluster: ClusterRecord = {
    id, name: name!, account_id: SIM_ACCOUNT_ID, created_at: at, created_by: SIM_USER_ID, modified_at: at, modified_by: SIM_USER_ID,
    service_state: 'CREATING', role_type: 'ORIGIN', dbaas_engine_version_id: engine!.id, dbaas_engine: engine!.dbaas_engine,
    dbaas_engine_version_name: engine!.name, software_version: engine!.software_version,
    product_image_type: engine!.product_image_type!, product_type: 'Redis', ha_enabled: ha, nat_enabled: nat,
    replica_count: replicas ?? null, instance_name_prefix: prefix!, subnet_id: subnet!, timezone: tz!,
    allowable_ip_addresses: ips ?? [],
    init_config_option: { backup_option: backup, database_port: dbPort ?? 6379, sentinel_port: sentinelPort ?? 26379 },
    instance_groups: groups, maintenance_option: maintenance, tags: tags ?? [], parameters: {}, commands: {},
    commands_updated_at: at, parameters_modified_at: at, backup_histories: [],
  };
  s.clusters.push(cluster);
  return submitRequest(ctx, cluster, 'create', TRANSITIONS.create, { type: 'create' });
}

function instanceOf(role: string, nat: boolean) {
  return {
    name: '', role_type: role, service_state: 'CREATING' as const, service_ip_address: null, public_ip_id: nat ? 'sim-public-ip' : null,
    public_ip_address: null, floating_ip_id: null,
  };
}

export function createTags(iss: Issues, v: unknown): { key: string; value: string | null }[] | undefined {
  const list = arr(iss, ['body', 'tags'], v, { nullable: true });
  if (!list) return undefined;
  const out: { key: string; value: string | null }[] = [];
  list.forEach((t, i) => {
    const o = objectShape(iss, ['body', 'tags', i], t, ['key', 'value'], ['key']);
    if (!o) return;
    const k = str(iss, ['body', 'tags', i, 'key'], o.key, { min: 1, max: 128 });
    const val = str(iss, ['body', 'tags', i, 'value'], o.value, { max: 256, nullable: true });
    if (typeof k === 'string') out.push({ key: k, value: val ?? null });
  });
  return out;
}

const SORT = /^(name|service_state|created_at):(asc|desc)$/;

/** Parses an optional integer query parameter; 400 when it is not a non-negative integer. */
export function queryInt(ctx: ScpContext, name: string, def: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw fieldInvalid(['query', name], `Input should be an integer between 0 and ${max}`, 'int_parsing');
  return Number(raw);
}

function listClusters(ctx: ScpContext) {
  const size = queryInt(ctx, 'size', 20, 10_000);
  const page = queryInt(ctx, 'page', 0);
  const sort = ctx.query.get('sort') || 'name:asc';
  if (!SORT.test(sort)) throw fieldInvalid(['query', 'sort'], `String should match pattern '${SORT.source}'`, 'string_pattern_mismatch');
  const name = ctx.query.get('name');
  const state = ctx.query.get('service_state');
  if (state && !(SERVICE_STATES as readonly string[]).includes(state)) throw fieldInvalid(['query', 'service_state'], `Input should be one of ${SERVICE_STATES.join(', ')}`, 'enum');
  // `name` is a case-insensitive substring match (⚠A15; DESIGN: "a substring match") [SIM].
  let rows = ctx.state.clusters.filter((c) => findCluster(ctx.state, c.id, ctx.now));
  if (name) rows = rows.filter((c) => c.name.toLowerCase().includes(name.toLowerCase()));
  if (state) rows = rows.filter((c) => c.service_state === state);
  const [field, dir] = sort.split(':') as ['name' | 'service_state' | 'created_at', 'asc' | 'desc'];
  rows = [...rows].sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id < b.id ? -1 : 1) * (dir === 'asc' ? 1 : -1));
  // `count` is the number of matches over all pages (⚠A13) [SIM].
  return ok({ contents: rows.slice(page * size, page * size + size).map(clusterSummary), count: rows.length, page, size, sort: [sort] });
}

function terminateCluster(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  if (c.service_state === 'TERMINATED') throw stateInvalid(c.id, `cluster ${c.name} is already TERMINATED`);
  assertState(c, ['RUNNING', 'STOPPED', 'ERROR', 'FAILED', 'UNKNOWN'], 'terminate');
  return submitRequest(ctx, c, 'terminate', TRANSITIONS.terminate, { type: 'terminate' });
}

