// Create Cluster (`003:65-149`): the body is checked part by part (top-level fields, init_config_option,
// maintenance_option, instance_groups), every error collected and answered at once as one 400; then
// the cluster is stored in CREATING with deterministic ids, names and addresses, and a request tracks it.
import type { Reply } from '../../../reply.js';
import { arr, bool, cidrList, int, Issues, objectShape, oneOf, str } from '../../common/validate.js';
import type { ScpContext } from '../../context.js';
import { REDIS_IMAGE, VALKEY_IMAGE, type Catalogue, type EngineVersion } from './catalogue.js';
import {
  BLOCK_ROLES, createTags, DAYS, GROUP_ROLES, HHMM, HOUR, INSTANCE_ROLES, NAME, password, PERIOD, PREFIX_CREATE, RETENTION, timezone, VOLUME_TYPES,
} from './patterns.js';
import { submitRequest, TRANSITIONS } from './requests.js';
import { isoSeconds, newHexId, SIM_ACCOUNT_ID, SIM_USER_ID, type ClusterRecord, type Instance, type InstanceGroup, type ScpState } from './state.js';

const CREATE_FIELDS = [
  'allowable_ip_addresses', 'dbaas_engine_version_id', 'ha_enabled', 'init_config_option', 'instance_groups',
  'instance_name_prefix', 'maintenance_option', 'name', 'nat_enabled', 'replica_count', 'subnet_id', 'tags', 'timezone',
] as const;
const CREATE_REQUIRED = ['dbaas_engine_version_id', 'init_config_option', 'instance_groups', 'instance_name_prefix', 'name', 'subnet_id', 'timezone'];

/** The top-level fields, as checked (undefined or null where the check failed). */
interface TopFields {
  name: string | null | undefined;
  engine: EngineVersion | undefined;
  subnet: string | null | undefined;
  tz: string | undefined;
  prefix: string | null | undefined;
  ha: boolean;
  nat: boolean;
  replicas: number | null | undefined;
  ips: string[] | undefined;
  tags: { key: string; value: string | null }[] | undefined;
}

type InitConfig = ClusterRecord['init_config_option'];
type Maintenance = ClusterRecord['maintenance_option'];

export function createCluster(ctx: ScpContext): Reply {
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, CREATE_FIELDS, CREATE_REQUIRED);
  if (!b) iss.throwIfAny();
  const body = b!;
  const top = topFields(iss, body, ctx.state.catalogue);
  const init = initConfig(iss, body.init_config_option);
  const maintenance = maintenanceOption(iss, body.maintenance_option);
  const groups = instanceGroups(iss, body.instance_groups, ctx.state.catalogue, top.engine, top.nat);
  if (typeof top.name === 'string') {
    const taken = ctx.state.clusters.find((c) => c.name === top.name && c.service_state !== 'TERMINATED');
    if (taken) iss.add(['body', 'name'], `a cluster named ${top.name} already exists (${taken.id})`, 'value_error');
  }
  iss.throwIfAny();

  const cluster = newCluster(ctx.state, ctx.now, top, init, maintenance, groups);
  ctx.state.clusters.push(cluster);
  return submitRequest(ctx, cluster, 'create', TRANSITIONS.create, { type: 'create' });
}

/** name, engine version (a Cache Store image, not end of service), subnet, time zone, prefix, flags, IPs, tags. */
function topFields(iss: Issues, body: Record<string, unknown>, cat: Catalogue): TopFields {
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
  return { name, engine, subnet, tz, prefix, ha, nat, replicas, ips, tags };
}

/** init_config_option (`003:100-108`): the password (checked, never kept), ports and backup option. */
function initConfig(iss: Issues, raw: unknown): { dbPort: number | null | undefined; sentinelPort: number | null | undefined; backup: InitConfig['backup_option'] } {
  const loc = ['body', 'init_config_option'];
  const io = objectShape(iss, loc, raw, ['backup_option', 'database_port', 'database_user_password', 'sentinel_port'], ['database_user_password']);
  let dbPort: number | null | undefined;
  let sentinelPort: number | null | undefined;
  let backup = { retention_period_day: null as string | null, starting_time_hour: null as string | null };
  if (!io) return { dbPort, sentinelPort, backup };
  password(iss, [...loc, 'database_user_password'], io.database_user_password);
  dbPort = int(iss, [...loc, 'database_port'], io.database_port, { min: 1024, max: 65535, nullable: true });
  sentinelPort = int(iss, [...loc, 'sentinel_port'], io.sentinel_port, { min: 1024, max: 65535, nullable: true });
  if (typeof dbPort === 'number' && dbPort === sentinelPort) iss.add([...loc, 'sentinel_port'], 'sentinel_port must differ from database_port');
  if (io.backup_option !== undefined && io.backup_option !== null) {
    const bo = objectShape(iss, [...loc, 'backup_option'], io.backup_option, ['retention_period_day', 'starting_time_hour'], []);
    if (bo) {
      const r = str(iss, [...loc, 'backup_option', 'retention_period_day'], bo.retention_period_day, { ...RETENTION, nullable: true });
      const h = str(iss, [...loc, 'backup_option', 'starting_time_hour'], bo.starting_time_hour, { ...HOUR, nullable: true });
      const rGiven = typeof r === 'string';
      const hGiven = typeof h === 'string';
      if ((rGiven && bo.starting_time_hour == null) || (hGiven && bo.retention_period_day == null)) {
        iss.add([...loc, 'backup_option'], 'retention_period_day and starting_time_hour are set together (or both null for no backup)');
      }
      if (typeof r === 'string' && typeof h === 'string') backup = { retention_period_day: r, starting_time_hour: h };
    }
  }
  return { dbPort, sentinelPort, backup };
}

