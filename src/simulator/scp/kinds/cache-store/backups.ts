// Backups: List Backup Histories (`003:205-252`), Remove Backup Histories (`003:639-683`) and Create
// Restore Cluster (`003:150-204`), which makes a NEW cluster from a backup of `{cluster_id}`; the 202
// `resource.id` is the new cluster's id (⚠A6, [INF]).
import type { Router } from '../../../router.js';
import { ok } from '../../common/errors.js';
import { arr, cidrList, int, Issues, objectShape, oneOf, queryInt, str } from '../../common/validate.js';
import type { ScpContext } from '../../context.js';
import { assertState, clusterOr404, stateInvalid } from './clusters.js';
import { BLOCK_ROLES, createTags, DAYS, HHMM, NAME, PERIOD, VOLUME_TYPES } from './patterns.js';
import { submitRequest, TRANSITIONS } from './requests.js';
import { type ClusterRecord, isoSeconds, newHexId, SIM_USER_ID } from './state.js';

/** Restore's prefix allows 16 characters where create allows 13 (⚠A9). */
const PREFIX_RESTORE = { min: 3, max: 16, pattern: /^[a-z][a-zA-Z0-9-]*$/, patternText: '^[a-z][a-zA-Z0-9\\-]*$' };

export function registerBackups(router: Router<ScpContext>): void {
  router.get('/v1/clusters/:cluster_id/backup-histories', (ctx) => {
    const c = clusterOr404(ctx);
    const all = c.backup_histories ?? [];
    // `limit` and `page` (0-based, like List Clusters; the base is not stated) [SIM].
    const limit = queryInt(ctx.query, 'limit', all.length || 1, 10_000);
    const page = queryInt(ctx.query, 'page', 0);
    return ok({ contents: all.slice(page * limit, page * limit + limit).map((h) => ({ ...h })), total_count: all.length });
  });
  router.put('/v1/clusters/:cluster_id/backup-histories', (ctx) => {
    const c = clusterOr404(ctx);
    const iss = new Issues();
    const b = objectShape(iss, ['body'], ctx.body, ['backup_history_number'], ['backup_history_number']);
    const list = b ? arr(iss, ['body', 'backup_history_number'], b.backup_history_number, { min: 1 }) ?? [] : [];
    const numbers: string[] = [];
    list.forEach((n, i) => {
      const v = str(iss, ['body', 'backup_history_number', i], n, { min: 1 });
      if (typeof v !== 'string') return;
      if (!(c.backup_histories ?? []).some((h) => h.backup_history_number === v)) iss.add(['body', 'backup_history_number', i], `no backup ${v} on cluster ${c.name}`);
      else numbers.push(v);
    });
    iss.throwIfAny();
    assertState(c, ['RUNNING'], 'remove backup histories');
    return submitRequest(ctx, c, 'remove-backup-histories', TRANSITIONS.edit, { type: 'remove-backup-histories', numbers });
  });
  router.post('/v1/clusters/:cluster_id/restore', restore);
}