/** maintenance_option (`003:130-134`): absent or null means no maintenance window. */
function maintenanceOption(iss: Issues, raw: unknown): Maintenance {
  const none: Maintenance = { period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false };
  if (raw === undefined || raw === null) return none;
  const loc = ['body', 'maintenance_option'];
  const mo = objectShape(iss, loc, raw, ['period_hour', 'starting_day_of_week', 'starting_time'], ['period_hour', 'starting_day_of_week', 'starting_time']);
  if (!mo) return none;
  const p = str(iss, [...loc, 'period_hour'], mo.period_hour, PERIOD);
  const d = oneOf(iss, [...loc, 'starting_day_of_week'], mo.starting_day_of_week, DAYS);
  const t = str(iss, [...loc, 'starting_time'], mo.starting_time, HHMM);
  return typeof p === 'string' && d && typeof t === 'string' ? { period_hour: p, starting_day_of_week: d, starting_time: t, use_maintenance_option: true } : none;
}

/** instance_groups (`003:109-128`): roles, a server type of the engine's image, disks and instances; ids and names come later. */
function instanceGroups(iss: Issues, raw: unknown, cat: Catalogue, engine: EngineVersion | undefined, nat: boolean): InstanceGroup[] {
  const groups: InstanceGroup[] = [];
  const igs = arr(iss, ['body', 'instance_groups'], raw, { min: 1 });
  const serverTypes = cat.serverTypes.filter((t) => t.product_image_type === engine?.product_image_type);
  (igs ?? []).forEach((rawG, gi) => {
    const loc = ['body', 'instance_groups', gi];
    // `instances` is required (nullable) as the SDK's RedisInstanceGroupRequest models it [SDK].
    const g = objectShape(iss, loc, rawG, ['block_storage_groups', 'instances', 'role_type', 'server_type_name'], ['block_storage_groups', 'instances', 'role_type', 'server_type_name']);
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
  return groups;
}

/** The new cluster in CREATING: ids from the state's counter, instances and disks named after the prefix. */
function newCluster(
  s: ScpState, now: number, top: TopFields, init: ReturnType<typeof initConfig>, maintenance: Maintenance, groups: InstanceGroup[],
): ClusterRecord {
  const at = isoSeconds(now);
  const id = newHexId(s, 'cluster');
  placeInstances(s, groups, top.prefix!, top.nat, top.replicas);
  const engine = top.engine!;
  return {
    id, name: top.name!, account_id: SIM_ACCOUNT_ID, created_at: at, created_by: SIM_USER_ID, modified_at: at, modified_by: SIM_USER_ID,
    service_state: 'CREATING', role_type: 'ORIGIN', dbaas_engine_version_id: engine.id, dbaas_engine: engine.dbaas_engine,
    dbaas_engine_version_name: engine.name, software_version: engine.software_version,
    product_image_type: engine.product_image_type!, product_type: 'Redis', ha_enabled: top.ha, nat_enabled: top.nat,
    replica_count: top.replicas ?? null, instance_name_prefix: top.prefix!, subnet_id: top.subnet!, timezone: top.tz!,
    allowable_ip_addresses: top.ips ?? [],
    init_config_option: { backup_option: init.backup, database_port: init.dbPort ?? 6379, sentinel_port: init.sentinelPort ?? 26379 },
    instance_groups: groups, maintenance_option: maintenance, tags: top.tags ?? [], parameters: {}, commands: {},
    commands_updated_at: at, parameters_modified_at: at, backup_histories: [],
  };
}

/** Group and disk ids, the instances a group implies when none are given, instance names and addresses. */
function placeInstances(s: ScpState, groups: InstanceGroup[], prefix: string, nat: boolean, replicas: number | null | undefined): void {
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
}

function instanceOf(role: string, nat: boolean): Instance {
  return {
    name: '', role_type: role, service_state: 'CREATING', service_ip_address: null, public_ip_id: nat ? 'sim-public-ip' : null,
    public_ip_address: null, floating_ip_id: null,
  };
}