function restore(ctx: ScpContext) {
  const src = clusterOr404(ctx);
  const iss = new Issues();
  const fields = ['allowable_ip_addresses', 'backup_history_number', 'backup_recovery_time', 'block_storage_groups', 'instance_name_prefix', 'maintenance_option', 'name', 'server_type_name', 'tags'];
  const b = objectShape(iss, ['body'], ctx.body, fields, ['name', 'instance_name_prefix', 'server_type_name']);
  if (!b) iss.throwIfAny();
  const body = b!;
  const name = str(iss, ['body', 'name'], body.name, NAME);
  const prefix = str(iss, ['body', 'instance_name_prefix'], body.instance_name_prefix, PREFIX_RESTORE);
  const st = str(iss, ['body', 'server_type_name'], body.server_type_name, { min: 1 });
  const valid = ctx.state.catalogue.serverTypes.filter((t) => t.product_image_type === src.product_image_type);
  if (typeof st === 'string' && !valid.some((t) => t.name === st)) {
    iss.add(['body', 'server_type_name'], `unknown server type '${st}' for ${src.product_image_type}; valid: ${valid.map((t) => t.name).join(', ')}`);
  }
  const num = str(iss, ['body', 'backup_history_number'], body.backup_history_number, { min: 1, nullable: true });
  const time = str(iss, ['body', 'backup_recovery_time'], body.backup_recovery_time, { nullable: true });
  // ⚠A10: which one wins is not stated; we require exactly one [SIM].
  if ((typeof num === 'string') === (typeof time === 'string')) {
    iss.add(['body'], 'give exactly one of backup_history_number and backup_recovery_time');
  }
  if (typeof num === 'string' && !(src.backup_histories ?? []).some((h) => h.backup_history_number === num)) {
    iss.add(['body', 'backup_history_number'], `no backup ${num} on cluster ${src.name}`);
  }
  if (typeof time === 'string') {
    const t = Date.parse(time);
    const first = (src.backup_histories ?? [])[0];
    if (!Number.isFinite(t) || !/^\d{4}-\d\d-\d\dT/.test(time)) iss.add(['body', 'backup_recovery_time'], 'Input should be a valid datetime', 'datetime_parsing');
    else if (!first || t < Date.parse(first.backup_end_at) || t > ctx.now) iss.add(['body', 'backup_recovery_time'], `no backup of cluster ${src.name} covers ${time}`);
  }
  const ips = body.allowable_ip_addresses === undefined ? [] : cidrList(iss, ['body', 'allowable_ip_addresses'], body.allowable_ip_addresses);
  const disks = arr(iss, ['body', 'block_storage_groups'], body.block_storage_groups, { nullable: true });
  const newDisks: { role_type: string; size_gb: number; volume_type: string }[] = [];
  (disks ?? []).forEach((raw, i) => {
    const loc = ['body', 'block_storage_groups', i];
    const d = objectShape(iss, loc, raw, ['role_type', 'size_gb', 'volume_type'], ['role_type', 'size_gb']);
    if (!d) return;
    const r = oneOf(iss, [...loc, 'role_type'], d.role_type, BLOCK_ROLES);
    const size = int(iss, [...loc, 'size_gb'], d.size_gb, { min: 16, max: 5120, multipleOf: 8 });
    const vt = d.volume_type === undefined ? 'SSD' : oneOf(iss, [...loc, 'volume_type'], d.volume_type, VOLUME_TYPES);
    if (r && typeof size === 'number' && vt) newDisks.push({ role_type: r, size_gb: size, volume_type: vt });
  });
  let maintenance: ClusterRecord['maintenance_option'] = { period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false };
  if (body.maintenance_option != null) {
    const mo = objectShape(iss, ['body', 'maintenance_option'], body.maintenance_option, ['period_hour', 'starting_day_of_week', 'starting_time'], ['period_hour', 'starting_day_of_week', 'starting_time']);
    const p = mo && str(iss, ['body', 'maintenance_option', 'period_hour'], mo.period_hour, PERIOD);
    const d = mo && oneOf(iss, ['body', 'maintenance_option', 'starting_day_of_week'], mo.starting_day_of_week, DAYS);
    const t = mo && str(iss, ['body', 'maintenance_option', 'starting_time'], mo.starting_time, HHMM);
    if (typeof p === 'string' && d && typeof t === 'string') maintenance = { period_hour: p, starting_day_of_week: d, starting_time: t, use_maintenance_option: true };
  }
  const tags = createTags(iss, body.tags);
  if (typeof name === 'string' && ctx.state.clusters.some((c) => c.name === name && c.service_state !== 'TERMINATED')) {
    iss.add(['body', 'name'], `a cluster named ${name} already exists`);
  }
  iss.throwIfAny();
  if (src.service_state === 'TERMINATED') throw stateInvalid(src.id, `cluster ${src.name} is TERMINATED`);

  const s = ctx.state;
  const at = isoSeconds(ctx.now);
  const copy: ClusterRecord = structuredClone(src);
  Object.assign(copy, {
    id: newHexId(s, 'cluster'), name, instance_name_prefix: prefix, created_at: at, created_by: SIM_USER_ID, modified_at: at,
    modified_by: SIM_USER_ID, role_type: 'RECOVERY', allowable_ip_addresses: ips ?? [], maintenance_option: maintenance,
    tags: tags ?? [], backup_histories: [],
  });
  delete copy.state_before_error;
  delete copy.purge_at;
  let n = 0;
  for (const g of copy.instance_groups) {
    g.id = newHexId(s, 'ig');
    if (g.role_type !== 'SENTINEL') g.server_type_name = st as string;
    if (newDisks.length > 0 && g.role_type !== 'SENTINEL') g.block_storage_groups = newDisks.map((d) => ({ ...d, id: '', name: '' }));
    g.block_storage_groups.forEach((d, i) => {
      d.id = newHexId(s, 'bsg');
      d.name = `${prefix}-${d.role_type.toLowerCase()}-${i + 1}`;
    });
    for (const i of g.instances) i.name = `${prefix}-${String(++n).padStart(3, '0')}`;
  }
  s.clusters.push(copy);
  return submitRequest(ctx, copy, 'restore', TRANSITIONS.create, { type: 'create' });
}

